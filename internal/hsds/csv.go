package hsds

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
	"github.com/quartier/quartier/internal/geo"
)

// The tabular data package: one CSV per HSDS table with exactly the
// columns of the spec's datapackage.json, and a datapackage.json that is
// the spec's descriptor cut down to the tables Quartier fills.

// tables are the resources of the spec's datapackage.json that Quartier
// writes and reads, in the descriptor's order.
var tables = []string{"organization", "service", "attribute", "service_at_location", "location", "phone", "contact",
	"address", "schedule", "language", "accessibility", "taxonomy_term", "cost_option", "taxonomy", "service_capacity", "unit"}

type field struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Format      string `json:"format"`
	Constraints struct {
		Required bool `json:"required"`
	} `json:"constraints"`
}

type resource struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Schema struct {
		Fields []field `json:"fields"`
	} `json:"schema"`
	raw json.RawMessage
}

// datapackage reads the embedded descriptor once.
var datapackage = sync.OnceValues(func() (map[string]*resource, error) {
	b, err := fs.ReadFile(EmbeddedSchemas(), "datapackage.json")
	if err != nil {
		return nil, err
	}
	var d struct{ Resources []json.RawMessage }
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	out := map[string]*resource{}
	for _, raw := range d.Resources {
		r := &resource{raw: raw}
		if err := json.Unmarshal(raw, r); err != nil {
			return nil, err
		}
		out[r.Name] = r
	}
	for _, t := range tables {
		if out[t] == nil {
			return nil, fmt.Errorf("hsds: datapackage.json has no resource %s", t)
		}
		if err := out[t].complete(); err != nil {
			return nil, err
		}
	}
	return out, nil
})

// complete adds the columns the 3.1 descriptor leaves out: its
// service_capacity has only service_id and unit_id, its unit none at all,
// because those object schemas lack the block the descriptor is generated
// from (openreferral/specification#528). The missing columns are the
// object schema's scalar properties in its order, as the spec's own CSV
// examples have them (id,service_id,unit_id,available,maximum,description,
// updated; id,name,scheme,identifier,uri); the descriptor in the package
// says so too. The vendored files stay unchanged.
func (r *resource) complete() error {
	b, err := fs.ReadFile(EmbeddedSchemas(), r.Name+".json")
	if err != nil {
		return err
	}
	props, required, err := scalarProperties(b)
	if err != nil {
		return fmt.Errorf("hsds: %s.json: %w", r.Name, err)
	}
	have := map[string]field{}
	for _, f := range r.Schema.Fields {
		have[f.Name] = f
	}
	if len(have) > 0 && !slices.ContainsFunc(props, func(p field) bool { _, ok := have[p.Name]; return !ok }) {
		return nil
	}
	var fields []field
	var rawFields []any
	var raw map[string]any
	if err := json.Unmarshal(r.raw, &raw); err != nil {
		return err
	}
	schema, _ := raw["schema"].(map[string]any)
	given := map[string]any{}
	if list, ok := schema["fields"].([]any); ok {
		for _, f := range list {
			if m, ok := f.(map[string]any); ok {
				given[fmt.Sprint(m["name"])] = m
			}
		}
	}
	for _, p := range props {
		if f, ok := have[p.Name]; ok {
			fields = append(fields, f)
			rawFields = append(rawFields, given[p.Name])
			continue
		}
		p.Constraints.Required = required[p.Name]
		fields = append(fields, p)
		f := map[string]any{"name": p.Name, "type": p.Type, "constraints": map[string]any{"required": p.Constraints.Required}}
		if p.Format != "" {
			f["format"] = p.Format
		}
		rawFields = append(rawFields, f)
	}
	r.Schema.Fields = fields
	if schema == nil {
		schema = map[string]any{}
		raw["schema"] = schema
	}
	schema["fields"] = rawFields
	r.raw, err = json.Marshal(raw)
	return err
}

