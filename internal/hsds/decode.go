package hsds

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/geo"
)

// MaxInputBytes bounds an import: a JSON document or a zip file, and each
// file unpacked from the zip. An atlas of a large city (a few thousand
// offers with full schedules and contacts) is well below 10 MB as HSDS
// JSON. Callers still pass a limited reader (the web server limits
// uploads); Decode stops reading here either way.
const MaxInputBytes = 32 << 20

// Decoding builds a tree of every JSON value (or a map of every CSV cell)
// for the schema check, about 100 bytes each, and a file of tiny values
// ("[0,0,…]", "[{},{},…]") has one every two or three bytes: 31 MB of them
// took more than 24 GB with a validation error for each. So an import is
// bounded by MaxValues values or cells (an atlas of a large city has a few
// hundred thousand), by rows of maxRowBytes, and its report by maxProblems
// findings, after which the check ends.
const (
	MaxValues   = 2_000_000
	maxRowBytes = 64 << 10
	maxProblems = 1000
)

func tooManyValues(maxValues int) error {
	e := quartier.Errorf(quartier.ETOOLARGE, "Die Datei enthält mehr als %s Werte; so viele braucht kein Atlas.", geo.Count(maxValues))
	e.Problems = []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemTooLarge, Feature: -1, Message: e.Message}}
	return e
}

// countValues counts, roughly from above, the values of a JSON text:
// every bracket and every comma outside strings, and one.
func countValues(b []byte) int {
	n, inString, escaped := 1, false, false
	for _, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = c == '\\'
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '[' || c == '{' || c == ',':
			n++
		}
	}
	return n
}

// capped cuts a report after maxProblems findings and says so; the note
// is an error, since a file with that many findings is not taken.
func capped(ps []quartier.Problem) []quartier.Problem {
	if len(ps) <= maxProblems {
		return ps
	}
	return append(ps[:maxProblems:maxProblems], quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemTooLarge, Feature: -1,
		Message: fmt.Sprintf("Nach %s Befunden endet die Prüfung; weitere Befunde werden nicht gezeigt.", geo.Count(maxProblems))})
}

// DecodeOptions describe the installation that imports.
type DecodeOptions struct {
	// SRID is the CRS Place.X/Y are stored in; HSDS has WGS84.
	SRID quartier.SRID
	// Topics is the installation's topic taxonomy; nil takes the shipped one.
	Topics []quartier.Topic
	// MaxValues bounds the JSON values or CSV cells of an input; 0 takes
	// MaxValues (tests ask for less to stay small).
	MaxValues int
}

func (o DecodeOptions) maxValues() int {
	if o.MaxValues > 0 {
		return o.MaxValues
	}
	return MaxValues
}

// Decode reads HSDS: a JSON page of services (as /services and
// export.json give it), a JSON array of services, a single service, or a
// tabular data package as zip. It validates against the official schemas
// first, then maps to Quartier. All or nothing: on any error the dataset
// is nil and the error (EINVALID) carries every problem, located by JSON
// pointer or by file, line and column. Warnings (what was left out) come
// back with a dataset too.
func Decode(r io.Reader, opt DecodeOptions) (*Dataset, []quartier.Problem, error) {
	b, err := readLimited(r)
	if err != nil {
		return nil, nil, err
	}
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte("PK\x05\x06")) {
		return DecodeCSV(b, opt)
	}
	return DecodeJSON(b, opt)
}

func readLimited(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxInputBytes+1))
	if err != nil {
		// The cause stays attached: a web handler recognises its own
		// body limit in it.
		return nil, quartier.WrapError(quartier.EINVALID, err, "Die Datei lässt sich nicht lesen.")
	}
	if len(b) > MaxInputBytes {
		return nil, tooLarge()
	}
	return b, nil
}

func tooLarge() error {
	e := quartier.Errorf(quartier.ETOOLARGE, "Die Datei ist größer als %d MB.", MaxInputBytes>>20)
	e.Problems = []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemTooLarge, Feature: -1, Message: e.Message}}
	return e
}

