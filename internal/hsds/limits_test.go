package hsds

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/memtest"
)

// uuids is n rows of distinct UUIDs.
func uuids(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%08x-0000-4000-8000-000000000000\n", i)
	}
	return b.String()
}

func zipOf(files map[string]string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range files {
		w, _ := z.Create(name)
		w.Write([]byte(body))
	}
	z.Close()
	return b.Bytes()
}

// TestDecodeIsBounded: an import is held to MaxValues JSON values or CSV
// cells, to rows of maxRowBytes and to maxProblems findings, so that its
// memory follows those bounds and not what the bytes unfold into (31 MB of
// "[{},{},…]" took more than 24 GB: a tree of ten million objects and a
// validation error for each).
func TestDecodeIsBounded(t *testing.T) {
	opt := decodeOptions
	opt.MaxValues = 100_000
	for _, c := range []struct {
		name  string
		input []byte
		code  string
		want  string
		bound uint64
	}{
		{"many tiny values", []byte("[" + strings.Repeat("0,", 150_000) + "0]"), quartier.ETOOLARGE, "mehr als 100.000 Werte", 2 << 20},
		{"many invalid services", []byte("[" + strings.Repeat("{},", 45_000) + "{}]"), quartier.EINVALID, "weitere Befunde", 32 << 20},
		{"many invalid rows", zipOf(map[string]string{"services.csv": "id\n" + strings.Repeat("x\n", 150_000)}), quartier.EINVALID, "weitere Befunde", 16 << 20},
		{"many cells", zipOf(map[string]string{"contacts.csv": "id\n" + uuids(150_000)}), quartier.ETOOLARGE, "mehr als 100.000 Werte", 160 << 20},
		{"endless row", zipOf(map[string]string{"services.csv": "id,name\n1," + strings.Repeat(",", 1<<20) + "\n"}), quartier.ETOOLARGE, "länger als 64 KB", 16 << 20},
	} {
		var ps []quartier.Problem
		var err error
		alloc := memtest.Allocated(func() { _, ps, err = Decode(bytes.NewReader(c.input), opt) })
		ps = append(ps, quartier.ErrorProblems(err)...)
		t.Logf("%s (%d KB): allocated %d MB", c.name, len(c.input)>>10, alloc>>20)
		if quartier.ErrorCode(err) != c.code || len(ps) == 0 || len(ps) > maxProblems+1 || !strings.Contains(ps[len(ps)-1].Message, c.want) {
			last := ""
			if len(ps) > 0 {
				last = ps[len(ps)-1].Message
			}
			t.Errorf("%s: want %s with %q, got %v, %d problems, last %q", c.name, c.code, c.want, err, len(ps), last)
		}
		if alloc > c.bound {
			t.Errorf("%s: allocated %d MB, bound %d MB", c.name, alloc>>20, c.bound>>20)
		}
	}
}
