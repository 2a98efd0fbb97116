package spatial

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/workgate"
)

func plannerCtx() context.Context {
	return quartier.WithActor(context.Background(), &quartier.Actor{Login: "planung", Name: "Planung",
		Grants: []quartier.Grant{{Role: quartier.RolePlanner, Scope: quartier.Scope{Kind: quartier.ScopeAll}}}})
}

func checkAreas(a *Service, ctx context.Context, in io.Reader) (*ImportReport, error) {
	return a.ImportAreas(ctx, ImportAreasRequest{Layer: LayerSpec{Code: "pruefung", Name: "Prüfung", Kind: quartier.LayerImported},
		Input: in, CodeProperty: "code", DryRun: true})
}

// blanks is n spaces or newlines, made on the fly.
type blanks struct {
	c byte
	n int
}

func (b *blanks) Read(p []byte) (int, error) {
	if b.n == 0 {
		return 0, io.EOF
	}
	n := min(len(p), b.n)
	for i := range p[:n] {
		p[i] = b.c
	}
	b.n -= n
	return n, nil
}

const checkHead = `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:25833"}},"features":[`

// gridFeature is the square of cell (r, c) of the test grid.
func gridFeature(code string, r, c int) string {
	x0, y0 := gridX0+float64(c)*cell, gridY0+float64(r)*cell
	return fmt.Sprintf(`{"type":"Feature","properties":{"code":%q},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}`,
		code, x0, y0, x0+cell, y0, x0+cell, y0+cell, x0, y0+cell, x0, y0)
}

func tooLarge(rep *ImportReport) string {
	if rep == nil {
		return ""
	}
	for _, p := range rep.Problems {
		if p.Kind == quartier.ProblemTooLarge {
			return p.Message
		}
	}
	return ""
}

// TestAreaCheckLimitsFollowPermission: anyone may check a file, within
// the public limits; whoever may import areas gets the higher ones, and
// the refusal tells a visitor so.
func TestAreaCheckLimitsFollowPermission(t *testing.T) {
	a := newApp(t)
	// 17 MB: a valid file of two squares padded with blanks.
	padded := func() io.Reader {
		return io.MultiReader(strings.NewReader(checkHead+gridFeature("a", 0, 0)+","), &blanks{' ', 17 << 20}, strings.NewReader(gridFeature("b", 0, 1)+"]}"))
	}
	// Six squares of 42,001 positions each, but only four corners: squares
	// drawn slowly, 252,006 vertices as read, 30 as kept.
	slow := func() io.Reader {
		rs := []io.Reader{strings.NewReader(checkHead)}
		for i := range 6 {
			x0, y0 := gridX0+float64(i%3)*cell, gridY0+float64(i/3)*cell
			if i > 0 {
				rs = append(rs, strings.NewReader(","))
			}
			rs = append(rs, strings.NewReader(fmt.Sprintf(`{"type":"Feature","properties":{"code":"s%d"},"geometry":{"type":"Polygon","coordinates":[[`, i)))
			for _, p := range [][2]float64{{0, 0}, {1, 0}, {1, 1}, {0, 1}} {
				rs = append(rs, strings.NewReader(strings.Repeat(fmt.Sprintf("[%g,%g],", x0+p[0]*cell, y0+p[1]*cell), 10_500)))
			}
			rs = append(rs, strings.NewReader(fmt.Sprintf("[%g,%g]]]}}", x0, y0)))
		}
		return io.MultiReader(append(rs, strings.NewReader("]}"))...)
	}
	for _, c := range []struct {
		name  string
		input func() io.Reader
		want  string
	}{
		{"17 MB", padded, "zu groß (höchstens 16 MB)"},
		{"252,006 vertices", slow, "mehr als 250.000 Punkte"},
	} {
		rep, err := checkAreas(a, context.Background(), c.input())
		if msg := tooLarge(rep); err == nil || !strings.Contains(msg, c.want) || !strings.Contains(msg, "„Ebenen und Straßenverzeichnis einspielen“ gelten höhere Grenzen (256 MB, 4.000.000 Punkte)") {
			t.Errorf("%s, anonymous: want a refusal naming %q and the higher limits, got %q (%v)", c.name, c.want, msg, err)
		}
		rep, err = checkAreas(a, plannerCtx(), c.input())
		if err != nil || rep.Features == 0 {
			t.Errorf("%s, planner: %v %v", c.name, err, rep)
		}
	}
}

