package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/demo"
	qhttp "github.com/quartier/quartier/internal/http"
	"github.com/quartier/quartier/internal/services"
)

// searchReps is how often each query runs per engine: enough for a p99
// over a few thousand samples.
const searchReps = 40

// atlasFigures builds an atlas of n generated offers on top of the demo
// city in its own SQLite database and measures the search: the full atlas
// search (words, facets, a page of 20) and the words alone, then the same
// query plans on SQLite FTS5 and, with a server, PostgreSQL full-text
// search, checking that every engine counts the same hits.
func atlasFigures(ctx context.Context, rep *report, dir, pgDSN string, n int) error {
	return atlasRun(ctx, rep, dir, pgDSN, n, true)
}

// Atlas measures only the atlas at opt.AtlasOffers generated offers
// (`quartier bench atlas`): snapshot, heap and RSS, edits, search; the
// engine comparisons are left out, since they take most of the time and
// do not change with the index's memory. The load average is printed
// with the figures: search p99 depends on what else runs.
func Atlas(ctx context.Context, w io.Writer, opt Options) error {
	if opt.AtlasOffers <= 0 {
		opt.AtlasOffers = 100_000
	}
	rep := &report{w: w}
	fmt.Fprintf(w, "Quartier bench atlas – %s, %d CPU, GOMAXPROCS %d, load average %s\n\n", runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0), loadAverage())
	dir, err := os.MkdirTemp("", "quartier-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	err = atlasRun(ctx, rep, dir, "", opt.AtlasOffers, false)
	fmt.Fprintf(w, "\nload average after: %s\n", loadAverage())
	return err
}

