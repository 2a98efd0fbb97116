package spatial

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// TestTypedAddressBounded: a typed address longer than any real one is
// refused by its length, naming the limit, before it is read in its many
// ways. The third security probe typed "Hauptstraße 1 1 1 …" (40 KB) as
// the atlas's "near" address: each number was read as the house number
// with the words before it as the street, 35 GB allocated and two minutes
// of a core for one anonymous request. At the limit, the worst shapes
// allocate little.
func TestTypedAddressBounded(t *testing.T) {
	a := streetApp(t, nil, "Karl-Marx-Allee;1;10178;Mitte;r0c0\nSchönhauser Allee;100;10439;Prenzlauer Berg;r0c1\n")
	ctx := context.Background()
	long := map[string]Address{
		"typed numbers":  ParseAddress("Karl-Marx-Allee " + strings.Repeat("1 ", 2000)),
		"typed words":    ParseAddress(strings.Repeat("Karl Marx ", 1000) + "Allee 1"),
		"typed commas":   ParseAddress(strings.Repeat("Allee 1, ", 1000)),
		"typed glued":    ParseAddress("Karl-Marx-Allee " + strings.Repeat("1", 4000)),
		"street field":   {Street: strings.Repeat("Karl Marx ", 1000), HouseNo: "1"},
		"house no field": {Street: "Karl-Marx-Allee", HouseNo: strings.Repeat("1-", 2000)},
		"place field":    {Street: "Karl-Marx-Allee", HouseNo: "1", Place: strings.Repeat("Mitte ", 1000)},
		"umlauts":        {Street: strings.Repeat("ü", maxAddressChars+1)},
	}
	for name, ad := range long {
		_, err := a.LookupAddress(ctx, ad)
		if quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "höchstens 200 Zeichen") {
			t.Errorf("%s: %.200v, want the length refused", name, err)
		}
	}
	if _, err := a.LookupAddress(ctx, Address{Street: strings.Repeat("ü", maxAddressChars-10), HouseNo: "1"}); quartier.ErrorCode(err) != quartier.ENOTFOUND {
		t.Errorf("an address of 200 umlauts (400 bytes) is no longer than the limit: %v", err)
	}
	// A bulk lookup's row is an address too: refused in its status.
	var out bytes.Buffer
	in := "strasse;hausnummer;plz;ortsteil\nKarl-Marx-Allee;1;;" + strings.Repeat("Mitte-", 2000) + "\nKarl-Marx-Allee;1;;Mitte\n"
	if rep, err := a.BulkLookup(ctx, strings.NewReader(in), &out, 0, nil); err != nil || rep.Found != 1 || !strings.Contains(out.String(), "höchstens 200 Zeichen") {
		t.Errorf("bulk: %+v %v %.300s", rep, err, out.String())
	}
	// The worst shapes at the limit: numbers and titles read each way.
	fill := func(unit string) string {
		s := "Karl-Marx-Allee "
		for len([]rune(s+unit)) <= maxAddressChars {
			s += unit
		}
		return s
	}
	for _, text := range []string{fill("1 "), fill("1- "), fill("St. "), fill("Dr. 1 "), fill("1"), fill("(1) "), fill("1, ")} {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		_, err := a.LookupAddress(ctx, ParseAddress(text))
		runtime.ReadMemStats(&m1)
		if quartier.ErrorCode(err) == quartier.EINTERNAL {
			t.Fatal(err)
		}
		if got := m1.TotalAlloc - m0.TotalAlloc; got > 4<<20 {
			t.Errorf("%q: %d bytes allocated, want at most 4 MB", text, got)
		}
	}
}