// scalarProperties lists an object schema's string, number, integer and
// boolean properties in the order the file has them (nested objects and
// lists are tables of their own), and what it requires.
func scalarProperties(b []byte) ([]field, map[string]bool, error) {
	var s struct {
		Properties json.RawMessage
		Required   []string
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(s.Properties))
	if _, err := dec.Token(); err != nil { // {
		return nil, nil, err
	}
	var out []field
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		var p struct{ Type, Format string }
		if err := dec.Decode(&p); err != nil {
			return nil, nil, err
		}
		switch p.Type {
		case "string", "number", "integer", "boolean":
			out = append(out, field{Name: fmt.Sprint(t), Type: p.Type, Format: p.Format})
		}
	}
	req := map[string]bool{}
	for _, n := range s.Required {
		req[n] = true
	}
	return out, req, nil
}

func (r *resource) columns() []string {
	var cs []string
	for _, f := range r.Schema.Fields {
		cs = append(cs, f.Name)
	}
	return cs
}

// zipTime is the fixed modification time of the package's files, so the
// same data gives the same bytes.
var zipTime = time.Date(2024, 10, 10, 0, 0, 0, 0, time.UTC)

// WriteCSV writes the document as a zipped tabular data package.
func (doc *Document) WriteCSV(w io.Writer) error {
	p, err := NewPackageWriter(false)
	if err != nil {
		return err
	}
	if err := p.Add(doc); err != nil {
		return err
	}
	return p.Close(w, doc.Taxonomies, doc.TaxonomyTerms)
}

func descriptor(res map[string]*resource) ([]byte, error) {
	d := struct {
		Name        string            `json:"name"`
		Title       string            `json:"title"`
		Description string            `json:"description"`
		Profile     string            `json:"profile"`
		HSDSVersion string            `json:"hsds_version"`
		HSDSProfile string            `json:"hsds_profile"`
		Resources   []json.RawMessage `json:"resources"`
	}{
		Name: "quartier-atlas", Title: "Atlas der lokalen Angebote (HSDS 3.1)", Profile: "tabular-data-package",
		Description: "Orte, Angebote und Träger aus Quartier als Human Services Data Specification 3.1 im Quartier-Profil. " +
			"Tabellenschema: Human Services Data Specification, an Open Referral resource (https://openreferral.org/), CC BY-SA 4.0.",
		HSDSVersion: Version, HSDSProfile: ProfileURI,
	}
	for _, t := range tables {
		d.Resources = append(d.Resources, res[t].raw)
	}
	return json.MarshalIndent(d, "", "  ")
}

// csvTable is one table read from a package.
type csvTable struct {
	file string
	rows []csvRow
}

type csvRow struct {
	line int
	obj  map[string]any
}

