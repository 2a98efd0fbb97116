package spatial

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/testdb"
)

const crashEnv = "QUARTIER_CRASH_CHILD"

// TestMain turns the test binary into the crash test's child process when
// crashEnv names a database: it starts an import, reports half-way and waits
// to be killed.
func TestMain(m *testing.M) {
	if addr := os.Getenv(crashEnv); addr != "" {
		if rest, ok := strings.CutPrefix(addr, "streets:"); ok {
			os.Exit(crashStreetsChild(rest))
		}
		os.Exit(crashChild(addr))
	}
	os.Exit(m.Run())
}

func crashChild(addr string) int {
	ctx := context.Background()
	st, err := testdb.OpenAddress(ctx, addr)
	if err != nil {
		fmt.Println("open:", err)
		return 1
	}
	a, err := New(ctx, st, audit.New(st, audit.Options{}), Options{})
	if err != nil {
		fmt.Println("new:", err)
		return 1
	}
	halfway := &writeHook{at: func(i int) {
		if i == 4 {
			fmt.Println("HALFWAY")
			time.Sleep(time.Hour)
		}
	}}
	_, err = a.ImportAreas(opCtx(), ImportAreasRequest{Layer: LayerSpec{Code: "blk", Kind: quartier.LayerBlock},
		Input: bytes.NewReader(gridBlocks(400)), CodeProperty: "code", ReferenceDate: day0.AddDate(0, 3, 0), Progress: halfway})
	fmt.Println("import returned:", err)
	return 1
}

// crashStreetsChild replaces the street directory and stops with every
// new entry written but not committed.
func crashStreetsChild(addr string) int {
	ctx := context.Background()
	st, err := testdb.OpenAddress(ctx, addr)
	if err != nil {
		fmt.Println("open:", err)
		return 1
	}
	a, err := New(ctx, pausingStore{st}, audit.New(st, audit.Options{}), Options{})
	if err != nil {
		fmt.Println("new:", err)
		return 1
	}
	_, err = a.ImportStreets(opCtx(), StreetImport{Input: strings.NewReader(manyStreets(20000, "r2c2"))})
	fmt.Println("import returned:", err)
	return 1
}

// manyStreets is a directory of n addresses, all in block.
func manyStreets(n int, block string) string {
	var b strings.Builder
	b.WriteString("strasse;hnr;plz;baustein\n")
	for i := range n {
		fmt.Fprintf(&b, "Straße %d;%d;12043;%s\n", i/50, i%50+1, block)
	}
	return b.String()
}

// pausingStore stops in the write transaction after ReplaceStreets.
type pausingStore struct{ quartier.Store }

func (s pausingStore) Update(ctx context.Context, fn func(quartier.Tx) error) error {
	return s.Store.Update(ctx, func(tx quartier.Tx) error { return fn(pausingTx{tx}) })
}

type pausingTx struct{ quartier.Tx }

func (t pausingTx) ReplaceStreets(ctx context.Context, es []quartier.StreetEntry) error {
	err := t.Tx.ReplaceStreets(ctx, es)
	fmt.Println("HALFWAY", err)
	time.Sleep(time.Hour)
	return err
}

// TestKilledStreetImportKeepsDirectory kills a process whose new street
// directory is written but not committed: the previous one stays whole.
func TestKilledStreetImportKeepsDirectory(t *testing.T) {
	addr := testdb.NewAddress(t)
	ctx := context.Background()
	st, err := testdb.OpenAddress(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(ctx, st, audit.New(st, audit.Options{}), Options{SRID: quartier.UTM33N})
	if err != nil {
		t.Fatal(err)
	}
	importGrid(t, a, 0, day0)
	if _, err := a.ImportStreets(opCtx(), StreetImport{Input: strings.NewReader(manyStreets(3000, "r0c0"))}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	killHalfway(t, crashEnv+"=streets:"+addr)

	st, err = testdb.OpenAddress(ctx, addr)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer st.Close()
	var n int
	if err := st.View(ctx, func(tx quartier.Tx) error {
		es, err := tx.Streets(ctx)
		n = len(es)
		for _, e := range es {
			if e.Block != "r0c0" {
				t.Fatalf("entry of the killed import: %+v", e)
			}
		}
		return err
	}); err != nil || n != 3000 {
		t.Fatalf("%d entries after kill, want the previous 3000: %v", n, err)
	}
}

// killHalfway runs the test binary as a crash child with env, waits for it
// to report HALFWAY and kills it (SIGKILL).
func killHalfway(t *testing.T, env string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	reached := false
	for sc.Scan() {
		t.Log("child:", sc.Text())
		if strings.HasPrefix(sc.Text(), "HALFWAY") {
			reached = sc.Text() == "HALFWAY" || sc.Text() == "HALFWAY <nil>"
			break
		}
	}
	if !reached {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("child never reached the middle of the import")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}

// TestKilledImportKeepsPreviousState kills (SIGKILL) a process in the middle
// of writing a new Gebietsstand and checks that the database still holds
// exactly the previous state and accepts the next import.
func TestKilledImportKeepsPreviousState(t *testing.T) {
	addr := testdb.NewAddress(t)
	ctx := context.Background()
	st, err := testdb.OpenAddress(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(ctx, st, audit.New(st, audit.Options{}), Options{SRID: quartier.UTM33N})
	if err != nil {
		t.Fatal(err)
	}
	importGrid(t, a, 0, day0)
	st.Close()

	killHalfway(t, crashEnv+"="+addr)

	st, err = testdb.OpenAddress(ctx, addr)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer st.Close()
	a, err = New(ctx, st, audit.New(st, audit.Options{}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	infos, err := a.Layers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 1 || len(infos[0].Versions) != 1 || infos[0].Versions[0].ValidTo != nil || infos[0].Areas != 9 {
		t.Fatalf("state after kill: %+v", infos)
	}
	// The killed import would have moved this point to r0c0.
	res, _ := a.LookupPoint(ctx, gridX0+cell+200, gridY0+500, quartier.UTM33N)
	if res.Hits[0].Code != "r0c1" {
		t.Fatalf("geometry changed by killed import: %+v", res.Hits)
	}
	rep := importGrid(t, a, 400, day0.AddDate(0, 3, 0))
	if !rep.Written || rep.Closed == 0 {
		t.Fatalf("import after kill: %+v", rep)
	}
}

// writeHook is a Progress that calls at with the index of each area
// written, so a test can stop an import half-way.
type writeHook struct {
	phase string
	n     int
	at    func(i int)
}

func (h *writeHook) Start(what string, _ int) { h.phase, h.n = what, 0 }
func (h *writeHook) Add(n int) {
	for range n {
		if h.phase == "Schreiben" {
			h.at(h.n)
		}
		h.n++
	}
}
func (h *writeHook) Done() {}
