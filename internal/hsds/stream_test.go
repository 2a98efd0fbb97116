package hsds

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/quartier/quartier"
)

// The page ServicesWriter writes is the page encoding/json writes for the
// same services, byte for byte, with services and without.
func TestServicesWriterIsTheEncodedPage(t *testing.T) {
	doc, err := Encode(fixture(), EncodeOptions{SRID: quartier.UTM33N})
	if err != nil {
		t.Fatal(err)
	}
	for _, services := range [][]Service{doc.Services, doc.Services[:1], nil} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(Paginate(services, 1, max(1, len(services)))); err != nil {
			t.Fatal(err)
		}
		sw, err := NewServicesWriter(&got, len(services))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range services { // one at a time, as parts come
			if err := sw.Write(s); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Close(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d services:\n%.600s\nwant\n%.600s", len(services), got.String(), want.String())
		}
	}
}

// A page whose head gave another number of services than were written is
// refused at its end: an atlas changed while it was written.
func TestServicesWriterRefusesAnotherCount(t *testing.T) {
	sw, err := NewServicesWriter(io.Discard, 2)
	if err != nil {
		t.Fatal(err)
	}
	sw.Write(Service{ID: "a"})
	if err := sw.Close(); quartier.ErrorCode(err) != quartier.ECONFLICT {
		t.Errorf("1 of 2 services: %v", err)
	}
}

// unzipped is a package's files in order: name, time and contents.
func unzipped(t *testing.T, b []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		c, err := io.ReadAll(r) // checks the CRC too
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s: modified %v", f.Name, f.Modified)
		}
		out = append(out, f.Name, string(c))
	}
	return out
}

// The package written from parts (organizations, services one by one,
// locations one by one, terms gathered, tables waiting in files) has the
// files of the package of the whole document, and the parts' terms are
// the whole's.
func TestPackageFromPartsIsTheWhole(t *testing.T) {
	d := fixture().sorted() // parts come in key order
	opt := EncodeOptions{SRID: quartier.UTM33N, State: "BE"}
	doc, err := Encode(d, opt)
	if err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	if err := doc.WriteCSV(&whole); err != nil {
		t.Fatal(err)
	}
	p, err := NewPackageWriter(true) // tables in files; the whole (WriteCSV) keeps them in memory
	if err != nil {
		t.Fatal(err)
	}
	terms := NewTerms(d.Topics)
	add := func(part Dataset, take func(*Document) *Document) {
		pd, err := Encode(part, opt)
		if err != nil {
			t.Fatal(err)
		}
		terms.Add(pd.TaxonomyTerms)
		if err := p.Add(take(pd)); err != nil {
			t.Fatal(err)
		}
	}
	add(Dataset{Topics: d.Topics, Providers: d.Providers, Offers: d.Offers[:1]}, func(pd *Document) *Document {
		return &Document{Organizations: doc.Organizations} // the publisher too, as the whole lists it
	})
	for i := range d.Offers {
		add(Dataset{Topics: d.Topics, Providers: d.Providers, Places: d.Places, Offers: d.Offers[i : i+1]}, func(pd *Document) *Document {
			return &Document{Services: pd.Services}
		})
	}
	for i := range d.Places {
		add(Dataset{Topics: d.Topics, Providers: d.Providers, Places: d.Places[i : i+1]}, func(pd *Document) *Document {
			return &Document{Locations: pd.Locations}
		})
	}
	var parts bytes.Buffer
	if err := p.Close(&parts, Taxonomies(), terms.List()); err != nil {
		t.Fatal(err)
	}
	got, want := unzipped(t, parts.Bytes()), unzipped(t, whole.Bytes())
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got)/2, len(want)/2)
	}
	for i := 0; i < len(got); i += 2 {
		if got[i] != want[i] || got[i+1] != want[i+1] {
			t.Errorf("%s:\n%.800s\nwant %s:\n%.800s", got[i], got[i+1], want[i], want[i+1])
		}
	}
	if _, problems, err := DecodeCSV(parts.Bytes(), DecodeOptions{SRID: quartier.UTM33N}); err != nil || len(problems) > 0 {
		t.Errorf("read back: %v %v", err, problems)
	}
}

// BenchmarkPackageWriter writes the package of the fixture's offers
// repeated to 2,000 (keys made distinct).
func BenchmarkPackageWriter(b *testing.B) {
	d := fixture()
	offers := d.Offers
	d.Offers = nil
	for i := range 500 {
		for _, o := range offers {
			o.Key = fmt.Sprintf("%s-%d", o.Key, i)
			d.Offers = append(d.Offers, o)
		}
	}
	doc, err := Encode(d, EncodeOptions{SRID: quartier.UTM33N, State: "BE"})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := doc.WriteCSV(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// The terms of the offers as listed (AddOffer: no offer encoded) and of
// the places encoded alone are the terms of the whole encoding.
func TestTermsOfListedOffers(t *testing.T) {
	d := fixture()
	d.Offers[0].Topics = append(d.Offers[0].Topics, "unbekanntes-thema")
	opt := EncodeOptions{SRID: quartier.UTM33N}
	doc, err := Encode(d, opt)
	if err != nil {
		t.Fatal(err)
	}
	terms := NewTerms(d.Topics)
	for i := range d.Offers {
		terms.AddOffer(&d.Offers[i])
	}
	places, err := Encode(Dataset{Topics: d.Topics, Providers: d.Providers, Places: d.Places}, opt)
	if err != nil {
		t.Fatal(err)
	}
	terms.Add(places.TaxonomyTerms)
	got, want := terms.List(), doc.TaxonomyTerms
	if len(got) != len(want) {
		t.Fatalf("%d terms, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("term %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