// heapProfile writes a heap profile to $QUARTIER_BENCH_HEAPPROFILE (with
// "-"+suffix when given), if set: where the memory goes (go tool pprof
// -sample_index=inuse_space), the snapshot's and what later steps keep.
func heapProfile(suffix string) error {
	path := os.Getenv("QUARTIER_BENCH_HEAPPROFILE")
	if path == "" {
		return nil
	}
	if suffix != "" {
		path += "-" + suffix
	}
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// heapRSS is the heap in use, the live objects in it and the process's
// RSS. In use is the figure the goal names; the difference to the objects
// is spans that freed garbage left partly empty.
func heapRSS(m *runtime.MemStats) string {
	return fmt.Sprintf("%.0f MB (%.0f MB) / %.0f MB", float64(m.HeapInuse)/1e6, float64(m.HeapAlloc)/1e6, float64(rss(os.Getpid()))/1e6)
}

// loadAverage is the first three fields of /proc/loadavg ("?" elsewhere).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

func atlasRun(ctx context.Context, rep *report, dir, pgDSN string, n int, compare bool) error {
	a, done, err := demoApp(ctx, filepath.Join(dir, "atlas.db"))
	if err != nil {
		return err
	}
	defer done()
	t0 := time.Now()
	imp := demo.GenerateAtlas(a.Spatial.Locator(), demo.GenerateOptions{Offers: n, Seed: 1})
	gen := time.Since(t0)
	t0 = time.Now()
	if _, err := a.Atlas.ImportAtlas(quartier.WithActor(ctx, quartier.Operator()), imp); err != nil {
		return err
	}
	rep.line(fmt.Sprintf("atlas: %d offers generated / imported (SQLite)", n), fmt.Sprintf("%s / %s", gen.Round(time.Millisecond), time.Since(t0).Round(time.Millisecond)), "")
	imp = atlas.Import{}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	t0 = time.Now()
	pub := context.Background()
	every, err := a.Atlas.Search(pub, atlas.SearchRequest{})
	if err != nil {
		return err
	}
	build := time.Since(t0)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if err := heapProfile(""); err != nil {
		return err
	}
	rep.line(fmt.Sprintf("atlas snapshot: load + index %d offers", every.Total), build.Round(time.Millisecond).String(), "")
	rep.line("  process heap in use (objects) / RSS before the snapshot", heapRSS(&before), "")
	rep.line("atlas snapshot: heap", fmt.Sprintf("%.0f MB", float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1e6), "")
	rep.line("  process heap in use (objects) / RSS with the snapshot", heapRSS(&after), "target heap < 150 MB")
	// HSDS before and after the edits: `bench atlas` only.
	var base string
	if !compare {
		b, stop, err := serveInProcess(a)
		if err != nil {
			return err
		}
		defer stop()
		base = b
		// The web server's own share (templates, schemas), apart from
		// what the HSDS answers keep.
		get, err := http.Get(base + "/api/hsds/")
		if err != nil {
			return err
		}
		get.Body.Close()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		rep.line("  process heap in use (objects) / RSS with the web server started", heapRSS(&m), "")
		if err := atlasHSDS(rep, base, "after the full build", false); err != nil {
			return err
		}
	}
	if err := atlasEdits(ctx, rep, a, build); err != nil {
		return err
	}
	if !compare {
		if err := atlasHSDS(rep, base, "after the edits (snapshot patched)", true); err != nil {
			return err
		}
	}
	if err := atlasReview(ctx, rep, a); err != nil {
		return err
	}

	// The review's writes left the snapshot behind the store: the next
	// search patches it, which the edits above time as "visible in
	// search". Patched here, untimed, so that the first round below is a
	// first search of each query, not a patch.
	if _, err := a.Atlas.Search(pub, atlas.SearchRequest{PerPage: 1}); err != nil {
		return err
	}
	queries := demo.SearchQueries()
	texts := make([]string, len(queries))
	for i, q := range queries {
		texts[i] = q.Text
	}
	// The full atlas search, as the page asks it.
	byClass := map[demo.QueryClass][]time.Duration{}
	var all, first, later []time.Duration
	gcs := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(gcs)
	gc0, alloc0 := gcs[0].Value.Uint64(), gcs[1].Value.Uint64()
	for round := range searchReps {
		for _, q := range queries {
			t := time.Now()
			if _, err := a.Atlas.Search(pub, atlas.SearchRequest{Text: q.Text}); err != nil {
				return err
			}
			d := time.Since(t)
			all = append(all, d)
			byClass[q.Class] = append(byClass[q.Class], d)
			if round == 0 {
				first = append(first, d)
			} else {
				later = append(later, d)
			}
		}
	}
	metrics.Read(gcs)
	p50, p99 := percentiles(all)
	rep.line(fmt.Sprintf("atlas search, words + facets + page, %d queries", len(queries)), fmt.Sprintf("p50 %s p99 %s", us(p50), us(p99)), "target p99 < 2 ms")
	// Collections under way slow the searches they overlap: with the
	// snapshot's 100 MB to mark, their count says how many samples the
	// tail may owe to them.
	rep.line(fmt.Sprintf("  allocated / GC cycles during the %d searches", len(all)), fmt.Sprintf("%.0f kB/search, %d", float64(gcs[1].Value.Uint64()-alloc0)/float64(len(all))/1e3, gcs[0].Value.Uint64()-gc0), "")
	for _, c := range []demo.QueryClass{demo.QueryBroad, demo.QueryMedium, demo.QueryNarrow} {
		p50, p99 := percentiles(byClass[c])
		rep.line("  "+string(c)+" queries", fmt.Sprintf("p50 %s p99 %s", us(p50), us(p99)), "")
	}
	// A page not shown before in the snapshot reads its offers and places
	// from the store: the first round of each query.
	f50, f99 := percentiles(first)
	l50, l99 := percentiles(later)
	rep.line("  first round (page read from the store)", fmt.Sprintf("p50 %s p99 %s", us(f50), us(f99)), "")
	rep.line("  later rounds (page kept)", fmt.Sprintf("p50 %s p99 %s", us(l50), us(l99)), "")
	// The words alone with count and top 20, what the engines below do.
	ours, err := timeQueries(texts, searchReps, func(q string) error {
		_, err := a.Atlas.Search(pub, atlas.SearchRequest{Text: q, NoFacets: true})
		return err
	})
	if err != nil {
		return err
	}
	o50, o99 := percentiles(ours)
	rep.line("atlas search, words + count + top 20 (ours, in memory)", fmt.Sprintf("p50 %s p99 %s", us(o50), us(o99)), "")

	if !compare {
		return nil
	}
	// The documents' text only now: held from the start, it counted in
	// the heap measured after the edits.
	docs, err := a.Atlas.SearchDocuments(pub)
	if err != nil {
		return err
	}
	an := a.Atlas.Analyzer()
	terms := analysed(an, docs)
	peers := []func() (ftsPeer, error){func() (ftsPeer, error) { return newSQLiteFTS(ctx, dir, terms) }}
	if pgDSN != "" {
		peers = append(peers, func() (ftsPeer, error) { return newPGFTS(ctx, pgDSN, terms) })
	} else {
		rep.line("PostgreSQL FTS comparison", "skipped", "set QUARTIER_BENCH_POSTGRES")
	}
	for _, mk := range peers {
		p, err := mk()
		if err != nil {
			return err
		}
		agree := 0
		for _, q := range texts {
			plan, want, err := a.Atlas.SearchPlan(pub, q)
			if err != nil {
				p.close()
				return err
			}
			got, err := p.query(ctx, plan, an.Terms(q))
			if err != nil {
				p.close()
				return err
			}
			if got == want {
				agree++
			} else {
				rep.line("  differs: "+q, fmt.Sprintf("%d vs ours %d", got, want), "")
			}
		}
		lat, err := timeQueries(texts, max(1, searchReps/4), func(q string) error {
			plan, _, err := a.Atlas.SearchPlan(pub, q)
			if err != nil {
				return err
			}
			_, err = p.query(ctx, plan, an.Terms(q))
			return err
		})
		p.close()
		if err != nil {
			return err
		}
		q50, q99 := percentiles(lat)
		rep.line(p.name(), fmt.Sprintf("p50 %s p99 %s", us(q50), us(q99)), fmt.Sprintf("ours faster ×%.0f (p50), ×%.0f (p99)", ratio(q50, o50), ratio(q99, o99)))
		rep.line("  same hit counts as ours", fmt.Sprintf("%d of %d queries", agree, len(texts)), "")
	}
	return nil
}

// editReps is how many offers and places atlasEdits edits: each write
// loads the whole atlas in its transaction (seconds at 100,000 offers).
const editReps = 5

// atlasEdits times what follows an edit: the write (SaveOffer, SavePlace)
// and then the first search, which finds the edit after patching the
// snapshot from the store's change feed; the peer is the full build a
// search waited for before.
func atlasEdits(ctx context.Context, rep *report, a *services.Set, build time.Duration) error {
	op := quartier.WithActor(ctx, quartier.Operator())
	pub := context.Background()
	res, err := a.Atlas.Search(pub, atlas.SearchRequest{Text: "Beratung", PerPage: editReps})
	if err != nil {
		return err
	}
	var writes, visible []time.Duration
	find := func(word string, t0 time.Time) error {
		r, err := a.Atlas.Search(pub, atlas.SearchRequest{Text: word})
		if err != nil {
			return err
		}
		if r.Total == 0 {
			return fmt.Errorf("edit %q not found by search", word)
		}
		visible = append(visible, time.Since(t0))
		return nil
	}
	for i, h := range res.Hits {
		d, err := a.Atlas.Offer(op, h.Offer.Key)
		if err != nil {
			return err
		}
		e := atlas.OfferEdit{OfferEntry: atlas.OfferEntry{Offer: d.Offer}}
		for _, p := range d.Places {
			e.PlaceKeys = append(e.PlaceKeys, p.Key)
		}
		// A word no generated offer has.
		word := "Zebrakurs" + string(rune('a'+i))
		e.Name += " " + word
		t0 := time.Now()
		if _, err := a.Atlas.SaveOffer(op, e); err != nil {
			return err
		}
		writes = append(writes, time.Since(t0))
		if err := find(word, time.Now()); err != nil {
			return err
		}
		if len(d.Places) == 0 {
			continue
		}
		// A place's name is in the documents of all its offers.
		pl := d.Places[0].Place
		word = "Zebrahaus" + string(rune('a'+i))
		pl.Name += " " + word
		t0 = time.Now()
		if _, err := a.Atlas.SavePlace(op, atlas.PlaceEdit{Place: pl}); err != nil {
			return err
		}
		writes = append(writes, time.Since(t0))
		if err := find(word, time.Now()); err != nil {
			return err
		}
	}
	w50, _ := percentiles(writes)
	v50, v99 := percentiles(visible)
	rep.line(fmt.Sprintf("atlas edit (offer or place), %d edits: the write", len(writes)), fmt.Sprintf("p50 %s", w50.Round(time.Millisecond)), "")
	rep.line("  then visible in search (snapshot patched)", fmt.Sprintf("p50 %s max %s", us(v50), us(v99)),
		fmt.Sprintf("target < 100 ms; full build %s: ×%.0f", build.Round(time.Millisecond), ratio(build, v50)))
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	rep.line("  process heap in use (objects) / RSS after the edits", heapRSS(&m), "")
	return heapProfile("edits")
}

func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d)/1e3) }