// DecodeJSON reads an HSDS JSON document; see Decode.
func DecodeJSON(b []byte, opt DecodeOptions) (*Dataset, []quartier.Problem, error) {
	if len(b) > MaxInputBytes {
		return nil, nil, tooLarge()
	}
	if countValues(b) > opt.maxValues() {
		return nil, nil, tooManyValues(opt.maxValues())
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, nil, invalid([]quartier.Problem{syntaxProblem(b, err)})
	}
	// A list of services is checked service by service, so that the check
	// can end after maxProblems findings; a page's own fields are checked
	// with an empty list.
	var loc, prefix string
	var items []any
	switch v := doc.(type) {
	case []any:
		loc, items = "quartier/array_of_services.json", v
		doc = []any{}
	case map[string]any:
		if c, ok := v["contents"]; ok {
			loc, prefix = "quartier/page_of_services.json", "/contents"
			if list, ok := c.([]any); ok {
				items = list
				page := maps.Clone(v)
				page["contents"] = []any{}
				doc = page
			}
		} else {
			loc = "service.json"
		}
	default:
		return nil, nil, invalid([]quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemSchema, Feature: -1,
			Message: "Erwartet wird ein HSDS-Dienst (service), eine Liste davon oder eine Seite der HSDS-API (contents)."}})
	}
	ps, err := embedded().Validate(loc, doc, "")
	if err != nil {
		return nil, nil, err
	}
	for i := 0; i < len(items) && len(ps) <= maxProblems; i++ {
		sps, err := embedded().Validate("service.json", items[i], prefix+"/"+strconv.Itoa(i))
		if err != nil {
			return nil, nil, err
		}
		ps = append(ps, sps...)
	}
	if quartier.HasErrors(ps) {
		return nil, nil, invalid(ps)
	}
	var services []Service
	switch {
	case loc == "service.json":
		var s Service
		err = json.Unmarshal(b, &s)
		services = []Service{s}
	case prefix != "":
		var p struct{ Contents []Service }
		err = json.Unmarshal(b, &p)
		services = p.Contents
	default:
		err = json.Unmarshal(b, &services)
	}
	if err != nil {
		// The schema admitted it, so this is a type the structs do not
		// foresee: report it rather than guess.
		return nil, nil, invalid([]quartier.Problem{syntaxProblem(b, err)})
	}
	for i := range services {
		p := prefix + "/" + strconv.Itoa(i)
		if loc == "service.json" {
			p = ""
		}
		services[i].locate(p)
	}
	return newMapper(opt).run(services)
}

func invalid(ps []quartier.Problem) error {
	// A term shared by many rows of a package is reported once.
	ps = capped(slices.CompactFunc(slices.Clone(ps), func(a, b quartier.Problem) bool { return a == b }))
	n := 0
	for _, p := range ps {
		if p.Severity == quartier.SeverityError {
			n++
		}
	}
	e := quartier.Errorf(quartier.EINVALID, "Die HSDS-Daten enthalten %d Fehler; nichts wurde übernommen.", n)
	e.Problems = ps
	return e
}

func syntaxProblem(b []byte, err error) quartier.Problem {
	msg := "Kein gültiges JSON."
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(b, se.Offset)
		msg = fmt.Sprintf("Kein gültiges JSON (Zeile %d, Spalte %d): %v.", line, col, se)
	case errors.As(err, &te):
		return quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemSchema, Feature: -1,
			Pointer: "/" + strings.ReplaceAll(te.Field, ".", "/"), Message: fmt.Sprintf("%s erwartet.", typeName(te.Type.Kind().String()))}
	case errors.Is(err, io.ErrUnexpectedEOF):
		msg = "Kein gültiges JSON: die Datei endet mitten im Dokument."
	default:
		msg = "Kein gültiges JSON: " + err.Error() + "."
	}
	return quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemSyntax, Feature: -1, Message: msg}
}