// TestPublicChecksQueue: public checks run one per two cores at a time,
// so visitors can neither take every core nor add up memory; a check that
// finds no place in time is refused.
func TestPublicChecksQueue(t *testing.T) {
	a := newApp(t)
	for range maxPublicChecks {
		if err := a.publicChecks.Enter(context.Background(), 1); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if rep, err := checkAreas(a, ctx, strings.NewReader(checkHead+gridFeature("a", 0, 0)+"]}")); err == nil || rep != nil {
		t.Fatalf("a public check ran beside %d others: %v", maxPublicChecks, err)
	}
	// Whoever may import is not queued behind visitors.
	if _, err := checkAreas(a, plannerCtx(), strings.NewReader(checkHead+gridFeature("a", 0, 0)+"]}")); err != nil {
		t.Fatal(err)
	}
	a.publicChecks.Leave(1)
	if _, err := checkAreas(a, context.Background(), strings.NewReader(checkHead+gridFeature("a", 0, 0)+"]}")); err != nil {
		t.Fatal(err)
	}
}

// peakLive runs f and returns the largest live heap a garbage collection
// found while it ran, less the live heap before: what f held at its peak.
// Collections run often meanwhile, so that little happens between two.
func peakLive(f func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	live := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	runtime.GC()
	base := live()
	var peak atomic.Uint64
	var stop atomic.Bool
	// A finalizer runs after each collection that finds its object dead;
	// re-armed, it samples every cycle.
	var arm func()
	arm = func() {
		runtime.SetFinalizer(new([64]byte), func(*[64]byte) {
			for v := live(); v > peak.Load(); {
				if peak.CompareAndSwap(peak.Load(), v) {
					break
				}
			}
			if !stop.Load() {
				arm()
			}
		})
	}
	arm()
	f()
	stop.Store(true)
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// publicCheckPeak is the stated bound of the live heap of a public check
// of a typical file at the public limits (areas side by side). Overlapping
// areas cost more while validating (README: measured figures).
const publicCheckPeak = 96 << 20

// TestPublicCheckMemoryBound checks a file at the public limits as
// visitors may send it (250 areas of 1,000 vertices, pretty-printed,
// padded with blank lines to 15 MB) and holds the check, reading and
// validation, to publicCheckPeak.
func TestPublicCheckMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("validates 250,000 vertices")
	}
	a := newApp(t)
	var b strings.Builder
	b.WriteString(checkHead + "\n")
	for i := range 250 {
		if i > 0 {
			b.WriteString(",\n")
		}
		cx, cy := gridX0+float64(i%16)*300, gridY0+float64(i/16)*300
		fmt.Fprintf(&b, "  {\"type\": \"Feature\", \"properties\": {\"code\": \"f%d\"},\n   \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[\n", i)
		for k := 0; k <= 999; k++ {
			ang := 2 * math.Pi * float64(k%999) / 999
			if k > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, "      [%.3f, %.3f]", cx+100*math.Cos(ang), cy+100*math.Sin(ang))
		}
		b.WriteString("\n   ]]}}")
	}
	text := b.String()
	pad := 15<<20 - len(text)
	var rep *ImportReport
	var err error
	peak := peakLive(func() {
		rep, err = checkAreas(a, context.Background(), io.MultiReader(strings.NewReader(text), &blanks{'\n', pad}, strings.NewReader("]}")))
	})
	if err != nil || rep.Features != 250 {
		t.Fatalf("%v %+v", err, rep)
	}
	t.Logf("15 MB, 250,000 vertices: peak live heap %.1f MB, bound %d MB", float64(peak)/(1<<20), publicCheckPeak>>20)
	if peak > publicCheckPeak {
		t.Fatalf("a public check held %d MB, bound %d MB", peak>>20, publicCheckPeak>>20)
	}
}

// TestPublicChecksRefusedWithRetry: a public check beyond the waiting
// places is refused at once (it would hold its file while it waits), and
// the refusal tells when to try again (Retry-After).
func TestPublicChecksRefusedWithRetry(t *testing.T) {
	a := newApp(t)
	a.publicChecks = workgate.New(1, 0, time.Hour, errChecksBusy)
	if err := a.publicChecks.Enter(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	defer a.publicChecks.Leave(1)
	_, err := checkAreas(a, context.Background(), strings.NewReader(checkHead+gridFeature("a", 0, 0)+"]}"))
	if quartier.ErrorCode(err) != quartier.ETOOMANY || workgate.RetryAfter(err) <= 0 {
		t.Fatalf("a check beyond the queue: %v (retry after %v)", err, workgate.RetryAfter(err))
	}
}