// DecodeCSV reads a zipped tabular data package; see Decode. Files are
// found by name (services.csv …) anywhere in the zip; tables Quartier does
// not read (funding.csv …) are ignored. An empty cell is absent, except in
// a column the schema requires, where it is the empty string, as in JSON.
// The apostrophe that WriteCSV puts before a cell starting like a formula
// ("'=…", "'+49 …") is taken off again (csvio.Readable).
func DecodeCSV(b []byte, opt DecodeOptions) (*Dataset, []quartier.Problem, error) {
	if len(b) > MaxInputBytes {
		return nil, nil, tooLarge()
	}
	res, err := datapackage()
	if err != nil {
		return nil, nil, quartier.WrapError(quartier.EINTERNAL, err, "Das HSDS-Tabellenschema fehlt.")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil, invalid([]quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemSyntax, Feature: -1,
			Message: "Kein gültiges ZIP-Archiv: " + err.Error() + "."}})
	}
	byPath := map[string]*resource{}
	for _, t := range tables {
		byPath[res[t].Path] = res[t]
	}
	var ps []quartier.Problem
	read := map[string]*csvTable{}
	var unpacked int64
	cells := opt.maxValues()
	for _, f := range zr.File {
		name := path.Base(f.Name)
		r, ok := byPath[name]
		if !ok || f.FileInfo().IsDir() {
			continue
		}
		if read[r.Name] != nil {
			ps = append(ps, fileProblem(name, 0, "", quartier.SeverityError, quartier.ProblemDuplicateCode, "Die Datei kommt zweimal im Archiv vor."))
			continue
		}
		unpacked += int64(f.UncompressedSize64)
		if f.UncompressedSize64 > MaxInputBytes || unpacked > 4*MaxInputBytes {
			return nil, nil, tooLarge()
		}
		t, tps, err := readTable(f, r, &cells, opt.maxValues())
		if err != nil {
			return nil, nil, err
		}
		ps = append(ps, tps...)
		read[r.Name] = t
	}
	if read["service"] == nil {
		ps = append(ps, fileProblem(res["service"].Path, 0, "", quartier.SeverityError, quartier.ProblemMissingCode, "Das Archiv enthält keine services.csv."))
	}
	if quartier.HasErrors(ps) {
		return nil, nil, invalid(ps)
	}
	a := assembler{tables: read, problems: ps}
	services, orgs, locs := a.assemble()
	if quartier.HasErrors(a.problems) {
		return nil, nil, invalid(a.problems)
	}
	m := newMapper(opt)
	m.problems = a.problems
	for _, o := range orgs {
		m.collectOrg(o)
	}
	for _, l := range locs {
		m.collectLoc(l)
	}
	return m.runAll(services)
}

func fileProblem(file string, line int, column string, sev quartier.Severity, kind, msg string) quartier.Problem {
	return quartier.Problem{Severity: sev, Kind: kind, Feature: line, File: file, Column: column, Message: msg}
}

