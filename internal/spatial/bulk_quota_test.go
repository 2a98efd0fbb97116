package spatial

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// TestBulkLookupQuota: without the permission for bulk exports, a bulk
// lookup is a small one (PublicBulkRows rows, PublicBulkBytes of input);
// a larger one is refused before any row is answered, naming the
// permission. With the permission the limit is MaxBulkBytes.
func TestBulkLookupQuota(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	x, y := cellCenter(1, 1)
	row := ftoa(x) + ";" + ftoa(y) + "\n"
	rows := func(n int) string { return "x;y\n" + strings.Repeat(row, n) }
	padded := "x;y;notiz\n" + strings.Repeat(ftoa(x)+";"+ftoa(y)+";"+strings.Repeat("x", 400)+"\n", PublicBulkBytes/400+10)
	for _, c := range []struct {
		name  string
		ctx   context.Context
		in    string
		ok    bool
		nrows int
	}{
		{"anonymous, at the quota", context.Background(), rows(PublicBulkRows), true, PublicBulkRows},
		{"anonymous, one row more", context.Background(), rows(PublicBulkRows + 1), false, 0},
		{"anonymous, too many bytes", context.Background(), padded, false, 0},
		{"ASD without the permission", roleCtx(quartier.RoleASD), rows(PublicBulkRows + 1), false, 0},
		{"planning, with the permission", roleCtx(quartier.RolePlanner), rows(PublicBulkRows + 1), true, PublicBulkRows + 1},
		{"planning, many bytes", roleCtx(quartier.RolePlanner), padded, true, PublicBulkBytes/400 + 10},
	} {
		var out bytes.Buffer
		rep, err := a.BulkLookup(c.ctx, strings.NewReader(c.in), &out, quartier.UTM33N, nil)
		switch {
		case c.ok && (err != nil || rep.Rows != c.nrows || rep.Found != c.nrows):
			t.Errorf("%s: %v %+v", c.name, err, rep)
		case !c.ok && (quartier.ErrorCode(err) != quartier.ETOOLARGE || !strings.Contains(quartier.ErrorMessage(err), "Massenexporte")):
			t.Errorf("%s: want a refusal naming the permission, got %v", c.name, err)
		case !c.ok && out.Len() != 0:
			t.Errorf("%s: refused after %d bytes of answer", c.name, out.Len())
		}
	}
}

// The permission table names the quota as BulkLookup applies it.
func TestPermissionTableNamesTheQuota(t *testing.T) {
	n := strconv.Itoa(PublicBulkRows)
	for i := len(n) - 3; i > 0; i -= 3 {
		n = n[:i] + "." + n[i:]
	}
	for _, p := range quartier.PermissionTable {
		if p.Permission == quartier.PermExport && !strings.Contains(p.Label, "über "+n+" Zeilen") {
			t.Errorf("the label %q does not name the quota of %s rows", p.Label, n)
		}
	}
}

// panicReader gives its text, then panics as a bug in reading the input
// would.
type panicReader struct{ text string }

func (r *panicReader) Read(p []byte) (int, error) {
	if r.text == "" {
		panic("ein Fehler beim Lesen")
	}
	n := copy(p, r.text)
	r.text = r.text[n:]
	return n, nil
}

// TestBulkLookupPanicEndsTheRunNotTheServer: the rows of a bulk lookup are
// read on a goroutine of the run, not the request's, where the server's
// recovery does not reach. A panic there (here of the input itself; in
// life a bug meeting an anonymous file) ends the run with an internal
// error; before, it ended the process.
func TestBulkLookupPanicEndsTheRunNotTheServer(t *testing.T) {
	a := newApp(t)
	importGrid(t, a, 0, day0)
	x, y := cellCenter(1, 1)
	// More than the header's look-ahead (64 KB), so the panic comes on the
	// run's reader goroutine.
	in := &panicReader{text: "x;y\n" + strings.Repeat(ftoa(x)+";"+ftoa(y)+"\n", 8000)}
	var out bytes.Buffer
	_, err := a.BulkLookup(context.Background(), in, &out, quartier.UTM33N, nil)
	if quartier.ErrorCode(err) != quartier.EINTERNAL {
		t.Fatalf("a panic while reading the rows: %v", err)
	}
}