func ratio(peer, ours time.Duration) float64 {
	if ours <= 0 {
		return 0
	}
	return float64(peer) / float64(ours)
}

// publicSearches are what families and professionals ask the demo atlas:
// words, a filter, an address with a radius, a second page.
var publicSearches = []string{
	"q=Kita", "q=Jugendclub", "q=Beratung", "q=Fu%C3%9Fball", "q=Erziehungsberatung", "q=Elterncaf%C3%A9", "q=Kita+Pankow",
	"q=Hausaufgabenhilfe", "q=Familienzentrum", "q=Moabit", "", "thema=kita&alter=0-2", "q=Beratung&sprache=tr",
	"ort=Schwedter+Str.+234%2C+10435&umkreis=1000", "q=Kinder&seite=2", "q=Sport&offen=ja", "q=M%C3%A4dchen", "q=Schwimmen",
}

// atlasLoad serves the demo atlas on loopback and puts the public search
// page under a bounded load of concurrent keep-alive clients.
func atlasLoad(ctx context.Context, rep *report, a *services.Set, clients int, d time.Duration) error {
	base, stop, err := serveInProcess(a)
	if err != nil {
		return err
	}
	defer stop()
	var paths []string
	for _, q := range publicSearches {
		paths = append(paths, "/atlas?"+q)
	}
	load(ctx, base, paths, clients, time.Second) // warm up
	r := load(ctx, base, paths, clients, d)
	rep.line(fmt.Sprintf("HTTP /atlas?q=… (demo atlas, %d clients, %s)", clients, d), r.String(), "target ≥ 3,000 req/s, p99 < 50 ms, 0 errors")
	rep.line("  average page", fmt.Sprintf("%.0f kB", float64(r.Bytes)/float64(max(1, r.Requests))/1e3), "")
	return nil
}

// serveInProcess serves the web of a on a loopback port of this process
// and returns its base URL and how to stop it.
func serveInProcess(a *services.Set) (base string, stop func(), err error) {
	srv, err := qhttp.New(a, qhttp.Options{})
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() { hs.Close() }, nil
}