// readTable parses one CSV file and checks each row against the table's
// schema.
//
// Rows longer than maxRowBytes and cells beyond the budget *cells end the
// import; after maxProblems findings the table is not read further.
func readTable(f *zip.File, r *resource, cells *int, maxValues int) (*csvTable, []quartier.Problem, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, []quartier.Problem{fileProblem(r.Path, 0, "", quartier.SeverityError, quartier.ProblemSyntax, "Die Datei lässt sich nicht entpacken.")}, nil
	}
	defer rc.Close()
	body, err := io.ReadAll(io.LimitReader(rc, MaxInputBytes+1))
	if err != nil {
		return nil, []quartier.Problem{fileProblem(r.Path, 0, "", quartier.SeverityError, quartier.ProblemSyntax, "Die Datei lässt sich nicht entpacken.")}, nil
	}
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	cr := csvio.NewRowReader(bytes.NewReader(body), maxRowBytes)
	cr.FieldsPerRecord = -1
	// read counts the cells against the budget and ends the import on a
	// row beyond maxRowBytes.
	last := 0 // line of the last row read
	read := func() ([]string, error) {
		rec, err := cr.Read()
		if errors.Is(err, csvio.ErrRowTooLong) {
			msg := fmt.Sprintf("%s: nach Zeile %d ist ein Datensatz länger als %s (oft ein Anführungszeichen, das nicht geschlossen wird).", r.Path, last, geo.Size(maxRowBytes))
			e := quartier.Errorf(quartier.ETOOLARGE, "%s", msg)
			e.Problems = []quartier.Problem{fileProblem(r.Path, last+1, "", quartier.SeverityError, quartier.ProblemTooLarge, msg)}
			return nil, e
		}
		if err == nil {
			last, _ = cr.FieldPos(0)
		}
		if *cells -= len(rec); *cells < 0 {
			return nil, tooManyValues(maxValues)
		}
		return rec, err
	}
	t := &csvTable{file: r.Path}
	var ps []quartier.Problem
	fail := func(line int, col, msg string) {
		ps = append(ps, fileProblem(r.Path, line, col, quartier.SeverityError, quartier.ProblemValue, msg))
	}
	header, err := read()
	if quartier.ErrorCode(err) == quartier.ETOOLARGE {
		return nil, nil, err
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			fail(1, "", "Die Datei ist leer (Kopfzeile fehlt).")
		} else {
			fail(1, "", "Die Kopfzeile ist kein gültiges CSV: "+err.Error()+".")
		}
		return t, ps, nil
	}
	fields := map[string]field{}
	for _, fd := range r.Schema.Fields {
		fields[fd.Name] = fd
	}
	cols := make([]*field, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		fd, ok := fields[h]
		switch {
		case seen[h]:
			fail(1, h, fmt.Sprintf("Die Spalte %s kommt zweimal vor.", h))
		case !ok:
			ps = append(ps, fileProblem(r.Path, 1, h, quartier.SeverityWarning, quartier.ProblemUnsupported, fmt.Sprintf("Unbekannte Spalte %q wird ignoriert.", h)))
		default:
			cols[i] = &fd
		}
		seen[h] = true
	}
	if !seen["id"] {
		fail(1, "id", "Die Spalte id fehlt.")
		return t, ps, nil
	}
	schemaRequired := requiredOf(r.Name)
	for len(ps) <= maxProblems {
		rec, err := read()
		if errors.Is(err, io.EOF) {
			break
		}
		if quartier.ErrorCode(err) == quartier.ETOOLARGE {
			return nil, nil, err
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			fail(line, "", "Kein gültiges CSV: "+err.Error()+".")
			return t, ps, nil
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			fail(line, "", fmt.Sprintf("Die Zeile hat %d Felder, die Kopfzeile %d.", len(rec), len(header)))
			continue
		}
		obj := map[string]any{}
		for i, v := range rec {
			fd := cols[i]
			if fd == nil {
				continue
			}
			v = csvio.Readable(v)
			switch {
			case v == "" && fd.Constraints.Required && fd.Format == "uuid":
				fail(line, fd.Name, "Pflichtfeld fehlt.")
			case v == "" && schemaRequired[fd.Name] && fd.Type != "number":
				obj[fd.Name] = ""
			case v == "":
			case fd.Type == "number":
				n := json.Number(strings.TrimSpace(v))
				if _, err := n.Float64(); err != nil {
					fail(line, fd.Name, fmt.Sprintf("%q ist keine Zahl.", v))
					continue
				}
				obj[fd.Name] = n
			default:
				obj[fd.Name] = v
			}
		}
		sps, err := embedded().Validate(r.Name+".json", obj, "")
		if err != nil {
			return nil, nil, err
		}
		for _, p := range sps {
			col := strings.TrimPrefix(p.Pointer, "/")
			if _, isColumn := fields[col]; !isColumn && p.Message == msgRequired {
				// A nested object the JSON form requires (a capacity's
				// unit) is a table of its own here, reached by its id.
				continue
			}
			ps = append(ps, fileProblem(r.Path, line, col, p.Severity, p.Kind, p.Message))
		}
		t.rows = append(t.rows, csvRow{line: line, obj: obj})
	}
	return t, ps, nil
}

// requiredOf lists the fields the object schema of a table requires.
func requiredOf(table string) map[string]bool {
	b, err := fs.ReadFile(EmbeddedSchemas(), table+".json")
	out := map[string]bool{}
	if err != nil {
		return out
	}
	var s struct{ Required []string }
	if json.Unmarshal(b, &s) == nil {
		for _, f := range s.Required {
			out[f] = true
		}
	}
	return out
}

// assembler nests the rows of the tables into services, as JSON has them.
type assembler struct {
	tables   map[string]*csvTable
	problems []quartier.Problem
}

func (a *assembler) fail(o origin, col, kind, msg string) {
	o.column = col
	a.problems = append(a.problems, o.problem(quartier.SeverityError, kind, msg))
}

