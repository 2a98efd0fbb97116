package hsds

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/quartier/quartier"
)

// reencodes checks what decoded: it encodes to schema-valid HSDS, and the
// encoding decodes again to the same encoding (no drift on a second
// round).
func reencodes(t *testing.T, d *Dataset) {
	opt := EncodeOptions{SRID: quartier.UTM33N, State: "BE", RevealConfidential: true}
	doc, err := Encode(*d, opt)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	ps, err := embedded().ValidateValue("quartier/page_of_services.json", writtenJSON(t, doc))
	if err != nil || len(ps) > 0 {
		t.Fatalf("encoding is not valid HSDS: %v %v", err, ps)
	}
	var first bytes.Buffer
	if err := doc.WriteJSON(&first); err != nil {
		t.Fatal(err)
	}
	d2, _, err := Decode(bytes.NewReader(first.Bytes()), decodeOptions)
	if err != nil {
		t.Fatalf("own encoding does not decode: %v %v\n%s", err, quartier.ErrorProblems(err), first.Bytes())
	}
	doc2, err := Encode(*d2, opt)
	if err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	doc2.WriteJSON(&second)
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatalf("second round differs:\n%s\n%s", first.Bytes(), second.Bytes())
	}
	var z bytes.Buffer
	if err := doc.WriteCSV(&z); err != nil {
		t.Fatalf("csv: %v", err)
	}
	if _, _, err := Decode(bytes.NewReader(z.Bytes()), decodeOptions); err != nil {
		t.Fatalf("own package does not decode: %v %v", err, quartier.ErrorProblems(err))
	}
}

// checkFailure checks that a refusal is an EINVALID or ETOOLARGE with
// located problems, never a bare error.
func checkFailure(t *testing.T, d *Dataset, err error) {
	if d != nil {
		t.Fatalf("dataset returned with error %v", err)
	}
	code := quartier.ErrorCode(err)
	if code != quartier.EINVALID && code != quartier.ETOOLARGE {
		t.Fatalf("error code %s: %v", code, err)
	}
	if !quartier.HasErrors(quartier.ErrorProblems(err)) {
		t.Fatalf("refused without a problem: %v", err)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	f.Add(exportJSON(f, fixture(), fixtureOptions))
	one, _ := json.Marshal(mustEncode(f).Services[3])
	f.Add(one)
	for _, name := range []string{"service_full.json", "service_list.json", "location.json", "organization_full.json"} {
		b, err := os.ReadFile("testdata/spec/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"contents":[{"id":"ac148810-d857-441c-9679-408f346de14b","name":"x","status":"active"}]}`))
	f.Add([]byte(`[{"id":"ac148810-d857-441c-9679-408f346de14b","name":"","status":"defunct","minimum_age":-1}]`))
	f.Add([]byte(`{"contents": [`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, _, err := DecodeJSON(b, decodeOptions)
		if err != nil {
			checkFailure(t, d, err)
			return
		}
		reencodes(t, d)
	})
}

func mustEncode(f *testing.F) *Document {
	doc, err := Encode(fixture(), fixtureOptions)
	if err != nil {
		f.Fatal(err)
	}
	return doc
}

// FuzzDecodeCSV replaces one table of a valid package with the fuzzed
// content (zip checksums would stop mutated archives early); table 255
// takes the content as the whole archive.
func FuzzDecodeCSV(f *testing.F) {
	var z bytes.Buffer
	if err := mustEncode(f).WriteCSV(&z); err != nil {
		f.Fatal(err)
	}
	files := unzip(f, z.Bytes())
	res, err := datapackage()
	if err != nil {
		f.Fatal(err)
	}
	for i, t := range tables {
		f.Add(uint8(i), files[res[t].Path])
	}
	f.Add(uint8(1), []byte("id,name,status\nac148810-d857-441c-9679-408f346de14b,x,active\n"))
	f.Add(uint8(1), []byte("id,name\n\"unclosed\n"))
	f.Add(uint8(5), []byte("id,contact_id,number\n1,2\n"))
	f.Add(uint8(255), z.Bytes())
	f.Add(uint8(255), []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, table uint8, content []byte) {
		archive := content
		if int(table) < len(tables) {
			var b bytes.Buffer
			w := zip.NewWriter(&b)
			for _, name := range slices.Sorted(maps.Keys(files)) {
				body := files[name]
				if name == res[tables[table]].Path {
					body = content
				}
				fw, _ := w.Create(name)
				fw.Write(body)
			}
			w.Close()
			archive = b.Bytes()
		} else if table != 255 {
			return
		}
		d, _, err := DecodeCSV(archive, decodeOptions)
		if err != nil {
			checkFailure(t, d, err)
			return
		}
		reencodes(t, d)
	})
}
