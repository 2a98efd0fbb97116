package hsds

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// jsonNames are the JSON names of t's fields and one no field has.
func jsonNames(t reflect.Type) []string {
	out := []string{"gibt-es-nicht"}
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// eachStruct calls f with every struct value in v, nested ones too.
func eachStruct(v reflect.Value, f func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			eachStruct(v.Elem(), f)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			eachStruct(v.Index(i), f)
		}
	case reflect.Struct:
		f(v)
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				eachStruct(v.Field(i), f)
			}
		}
	}
}

// The cells record finds by reflection are those of the object's JSON
// (recordJSON), for every object of an encoded atlas and for values
// whose JSON differs from their Go form.
func TestRecordIsTheJSON(t *testing.T) {
	doc, err := Encode(fixture(), EncodeOptions{SRID: quartier.UTM33N, State: "BE"})
	if err != nil {
		t.Fatal(err)
	}
	type odd struct {
		A  float64  `json:"a"`
		B  float64  `json:"b,omitempty"`
		C  *float64 `json:"c,omitempty"`
		D  string   `json:"d"`
		E  bool     `json:"e"`
		F  bool     `json:"f,omitempty"`
		G  int      `json:"g,omitempty"`
		H  *string  `json:"h"`
		I  []string `json:"i"`
		J  string
		K  string   `json:"-"`
		N  uint8    `json:"n"`
		St *Service `json:"st"`
	}
	type withTime struct { // JSON has its own form: record leaves it to JSON
		A string    `json:"a"`
		L time.Time `json:"l"`
	}
	s := "ok"
	objects := []any{
		odd{A: 1e21, B: 0, C: ptr(0.0), D: "a\xffb", E: true, H: &s, I: []string{"x"}, J: "j", K: "k", N: 7},
		withTime{A: "a", L: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)},
		odd{A: 1e-7, B: -0.5, C: ptr(123.456), D: "ümlaut ß", G: 3, St: &Service{ID: "s"}},
		odd{A: 12345678.9, B: 1.5e-9, C: ptr(-2e25), D: "\u2028"},
		&odd{A: 100, D: ""},
		Service{ID: "a\xc3", Name: "kaputt"},
	}
	eachStruct(reflect.ValueOf(doc), func(v reflect.Value) { objects = append(objects, v.Interface()) })
	seen := map[reflect.Type]bool{}
	for _, obj := range objects {
		typ := reflect.TypeOf(obj)
		if typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		seen[typ] = true
		cols := jsonNames(typ)
		got, err := record(obj, cols)
		want, werr := recordJSON(obj, cols)
		if (err == nil) != (werr == nil) || !slices.Equal(got, want) {
			t.Errorf("%T %+v:\n%q %v\nwant\n%q %v", obj, obj, got, err, want, werr)
		}
	}
	if len(seen) < 12 {
		t.Errorf("only %d types compared", len(seen))
	}
}
