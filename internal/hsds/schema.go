package hsds

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/quartier/quartier"
)

// The official HSDS 3.1 schemas (see schema/SOURCE.md). They declare no
// $schema; the OpenAPI file names JSON Schema 2020-12 as its dialect and the
// profile rules require 2020-12, so that is the draft they are compiled as.
// The extra keys (name, constraints, core, example, datapackage_*,
// tabular_required) are unknown keywords and thus annotations.
//
// Only the modular schemas, the OpenAPI file, the datapackage descriptor
// and the small compiled list schemas are embedded (about 0.3 MB). The
// compiled full schemas (15 MB) are generated from the modular ones by
// Open Referral, say nothing more, and are only read by the tests.
//
//go:embed schema/3.1/*.json schema/3.1/compiled/*_list.json
var schemaFS embed.FS

// SchemaBase is the URL under which the schemas are known. It is the one
// the spec's own openapi.json uses in its $refs (the 3.1 line still points
// at .../3.0/schema/), so references between the files and from the
// OpenAPI document resolve to the vendored copies; nothing is fetched.
const SchemaBase = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

// schemaLoader serves SchemaBase from a file system and refuses every
// other URL, so validation never goes to the network.
type schemaLoader struct{ fsys fs.FS }

func (l schemaLoader) Load(url string) (any, error) {
	name, ok := strings.CutPrefix(url, SchemaBase)
	if !ok {
		return nil, fmt.Errorf("hsds: schema %s is not vendored", url)
	}
	b, err := fs.ReadFile(l.fsys, path.Clean(name))
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

// EmbeddedSchemas is the file system of the vendored schemas as embedded:
// service.json, openapi.json, datapackage.json, compiled/service_list.json …
func EmbeddedSchemas() fs.FS {
	sub, err := fs.Sub(schemaFS, "schema/3.1")
	if err != nil {
		panic(err) // fixed at compile time
	}
	return sub
}

// Schemas compiles HSDS schemas from one file system; Compile is safe for
// concurrent use and caches.
type Schemas struct {
	mu       sync.Mutex
	compiler *jsonschema.Compiler
	cache    map[string]*jsonschema.Schema
}

// Wrappers for documents HSDS has no single schema for: a page of
// services as the API and export.json give it, and a bare array.
const (
	pageOfServices  = SchemaBase + "quartier/page_of_services.json"
	arrayOfServices = SchemaBase + "quartier/array_of_services.json"
)

// NewSchemas compiles from fsys laid out like schema/3.1 (tests pass the
// vendored directory to reach the compiled full schemas).
func NewSchemas(fsys fs.FS) *Schemas {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(schemaLoader{fsys})
	for url, doc := range map[string]string{
		pageOfServices: `{"allOf":[{"$ref":"../openapi.json#/components/schemas/Page"}],
			"required":["contents"],"properties":{"contents":{"type":"array","items":{"$ref":"../service.json"}}}}`,
		arrayOfServices: `{"type":"array","items":{"$ref":"../service.json"}}`,
	} {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err == nil {
			err = c.AddResource(url, v)
		}
		if err != nil {
			panic(err) // constant documents
		}
	}
	return &Schemas{compiler: c, cache: map[string]*jsonschema.Schema{}}
}

var embedded = sync.OnceValue(func() *Schemas { return NewSchemas(EmbeddedSchemas()) })

// Compile returns the schema at loc, relative to SchemaBase: "service.json",
// "compiled/service_list.json", "openapi.json#/components/schemas/Page".
func (s *Schemas) Compile(loc string) (*jsonschema.Schema, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.cache[loc]; ok {
		return sch, nil
	}
	sch, err := s.compiler.Compile(SchemaBase + loc)
	if err != nil {
		return nil, err
	}
	s.cache[loc] = sch
	return sch, nil
}

// Validate checks a document (as decoded by jsonschema.UnmarshalJSON or
// produced by json.Marshal and read back) against the schema at loc and
// returns one problem per failed keyword, located by JSON pointer below
// prefix, with a German message. A schema that does not compile is an
// internal error.
func (s *Schemas) Validate(loc string, doc any, prefix string) ([]quartier.Problem, error) {
	sch, err := s.Compile(loc)
	if err != nil {
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "HSDS-Schema %s lässt sich nicht laden.", loc)
	}
	err = sch.Validate(doc)
	if err == nil {
		return nil, nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil, quartier.WrapError(quartier.EINTERNAL, err, "Prüfung gegen %s fehlgeschlagen.", loc)
	}
	var ps []quartier.Problem
	add := func(loc []string, msg string) {
		ps = append(ps, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemSchema, Feature: -1,
			Pointer: prefix + pointer(loc), Message: msg})
	}
	for _, leaf := range leaves(ve) {
		// A missing field is reported where it belongs, one by one.
		if req, ok := leaf.ErrorKind.(*kind.Required); ok {
			for _, m := range req.Missing {
				add(append(leaf.InstanceLocation[:len(leaf.InstanceLocation):len(leaf.InstanceLocation)], m), msgRequired)
			}
			continue
		}
		add(leaf.InstanceLocation, germanMessage(leaf.ErrorKind))
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Pointer < ps[j].Pointer })
	return dedupe(ps), nil
}

const msgRequired = "Pflichtfeld fehlt."

// ValidateValue marshals v and validates it; for tests and for checking
// what the encoder produced.
func (s *Schemas) ValidateValue(loc string, v any) ([]quartier.Problem, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return s.Validate(loc, doc, "")
}

// leaves flattens the error tree to the failures that name a keyword; the
// inner nodes only say "validation failed" for the $ref they went through.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

func dedupe(ps []quartier.Problem) []quartier.Problem {
	var out []quartier.Problem
	seen := map[string]bool{}
	for _, p := range ps {
		k := p.Pointer + "\x00" + p.Message
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// pointer renders an instance location as an RFC 6901 JSON pointer.
func pointer(loc []string) string {
	var b strings.Builder
	for _, t := range loc {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}

var typeNames = map[string]string{
	"string": "Text", "number": "Zahl", "integer": "ganze Zahl", "boolean": "Wahrheitswert",
	"object": "Objekt", "array": "Liste", "null": "null",
}

func typeName(t string) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return t
}

// germanMessage renders the failures HSDS schemas can produce (type,
// required, enum, format); anything else keeps the library's English.
func germanMessage(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Type:
		var want []string
		for _, w := range k.Want {
			want = append(want, typeName(w))
		}
		return fmt.Sprintf("%s erwartet, gefunden: %s.", strings.Join(want, " oder "), typeName(k.Got))
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			want = append(want, fmt.Sprintf("%q", w))
		}
		return fmt.Sprintf("Wert %s ist nicht erlaubt (erlaubt: %s).", display(k.Got), strings.Join(want, ", "))
	case *kind.Format:
		name := formatNames[k.Want]
		if name == "" {
			name = k.Want
		}
		return fmt.Sprintf("%s ist kein gültiger Wert im Format %s.", display(k.Got), name)
	}
	return "Schemaverletzung: " + k.LocalizedString(message.NewPrinter(language.English)) + "."
}

var formatNames = map[string]string{
	"uuid": "UUID", "email": "E-Mail-Adresse", "uri": "URI (absolute Adresse)", "date-time": "Datum und Uhrzeit (RFC 3339)",
	"date": "Datum (JJJJ-MM-TT)", "time": "Uhrzeit",
}

func display(v any) string {
	if s, ok := v.(string); ok {
		if r := []rune(s); len(r) > 60 {
			s = string(r[:57]) + "…"
		}
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}