// each decodes the rows of a table into T, with their origin.
func each[T any](a *assembler, table string, set func(*T, origin)) []*T {
	t := a.tables[table]
	if t == nil {
		return nil
	}
	var out []*T
	ids := map[string]bool{}
	for _, r := range t.rows {
		b, _ := json.Marshal(r.obj)
		v := new(T)
		if err := json.Unmarshal(b, v); err != nil {
			continue // the schema check has reported it
		}
		o := origin{file: t.file, line: r.line}
		if id, _ := r.obj["id"].(string); id != "" {
			if ids[id] {
				a.fail(o, "id", quartier.ProblemDuplicateCode, fmt.Sprintf("Die id %s kommt zweimal vor.", id))
				continue
			}
			ids[id] = true
		}
		set(v, o)
		out = append(out, v)
	}
	return out
}

// lookup finds the row an id refers to, or reports the dangling reference.
func lookup[T any](a *assembler, rows map[string]*T, o origin, column, id, what, file string) *T {
	x := rows[id]
	if x == nil {
		a.fail(o, column, quartier.ProblemReference, fmt.Sprintf("%s %s steht nicht in %s.", what, id, file))
	}
	return x
}

func (a *assembler) assemble() ([]Service, []*Organization, []*Location) {
	terms := map[string]*TaxonomyTerm{}
	taxonomies := map[string]*Taxonomy{}
	for _, t := range each(a, "taxonomy", func(t *Taxonomy, o origin) { t.o = o }) {
		taxonomies[t.ID] = t
	}
	for _, t := range each(a, "taxonomy_term", func(t *TaxonomyTerm, o origin) { t.o = o }) {
		if t.TaxonomyID != "" {
			if tx, ok := taxonomies[t.TaxonomyID]; ok {
				c := *tx
				t.TaxonomyDetail = &c
			}
		}
		terms[t.ID] = t
	}
	attrs := map[string][]Attribute{} // by link entity and id
	for _, at := range each(a, "attribute", func(x *Attribute, o origin) { x.o = o }) {
		t, ok := terms[at.TaxonomyTermID]
		if !ok {
			a.fail(at.o, "taxonomy_term_id", quartier.ProblemReference, fmt.Sprintf("Der Begriff %s steht nicht in taxonomy_terms.csv.", at.TaxonomyTermID))
			continue
		}
		c := *t
		c.o = t.o
		at.TaxonomyTerm = &c
		k := at.LinkEntity + ":" + at.LinkID
		attrs[k] = append(attrs[k], *at)
	}
	linked := map[string]bool{}
	take := func(entity, id string) []Attribute {
		linked[entity+":"+id] = true
		return attrs[entity+":"+id]
	}
	orgs := map[string]*Organization{}
	orgList := each(a, "organization", func(o *Organization, or origin) { o.o = or })
	for _, o := range orgList {
		o.Attributes = take("organization", o.ID)
		orgs[o.ID] = o
	}
	locs := map[string]*Location{}
	locList := each(a, "location", func(l *Location, o origin) { l.o = o })
	for _, l := range locList {
		l.Attributes = take("location", l.ID)
		locs[l.ID] = l
	}
	location := func(o origin, id string) *Location {
		return lookup(a, locs, o, "location_id", id, "Der Ort", "locations.csv")
	}
	for _, ad := range each(a, "address", func(x *Address, o origin) { x.o = o }) {
		if l := location(ad.o, ad.LocationID); l != nil {
			l.Addresses = append(l.Addresses, *ad)
		}
	}
	for _, ac := range each(a, "accessibility", func(x *Accessibility, o origin) { x.o = o }) {
		ac.Attributes = take("accessibility", ac.ID)
		if l := location(ac.o, ac.LocationID); l != nil {
			l.Accessibility = append(l.Accessibility, *ac)
		}
	}
	services := each(a, "service", func(s *Service, o origin) { s.o = o })
	byID := map[string]*Service{}
	for _, s := range services {
		byID[s.ID] = s
		s.Attributes = take("service", s.ID)
		// An unknown organization leaves the offer without provider,
		// with a warning, as in JSON.
		s.Organization = orgs[s.OrganizationID]
	}
	service := func(o origin, id string) *Service {
		return lookup(a, byID, o, "service_id", id, "Der Dienst", "services.csv")
	}
	for _, sal := range each(a, "service_at_location", func(x *ServiceAtLocation, o origin) { x.o = o }) {
		l := location(sal.o, sal.LocationID)
		if s := service(sal.o, sal.ServiceID); s != nil && l != nil {
			sal.Location = l
			s.ServiceAtLocations = append(s.ServiceAtLocations, *sal)
		}
	}
	contacts := map[string]*Contact{}
	var contactOrder []*Contact
	for _, c := range each(a, "contact", func(x *Contact, o origin) { x.o = o }) {
		c.Attributes = take("contact", c.ID)
		contacts[c.ID] = c
		contactOrder = append(contactOrder, c)
	}
	for _, p := range each(a, "phone", func(x *Phone, o origin) { x.o = o }) {
		if c := contacts[p.ContactID]; c != nil {
			c.Phones = append(c.Phones, *p)
		} else if p.ContactID != "" {
			a.fail(p.o, "contact_id", quartier.ProblemReference, fmt.Sprintf("Der Kontakt %s steht nicht in contacts.csv.", p.ContactID))
		}
	}
	for _, c := range contactOrder {
		if c.ServiceID == "" {
			continue
		}
		if s := service(c.o, c.ServiceID); s != nil {
			s.Contacts = append(s.Contacts, *c)
		}
	}
	for _, sc := range each(a, "schedule", func(x *Schedule, o origin) { x.o = o }) {
		sc.Attributes = take("schedule", sc.ID)
		switch {
		case sc.ServiceID != "":
			if s := service(sc.o, sc.ServiceID); s != nil {
				s.Schedules = append(s.Schedules, *sc)
			}
		case sc.LocationID != "":
			if l := location(sc.o, sc.LocationID); l != nil {
				l.Schedules = append(l.Schedules, *sc)
			}
		}
	}
	for _, l := range each(a, "language", func(x *Language, o origin) { x.o = o }) {
		if l.ServiceID == "" {
			continue
		}
		if s := service(l.o, l.ServiceID); s != nil {
			s.Languages = append(s.Languages, *l)
		}
	}
	for _, c := range each(a, "cost_option", func(x *CostOption, o origin) { x.o = o }) {
		if s := service(c.o, c.ServiceID); s != nil {
			s.CostOptions = append(s.CostOptions, *c)
		}
	}
	units := map[string]*Unit{}
	for _, u := range each(a, "unit", func(x *Unit, o origin) { x.o = o }) {
		units[u.ID] = u
	}
	for _, c := range each(a, "service_capacity", func(x *ServiceCapacity, o origin) { x.o = o }) {
		u := lookup(a, units, c.o, "unit_id", c.UnitID, "Die Einheit", "units.csv")
		if s := service(c.o, c.ServiceID); s != nil && u != nil {
			c.Unit = u
			s.Capacities = append(s.Capacities, *c)
		}
	}
	keys := slices.Sorted(maps.Keys(attrs))
	for _, k := range keys {
		as := attrs[k]
		entity, _, _ := strings.Cut(k, ":")
		if !linked[k] && slices.Contains([]string{"service", "organization", "location", "contact", "schedule", "accessibility"}, entity) {
			a.fail(as[0].o, "link_id", quartier.ProblemReference, fmt.Sprintf("Das verknüpfte Objekt %s (%s) steht nicht im Archiv.", as[0].LinkID, entity))
		}
	}
	out := make([]Service, len(services))
	for i, s := range services {
		out[i] = *s
	}
	return out, orgList, locList
}