func lineCol(b []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	return line, int(off) - bytes.LastIndexByte(before, '\n')
}

// origin is where an object came from: a JSON pointer, or a row of a CSV
// file. Problems found while mapping are located through it.
type origin struct {
	ptr    string
	file   string
	line   int
	column string
}

func (o origin) at(field string) origin {
	if o.file != "" {
		o.column = field
		return o
	}
	o.ptr += pointer([]string{field})
	return o
}

func (o origin) problem(sev quartier.Severity, kind, msg string) quartier.Problem {
	p := quartier.Problem{Severity: sev, Kind: kind, Feature: -1, Message: msg}
	if o.file != "" {
		p.File, p.Feature, p.Column = o.file, o.line, o.column
	} else {
		p.Pointer = o.ptr
	}
	return p
}

type mapper struct {
	opt      DecodeOptions
	topics   map[string]quartier.Topic
	toLocal  func(orb.Point) orb.Point
	problems []quartier.Problem
	ds       Dataset

	orgByID   map[string]*Organization // every organization in the input
	locByID   map[string]*Location     // every location in the input
	orgOrder  []*Organization
	locOrder  []*Location
	provider  map[string]string // organization id → provider code ("" for the publisher)
	placeID   map[string]int64  // location id → Place.ID in ds
	keys      map[string]string // "kind:key" → id, for duplicates
	serviceID map[string]bool
}

func newMapper(opt DecodeOptions) *mapper {
	if opt.Topics == nil {
		opt.Topics = quartier.DefaultTopics()
	}
	if opt.SRID == quartier.NoSRID {
		opt.SRID = quartier.UTM33N
	}
	m := &mapper{opt: opt, topics: quartier.TopicIndex(opt.Topics), orgByID: map[string]*Organization{}, locByID: map[string]*Location{},
		provider: map[string]string{}, placeID: map[string]int64{}, keys: map[string]string{}, serviceID: map[string]bool{}}
	m.ds.Topics = opt.Topics
	tr, err := geo.Transformer(quartier.WGS84, opt.SRID)
	if err != nil {
		tr = nil // reported per location
	}
	m.toLocal = tr
	return m
}

func (m *mapper) fail(o origin, msg string) {
	m.problems = append(m.problems, o.problem(quartier.SeverityError, quartier.ProblemUnsupported, msg))
}

func (m *mapper) failKind(o origin, kind, msg string) {
	m.problems = append(m.problems, o.problem(quartier.SeverityError, kind, msg))
}

func (m *mapper) warn(o origin, msg string) {
	m.problems = append(m.problems, o.problem(quartier.SeverityWarning, quartier.ProblemUnsupported, msg))
}

func (m *mapper) errors() int {
	n := 0
	for _, p := range m.problems {
		if p.Severity == quartier.SeverityError {
			n++
		}
	}
	return n
}

func (m *mapper) run(services []Service) (*Dataset, []quartier.Problem, error) {
	// Organizations and locations may be given once and referred to by id
	// elsewhere; collect them all before mapping.
	// Where a location is given twice, the copy at the service counts.
	for i := range services {
		for j := range services[i].ServiceAtLocations {
			if l := services[i].ServiceAtLocations[j].Location; l != nil {
				m.collectLoc(l)
			}
		}
	}
	for i := range services {
		if o := services[i].Organization; o != nil {
			m.collectOrg(o)
		}
	}
	return m.runAll(services)
}

// runAll maps the services, then whatever organizations and locations no
// service referred to (a package lists all places, not only used ones).
func (m *mapper) runAll(services []Service) (*Dataset, []quartier.Problem, error) {
	for i := range services {
		m.service(&services[i])
	}
	for _, o := range m.orgOrder {
		m.organization(o.ID)
	}
	for _, l := range m.locOrder {
		m.place(l.ID, l.o)
	}
	if m.errors() > 0 {
		return nil, nil, invalid(m.problems)
	}
	ds := m.ds
	return &ds, m.problems, nil
}

