package hsds

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// record renders an object's scalar fields in column order, as its JSON
// has them (the package's columns are the JSON names); nested objects
// and arrays have tables of their own. The fields are found by
// reflection once per type and column list: a round trip through JSON
// per row (recordJSON) took 60 % of writing a package. What reflection
// would render differently from JSON (text that is not UTF-8, a value
// JSON refuses, a type with its own encoding) goes through recordJSON.
func record(obj any, cols []string) ([]string, error) {
	v := reflect.ValueOf(obj)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return recordJSON(obj, cols)
	}
	p := planOf(v.Type(), cols)
	if p == nil {
		return recordJSON(obj, cols)
	}
	rec := make([]string, len(cols))
	for i, f := range p {
		if f.index == nil {
			continue
		}
		s, ok := scalar(v.FieldByIndex(f.index), f.omitEmpty)
		if !ok {
			return recordJSON(obj, cols)
		}
		rec[i] = s
	}
	return rec, nil
}

// column is where a column's value is in a struct: its field's index
// (nil: no such field) and whether the field is left out when empty.
type column struct {
	index     []int
	omitEmpty bool
}

var plans sync.Map // planKey → []column, or nil for a type record leaves to JSON

type planKey struct {
	t    reflect.Type
	cols string
}

var (
	marshaler     = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// planOf finds cols in the fields of t by their JSON names; nil when t
// has a field whose JSON the plan cannot follow (embedded, with options
// other than omitempty, or encoding itself).
func planOf(t reflect.Type, cols []string) []column {
	key := planKey{t, strings.Join(cols, "\x00")}
	if p, ok := plans.Load(key); ok {
		return p.([]column)
	}
	byName := map[string]column{}
	ok := true
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		if f.Anonymous || (opts != "" && opts != "omitempty") || encodesItself(f.Type) {
			ok = false
			break
		}
		if name == "" {
			name = f.Name
		}
		byName[name] = column{index: f.Index, omitEmpty: opts == "omitempty"}
	}
	var p []column
	if ok {
		p = make([]column, len(cols))
		for i, c := range cols {
			p[i] = byName[c]
		}
	}
	plans.Store(key, p)
	return p
}

// encodesItself reports whether values of t (or what it points to) have
// their own JSON or text encoding, or are bytes (JSON: base64).
func encodesItself(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pt := reflect.PointerTo(t)
	return t.Implements(marshaler) || pt.Implements(marshaler) || t.Implements(textMarshaler) || pt.Implements(textMarshaler) ||
		(t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8) || t.Kind() == reflect.Interface
}

// scalar is a field's cell: a string, number or bool as JSON writes it,
// empty for what JSON leaves out, null, or an object or array. ok is
// false where JSON would write something else (text that is not UTF-8
// gets replacement characters; a NaN is refused).
func scalar(v reflect.Value, omitEmpty bool) (string, bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return "", true
		}
		return scalar(v.Elem(), false)
	case reflect.String:
		s := v.String()
		return s, utf8.ValidString(s)
	case reflect.Bool:
		if omitEmpty && !v.Bool() {
			return "", true
		}
		return strconv.FormatBool(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if omitEmpty && v.Int() == 0 {
			return "", true
		}
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if omitEmpty && v.Uint() == 0 {
			return "", true
		}
		return strconv.FormatUint(v.Uint(), 10), true
	case reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "", false
		}
		if omitEmpty && f == 0 {
			return "", true
		}
		return jsonFloat(f), true
	case reflect.Float32:
		return "", false
	}
	return "", true
}

// jsonFloat formats f as encoding/json does a float64.
func jsonFloat(f float64) string {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(nil, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1] // e-09 → e-9
		b = b[:n-1]
	}
	return string(b)
}

// recordJSON is record through the object's JSON.
func recordJSON(obj any, cols []string) ([]string, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	rec := make([]string, len(cols))
	for i, c := range cols {
		switch v := m[c].(type) {
		case string:
			rec[i] = v
		case json.Number:
			rec[i] = v.String()
		case bool:
			rec[i] = fmt.Sprint(v)
		}
	}
	return rec, nil
}
