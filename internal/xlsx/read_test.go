package xlsx

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"testing"

	"github.com/quartier/quartier"
)

func sheetBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, "Werte", []string{"gebiet", "wert"}, [][]Cell{{Text("a"), Number(1.5)}, {Text("b"), Number(2)}}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A workbook that reads back what Write wrote, numbers with a decimal
// comma and every digit.
func TestReadSheetRoundTrip(t *testing.T) {
	s, err := ReadSheet(bytes.NewReader(sheetBytes(t)), 1<<20, "", "Gebiet")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "Werte" || s.HeaderRow != 1 || len(s.Rows) != 2 || s.Rows[0].Cells[1] != "1,5" || s.Rows[1].Line != 3 || s.Rows[1].Cells[0] != "b" {
		t.Errorf("%+v", s)
	}
}

// An entry declaring 200 MB in a file of a few kilobytes is refused
// before anything is allocated for it; without the check the library
// allocated the declared size (found by FuzzReadValuesXLSX).
func TestReadSheetRefusesInflatedSizes(t *testing.T) {
	b := sheetBytes(t)
	n := 0
	for off := 0; off+28 < len(b); off++ {
		if !bytes.Equal(b[off:off+4], []byte("PK\x01\x02")) {
			continue
		}
		in := bytes.Clone(b)
		binary.LittleEndian.PutUint32(in[off+24:], 200<<20)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := ReadSheet(bytes.NewReader(in), 1<<20, "", "gebiet")
		runtime.ReadMemStats(&after)
		if quartier.ErrorCode(err) != quartier.ETOOLARGE {
			t.Errorf("entry at %d: %v", off, err)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
			t.Errorf("entry at %d: %d MB allocated", off, got>>20)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no central directory entry found")
	}
}