func (m *mapper) collectOrg(o *Organization) {
	if _, ok := m.orgByID[o.ID]; !ok {
		m.orgByID[o.ID] = o
		m.orgOrder = append(m.orgOrder, o)
	}
	for j := range o.Locations {
		m.collectLoc(&o.Locations[j])
	}
}

func (m *mapper) collectLoc(l *Location) {
	if _, ok := m.locByID[l.ID]; !ok {
		m.locByID[l.ID] = l
		m.locOrder = append(m.locOrder, l)
	}
}

// attr is an attribute that links to a term of a Quartier taxonomy.
type attr struct {
	taxonomy, code, value string
	o, term               origin // of the attribute and of its term
}

// profileOf returns the quartier-profil terms among attributes, with
// their values.
func (m *mapper) profileOf(as []Attribute) map[string]string {
	out := map[string]string{}
	for _, a := range m.ours(as, false) {
		if a.taxonomy == TaxProfile {
			out[a.code] = a.value
		}
	}
	return out
}

// ours sorts attributes into Quartier's and foreign ones; foreign terms
// are left out with a warning when report is set.
func (m *mapper) ours(as []Attribute, report bool) []attr {
	var out []attr
	for i := range as {
		a := &as[i]
		t := a.TaxonomyTerm
		if t == nil {
			continue
		}
		tax := t.Taxonomy
		if !isQuartierTaxonomy(tax) && t.TaxonomyDetail != nil {
			tax = t.TaxonomyDetail.Name
		}
		if !isQuartierTaxonomy(tax) {
			for _, d := range taxonomyDefs {
				if t.TaxonomyID == taxonomyID(d.name) {
					tax = d.name
				}
			}
		}
		if !isQuartierTaxonomy(tax) {
			if report {
				m.warn(a.o.at("taxonomy_term"), fmt.Sprintf("Begriff %q (Taxonomie %q) wird nicht übernommen: er gehört zu keiner Taxonomie des Quartier-Profils.",
					firstOf(t.Code, t.Name, t.ID), firstOf(t.Taxonomy, t.TaxonomyID, "ohne Angabe")))
			}
			continue
		}
		if t.Code == "" {
			m.fail(t.o.at("code"), fmt.Sprintf("Begriff %q der Taxonomie %s hat keinen Code.", t.Name, tax))
			continue
		}
		out = append(out, attr{taxonomy: tax, code: t.Code, value: a.Value, o: a.o, term: t.o})
	}
	return out
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// key is the Quartier key an object carries, or the foreign key of its id.
func (m *mapper) key(kind, id string, as []attr, o origin) (string, bool) {
	key := foreignKey(id)
	at := o.at("id")
	for _, a := range as {
		if a.taxonomy == TaxProfile && a.code == termKey {
			key, at = a.value, a.o.at("value")
		}
	}
	if !quartier.ValidCode(key) {
		m.fail(at, fmt.Sprintf("Schlüssel %q ist ungültig (a–z, 0–9, - und _, höchstens 40 Zeichen).", key))
		return "", false
	}
	if prev, dup := m.keys[kind+":"+key]; dup && prev != id {
		m.failKind(at, quartier.ProblemDuplicateCode, fmt.Sprintf("Schlüssel %q kommt zweimal vor.", key))
		return "", false
	}
	m.keys[kind+":"+key] = id
	return key, true
}

var statusIn = map[string]quartier.OfferStatus{
	"active": quartier.OfferActive, "temporarily closed": quartier.OfferPaused, "inactive": quartier.OfferEnded, "defunct": quartier.OfferEnded,
}

func (m *mapper) service(s *Service) {
	before := m.errors()
	if m.serviceID[s.ID] {
		m.failKind(s.o.at("id"), quartier.ProblemDuplicateCode, fmt.Sprintf("Der Dienst %s kommt zweimal vor.", s.ID))
		return
	}
	m.serviceID[s.ID] = true
	as := m.ours(s.Attributes, true)
	key, _ := m.key("service", s.ID, as, s.o)
	o := quartier.Offer{Key: key, Name: strings.TrimSpace(s.Name), Description: s.Description, Website: s.URL,
		Status: statusIn[s.Status], Costs: s.FeesDescription}
	if o.Name == "" {
		m.fail(s.o.at("name"), "Der Dienst braucht einen Namen.")
	}
	if o.Costs == "" {
		o.Costs = costText(s.CostOptions)
	}
	o.Provider = m.serviceProvider(s)
	o.MinAge = m.age(s.MinimumAge, s.o.at("minimum_age"))
	o.MaxAge = m.age(s.MaximumAge, s.o.at("maximum_age"))
	if o.MinAge != nil && o.MaxAge != nil && *o.MinAge > *o.MaxAge {
		m.fail(s.o.at("maximum_age"), fmt.Sprintf("Das Höchstalter %d liegt unter dem Mindestalter %d.", *o.MaxAge, *o.MinAge))
	}
	if s.AssuredDate != "" {
		if d, ok := parseDate(s.AssuredDate); ok {
			o.VerifiedOn = d
		} else {
			m.fail(s.o.at("assured_date"), fmt.Sprintf("%q ist kein Datum (JJJJ-MM-TT).", s.AssuredDate))
		}
	}
	if s.LastModified != "" {
		if t, err := time.Parse(time.RFC3339Nano, s.LastModified); err == nil {
			o.UpdatedAt = t.UTC()
		}
	}
	for _, a := range as {
		switch {
		case a.taxonomy == TaxTopics:
			if _, ok := m.topics[a.code]; !ok {
				m.fail(a.term.at("code"), fmt.Sprintf("Unbekanntes Thema %q: die Taxonomie %s dieser Installation kennt es nicht.", a.code, TaxTopics))
			} else if !slices.Contains(o.Topics, a.code) {
				o.Topics = append(o.Topics, a.code)
			}
		case a.taxonomy == TaxTargetGroups && !slices.Contains(o.TargetGroups, a.code):
			o.TargetGroups = append(o.TargetGroups, a.code)
		case a.taxonomy == TaxProfile && (a.code == termValidFrom || a.code == termValidTo):
			d, ok := parseDate(a.value)
			if !ok {
				m.fail(a.o.at("value"), fmt.Sprintf("%q ist kein Datum (JJJJ-MM-TT).", a.value))
				continue
			}
			if a.code == termValidFrom {
				o.ValidFrom = &d
			} else {
				end := d.AddDate(0, 0, 1) // Quartier's end is exclusive
				o.ValidTo = &end
			}
		}
	}
	if len(o.Topics) == 0 && m.errors() == before {
		m.fail(s.o.at("attributes"), fmt.Sprintf("Der Dienst braucht mindestens ein Thema der Taxonomie %s (als attribute mit taxonomy_term).", TaxTopics))
	}
	for i, l := range s.Languages {
		code := m.language(l)
		switch {
		case code == "":
			m.fail(s.Languages[i].o.at("code"), fmt.Sprintf("Sprache %q ist kein Sprachcode nach ISO 639-1 oder 639-3.", firstOf(l.Code, l.Name)))
		case !slices.Contains(o.Languages, code):
			o.Languages = append(o.Languages, code)
		}
	}
	for i := range s.Contacts {
		if c, ok := m.contact(&s.Contacts[i]); ok {
			o.Contacts = append(o.Contacts, c)
		}
	}
	for i := range s.ServiceAtLocations {
		sal := &s.ServiceAtLocations[i]
		if len(sal.Schedules) > 0 {
			m.warn(sal.o.at("schedules"), "Zeitpläne je Standort werden nicht übernommen; Quartier führt Öffnungszeiten je Angebot (schedules des Dienstes).")
		}
		id := sal.LocationID
		if sal.Location != nil {
			id = sal.Location.ID
		}
		pid, ok := m.place(id, sal.o)
		if ok && !slices.Contains(o.Places, pid) {
			o.Places = append(o.Places, pid)
		}
	}
	o.Capacity = m.capacity(s.Capacities)
	o.Hours = m.hours(s.Schedules, o.ValidFrom, o.ValidTo)
	if o.Status == "" {
		o.Status = quartier.OfferActive
	}
	if m.errors() == before {
		if err := o.Validate(m.topics); err != nil {
			m.fail(s.o, quartier.ErrorMessage(err))
		}
	}
	m.ds.Offers = append(m.ds.Offers, o)
}

// capacity takes the places of a service: a capacity in Quartier's unit
// (identifier platz, or named Platz or Plätze), its maximum where given,
// else what is available. Capacities in other units (beds, hours) have no
// field in Quartier and are left out with a warning.
func (m *mapper) capacity(cs []ServiceCapacity) *int {
	var places *int
	for i := range cs {
		c := &cs[i]
		if !isPlacesUnit(c.Unit) {
			name := ""
			if c.Unit != nil {
				name = firstOf(c.Unit.Name, c.Unit.Identifier, c.Unit.ID)
			}
			m.warn(c.o.at("unit"), fmt.Sprintf("Kapazität in der Einheit %q wird nicht übernommen: Quartier führt nur Plätze.", name))
			continue
		}
		v, field := c.Available, "available"
		if c.Maximum != nil {
			v, field = *c.Maximum, "maximum"
		}
		if places != nil {
			m.fail(c.o, "Der Dienst nennt seine Plätze zweimal; Quartier führt eine Platzzahl je Angebot.")
			return nil
		}
		if v != math.Trunc(v) || v < 0 || v > quartier.MaxCapacity {
			m.fail(c.o.at(field), fmt.Sprintf("Plätze %v: Quartier nimmt ganze Zahlen von 0 bis %s.", v, geo.Count(quartier.MaxCapacity)))
			return nil
		}
		n := int(v)
		places = &n
	}
	return places
}

func isPlacesUnit(u *Unit) bool {
	if u == nil {
		return false
	}
	if u.ID == placesUnit().ID || strings.EqualFold(strings.TrimSpace(u.Identifier), unitPlaces) {
		return true
	}
	name := strings.ToLower(strings.TrimSpace(u.Name))
	return name == "platz" || name == "plätze"
}

func costText(cs []CostOption) string {
	var parts []string
	for _, c := range cs {
		var p []string
		if c.Option != "" {
			p = append(p, c.Option+":")
		}
		if c.Amount != nil {
			p = append(p, strconv.FormatFloat(*c.Amount, 'f', -1, 64)+" "+strings.ToUpper(c.Currency))
		}
		if c.AmountDescription != "" {
			p = append(p, c.AmountDescription)
		}
		if len(p) > 0 {
			parts = append(parts, strings.Join(p, " "))
		}
	}
	return strings.Join(parts, "; ")
}

func (m *mapper) age(v *float64, o origin) *int {
	if v == nil {
		return nil
	}
	if *v != math.Trunc(*v) || *v < 0 || *v > 120 {
		m.fail(o, fmt.Sprintf("Alter %v: Quartier nimmt ganze Jahre von 0 bis 120.", *v))
		return nil
	}
	a := int(*v)
	return &a
}

func (m *mapper) language(l Language) string {
	code := strings.TrimSpace(l.Code)
	if code == "" {
		return ""
	}
	b, err := language.ParseBase(code)
	if err != nil {
		return ""
	}
	s := b.String()
	if len(s) != 2 {
		return ""
	}
	return s
}

// serviceProvider finds the provider code of a service's organization.
func (m *mapper) serviceProvider(s *Service) string {
	id := s.OrganizationID
	if s.Organization != nil {
		id = s.Organization.ID
	}
	if id == "" {
		return ""
	}
	code, ok := m.organization(id)
	if !ok {
		m.warn(s.o.at("organization_id"), fmt.Sprintf("Die Organisation %s ist nicht enthalten; das Angebot wird ohne Träger übernommen.", id))
	}
	return code
}

// organization maps an organization once and returns its provider code.
func (m *mapper) organization(id string) (string, bool) {
	if code, ok := m.provider[id]; ok {
		return code, true
	}
	org, ok := m.orgByID[id]
	if !ok {
		return "", false
	}
	m.provider[id] = ""
	as := m.ours(org.Attributes, true)
	p := quartier.Provider{Name: strings.TrimSpace(org.Name), ShortName: org.AlternateName, Website: org.Website, Kind: quartier.ProviderIndependent}
	for _, a := range as {
		if a.taxonomy != TaxProfile {
			continue
		}
		switch a.code {
		case termPublisher:
			return "", true
		case termPublicProvider:
			p.Kind = quartier.ProviderPublic
		}
	}
	code, ok := m.key("organization", id, as, org.o)
	if !ok {
		return "", true
	}
	p.Code = code
	if p.Name == "" {
		m.fail(org.o.at("name"), "Die Organisation braucht einen Namen.")
		return "", true
	}
	if err := p.Validate(); err != nil {
		m.fail(org.o, quartier.ErrorMessage(err))
		return "", true
	}
	m.provider[id] = code
	m.ds.Providers = append(m.ds.Providers, p)
	return code, true
}

func (m *mapper) contact(c *Contact) (quartier.Contact, bool) {
	qc := quartier.Contact{Name: strings.TrimSpace(firstOf(c.Name, c.Title, c.Department)), Role: c.Title, Email: c.Email, Visibility: quartier.VisiblePublic}
	if c.Name == "" {
		qc.Role = ""
	}
	if qc.Name == "" {
		m.fail(c.o.at("name"), "Der Kontakt braucht einen Namen (name, title oder department).")
		return qc, false
	}
	var phones []string
	for _, p := range c.Phones {
		if n := strings.TrimSpace(p.Number); n != "" {
			phones = append(phones, n)
		}
	}
	qc.Phone = strings.Join(phones, ", ")
	for code := range m.profileOf(c.Attributes) {
		if code == termProfessionals {
			qc.Visibility = quartier.VisibleProfessionals
		}
	}
	return qc, true
}

// place maps a location once and returns its Place.ID.
func (m *mapper) place(id string, ref origin) (int64, bool) {
	if pid, ok := m.placeID[id]; ok {
		return pid, pid != 0
	}
	l, ok := m.locByID[id]
	switch {
	case id == "":
		m.failKind(ref.at("location_id"), quartier.ProblemReference, "Der Eintrag nennt keinen Ort (location oder location_id).")
		return 0, false
	case !ok:
		m.failKind(ref.at("location_id"), quartier.ProblemReference, fmt.Sprintf("Der Ort %s ist nicht enthalten.", id))
		return 0, false
	}
	m.placeID[id] = 0
	before := m.errors()
	as := m.ours(l.Attributes, true)
	key, _ := m.key("location", id, as, l.o)
	p := quartier.Place{ID: int64(len(m.ds.Places) + 1), Key: key, Name: strings.TrimSpace(l.Name), ContactPath: l.Description}
	if p.Name == "" {
		m.fail(l.o.at("name"), "Der Ort braucht einen Namen.")
	}
	for _, a := range as {
		switch {
		case a.taxonomy == TaxProfile && a.code == termConfidential:
			p.Confidential = true
		case a.taxonomy == TaxSpaces:
			p.Space = quartier.SpaceCode(a.code)
		case a.taxonomy == TaxBlocks:
			p.Block = a.code
		}
	}
	if l.OrganizationID != "" {
		code, ok := m.organization(l.OrganizationID)
		if !ok {
			m.warn(l.o.at("organization_id"), fmt.Sprintf("Die Organisation %s ist nicht enthalten; der Ort wird ohne Träger übernommen.", l.OrganizationID))
		}
		p.Provider = code
	}
	m.point(l, &p)
	if ad := pickAddress(l.Addresses); ad != nil {
		p.Street, p.HouseNumber = splitStreet(ad.Address1)
		p.Postcode, p.City = strings.TrimSpace(ad.PostalCode), strings.TrimSpace(ad.City)
	}
	if !p.HasPoint() && p.Street == "" && p.Postcode == "" && !p.Confidential && m.errors() == before {
		m.fail(l.o, "Der Ort hat weder Koordinaten (latitude/longitude) noch eine Adresse.")
	}
	var notes []string
	for i := range l.Accessibility {
		a := &l.Accessibility[i]
		coded := false
		for _, t := range m.ours(a.Attributes, true) {
			if t.taxonomy != TaxAccessibility {
				continue
			}
			coded = true
			if _, known := quartier.AccessibilityTerms[t.code]; !known {
				m.fail(t.term.at("code"), fmt.Sprintf("Unbekanntes Merkmal der Barrierefreiheit %q.", t.code))
			} else if !slices.Contains(p.Accessibility, t.code) {
				p.Accessibility = append(p.Accessibility, t.code)
			}
		}
		if !coded {
			if t := strings.TrimSpace(strings.Join([]string{a.Description, a.Details}, " ")); t != "" {
				notes = append(notes, t)
			}
		} else if a.Details != "" {
			notes = append(notes, a.Details)
		}
	}
	p.AccessibilityNote = strings.Join(notes, " ")
	if len(l.Schedules) > 0 {
		m.warn(l.o.at("schedules"), "Zeitpläne des Orts werden nicht übernommen; Quartier führt Öffnungszeiten je Angebot.")
	}
	if m.errors() == before {
		if err := p.Validate(); err != nil {
			m.fail(l.o, quartier.ErrorMessage(err))
		}
	}
	if m.errors() > before {
		return 0, false
	}
	m.placeID[id] = p.ID
	m.ds.Places = append(m.ds.Places, p)
	return p.ID, true
}

func (m *mapper) point(l *Location, p *quartier.Place) {
	switch {
	case l.Latitude == nil && l.Longitude == nil:
		return
	case l.Latitude == nil || l.Longitude == nil:
		m.fail(l.o.at("latitude"), "latitude und longitude gehören zusammen: eine fehlt.")
		return
	}
	pt := orb.Point{*l.Longitude, *l.Latitude}
	if err := geo.CheckRange(quartier.WGS84, pt); err != nil || m.toLocal == nil {
		m.fail(l.o.at("latitude"), fmt.Sprintf("Koordinate %g, %g (Breite, Länge) liegt außerhalb von WGS84.", *l.Latitude, *l.Longitude))
		return
	}
	local := m.toLocal(pt)
	p.X, p.Y = local[0], local[1]
}

func pickAddress(as []Address) *Address {
	for i := range as {
		if as[i].AddressType == "physical" {
			return &as[i]
		}
	}
	if len(as) > 0 {
		return &as[0]
	}
	return nil
}

// splitStreet cuts "Karl-Marx-Allee 12 a" into street and house number at
// the last word that starts with a digit; street + " " + number gives the
// line back, so the split is stable under export and import. A line that
// starts with its number ("1-30 Main Street") stays whole.
func splitStreet(line string) (string, string) {
	line = strings.TrimSpace(line)
	cut := -1
	for i := 1; i < len(line); i++ {
		if line[i] >= '0' && line[i] <= '9' && (i == 0 || line[i-1] == ' ') {
			cut = i
		}
	}
	if cut < 0 {
		return line, ""
	}
	return strings.TrimSpace(line[:cut]), line[cut:]
}
