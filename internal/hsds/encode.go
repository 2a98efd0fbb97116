package hsds

import (
	"cmp"
	"io"
	"maps"
	"math"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/geo"
)

// Dataset is the part of the atlas that is exchanged. Offer.Places hold the
// IDs of Places; Provider fields hold provider codes.
type Dataset struct {
	Topics    []quartier.Topic
	Providers []quartier.Provider
	Places    []quartier.Place
	Offers    []quartier.Offer
}

// FromView takes the atlas as the actor may see it (atlas.Service.View has filtered
// and redacted it), sorted by key so that exports are stable.
func FromView(v *atlas.View) Dataset {
	d := Dataset{Topics: v.Topics}
	for _, p := range v.Providers {
		d.Providers = append(d.Providers, p)
	}
	for _, p := range v.Places {
		if p.Provider == "" && p.ProviderID != 0 {
			p.Provider = v.Providers[p.ProviderID].Code
		}
		d.Places = append(d.Places, p)
	}
	for _, o := range v.Offers {
		if o.Provider == "" && o.ProviderID != 0 {
			o.Provider = v.Providers[o.ProviderID].Code
		}
		d.Offers = append(d.Offers, o)
	}
	return d.sorted()
}

// sorted returns the dataset with providers, places and offers in key
// order: the order of an export never depends on where the data came from.
func (d Dataset) sorted() Dataset {
	d.Providers, d.Places, d.Offers = slices.Clone(d.Providers), slices.Clone(d.Places), slices.Clone(d.Offers)
	slices.SortStableFunc(d.Providers, func(a, b quartier.Provider) int { return cmp.Compare(a.Code, b.Code) })
	slices.SortStableFunc(d.Places, func(a, b quartier.Place) int { return cmp.Compare(a.Key, b.Key) })
	slices.SortStableFunc(d.Offers, func(a, b quartier.Offer) int { return cmp.Compare(a.Key, b.Key) })
	return d
}

// Import turns the dataset into an atlas import: places and offers by key,
// providers by code.
func (d Dataset) Import(source string) atlas.Import {
	imp := atlas.Import{Source: source, Providers: d.Providers}
	keyOf := map[int64]string{}
	for _, p := range d.Places {
		keyOf[p.ID] = p.Key
		p.ID = 0
		imp.Places = append(imp.Places, p)
	}
	for _, o := range d.Offers {
		ao := atlas.OfferEntry{Offer: o}
		for _, id := range o.Places {
			if k, ok := keyOf[id]; ok {
				ao.PlaceKeys = append(ao.PlaceKeys, k)
			}
		}
		ao.Places, ao.ID = nil, 0
		imp.Offers = append(imp.Offers, ao)
	}
	return imp
}

// EncodeOptions say for whom an export is made.
type EncodeOptions struct {
	// SRID is the CRS of Place.X/Y (the installation's); HSDS gets WGS84.
	SRID quartier.SRID
	// RevealConfidential writes address, point, block and space of
	// confidential places. Without it the encoder withholds them whatever
	// the input, a second line of defence behind atlas.Service.View.
	RevealConfidential bool
	// PublicContactsOnly leaves out contacts meant for professionals.
	PublicContactsOnly bool
	// State is the Land (ISO 3166-2:DE, "BE") for state_province, which
	// HSDS requires of every address; empty leaves it empty.
	State string
	// Publisher names the organization that offers without a provider
	// are listed under (services.csv requires an organization).
	Publisher string
}

func (opt EncodeOptions) withDefaults() EncodeOptions {
	if opt.Publisher == "" {
		opt.Publisher = "Atlas der lokalen Angebote"
	}
	return opt
}

// Document is a dataset as HSDS objects, each list sorted by Quartier key.
type Document struct {
	Services           []Service // full: schedules, contacts, locations …
	Organizations      []Organization
	Locations          []Location
	ServiceAtLocations []ServiceAtLocation // with location and service summary
	Taxonomies         []Taxonomy
	TaxonomyTerms      []TaxonomyTerm
}

// publisherCode is the pseudo provider code of the atlas publisher.
const publisherCode = "quartier-atlas"

type encoder struct {
	opt      EncodeOptions
	toWGS84  func(orb.Point) orb.Point
	orgs     map[string]Organization // by provider code
	places   map[int64]Location
	placeOf  map[int64]quartier.Place
	usedTerm map[string]TaxonomyTerm // by id
	topics   map[string]quartier.Topic
}

// Encode builds the HSDS objects of a dataset.
func Encode(d Dataset, opt EncodeOptions) (*Document, error) {
	srid := opt.SRID
	if srid == quartier.NoSRID {
		srid = quartier.UTM33N
	}
	tr, err := geo.Transformer(srid, quartier.WGS84)
	if err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	e := &encoder{opt: opt, toWGS84: tr, orgs: map[string]Organization{}, places: map[int64]Location{},
		placeOf: map[int64]quartier.Place{}, usedTerm: map[string]TaxonomyTerm{}, topics: quartier.TopicIndex(d.Topics)}
	d = d.sorted()
	doc := &Document{}
	for _, p := range d.Providers {
		o := e.organization(p)
		e.orgs[p.Code] = o
		doc.Organizations = append(doc.Organizations, o)
	}
	for _, p := range d.Places {
		l := e.location(p)
		e.places[p.ID], e.placeOf[p.ID] = l, p
		doc.Locations = append(doc.Locations, l)
	}
	needPublisher := false
	for _, o := range d.Offers {
		s := e.service(o)
		if o.Provider == "" {
			needPublisher = true
		}
		doc.Services = append(doc.Services, s)
		for _, sal := range s.ServiceAtLocations {
			sum := s.Summary()
			sal.Service = &sum
			doc.ServiceAtLocations = append(doc.ServiceAtLocations, sal)
		}
	}
	if needPublisher {
		doc.Organizations = append(doc.Organizations, e.orgs[publisherCode])
	}
	doc.Taxonomies = Taxonomies()
	terms := NewTerms(d.Topics)
	terms.Add(slices.Collect(maps.Values(e.usedTerm)))
	doc.TaxonomyTerms = terms.List()
	return doc, nil
}

func taxonomyRank(name string) int {
	for i, t := range taxonomyDefs {
		if t.name == name {
			return i
		}
	}
	return len(taxonomyDefs)
}

// attribute links the object id of an entity ("service") to a term.
func (e *encoder) attribute(entity, id string, t TaxonomyTerm, value string) Attribute {
	e.usedTerm[t.ID] = t
	return Attribute{ID: newID("attribute", id+":"+t.ID+":"+value), LinkID: id, TaxonomyTermID: t.ID,
		LinkEntity: entity, Value: value, TaxonomyTerm: &t}
}

func (e *encoder) organization(p quartier.Provider) Organization {
	o := Organization{ID: keyID("organization", p.Code), Name: p.Name, AlternateName: p.ShortName, Website: webURL(p.Website)}
	t := termIndependent
	if p.Kind == quartier.ProviderPublic {
		t = termPublicProvider
	}
	kind := profileTerm(t)
	o.Description = kind.Name
	o.Attributes = append(o.Attributes, e.attribute("organization", o.ID, kind, ""))
	if _, foreign := foreignUUID(p.Code); !foreign {
		o.Attributes = append(o.Attributes, e.attribute("organization", o.ID, profileTerm(termKey), p.Code))
	}
	return o
}

func (e *encoder) publisher() Organization {
	if o, ok := e.orgs[publisherCode]; ok {
		return o
	}
	pub := profileTerm(termPublisher)
	o := Organization{ID: newID("organization", publisherCode), Name: e.opt.Publisher, Description: pub.Name}
	o.Attributes = []Attribute{e.attribute("organization", o.ID, pub, "")}
	e.orgs[publisherCode] = o
	return o
}

// location encodes a place. A confidential place keeps its name and gets
// its contact path as description; unless RevealConfidential is set, it
// has no address, no coordinates, no block, no space, no accessibility
// note and no key (keys are chosen by people and may name the street),
// and its type is "virtual": it is reached by phone, not visited.
func (e *encoder) location(p quartier.Place) Location {
	l := Location{ID: keyID("location", p.Key), LocationType: "physical", Name: p.Name, Description: p.ContactPath}
	if p.Provider != "" {
		l.OrganizationID = keyID("organization", p.Provider)
	}
	hide := p.Confidential && !e.opt.RevealConfidential
	if p.Confidential {
		l.Attributes = append(l.Attributes, e.attribute("location", l.ID, profileTerm(termConfidential), ""))
	}
	if hide {
		l.LocationType = "virtual"
		if strings.TrimSpace(l.Description) == "" {
			l.Description = p.Redacted().ContactPath
		}
		p.Street, p.HouseNumber, p.Postcode, p.City = "", "", "", ""
		p.X, p.Y, p.Block, p.Space, p.AccessibilityNote = 0, 0, "", "", ""
	} else if _, foreign := foreignUUID(p.Key); !foreign {
		l.Attributes = append(l.Attributes, e.attribute("location", l.ID, profileTerm(termKey), p.Key))
	}
	if p.HasPoint() {
		ll := e.toWGS84(orb.Point{p.X, p.Y})
		lat, lon := round7(ll[1]), round7(ll[0])
		l.Latitude, l.Longitude = &lat, &lon
	}
	if p.Street != "" || p.HouseNumber != "" || p.Postcode != "" || p.City != "" {
		l.Addresses = []Address{{ID: newID("address", l.ID), LocationID: l.ID, Address1: strings.TrimSpace(p.Street + " " + p.HouseNumber),
			City: p.City, StateProvince: quartier.StateNames[e.opt.State], PostalCode: p.Postcode, Country: "DE", AddressType: "physical"}}
	}
	for _, c := range unique(p.Accessibility) {
		a := Accessibility{ID: newID("accessibility", l.ID+":"+c), LocationID: l.ID, Description: accessibilityTerm(c).Name}
		a.Attributes = []Attribute{e.attribute("accessibility", a.ID, accessibilityTerm(c), "")}
		l.Accessibility = append(l.Accessibility, a)
	}
	if p.AccessibilityNote != "" {
		l.Accessibility = append(l.Accessibility, Accessibility{ID: newID("accessibility", l.ID+":"), LocationID: l.ID, Details: p.AccessibilityNote})
	}
	if p.Space != "" {
		l.Attributes = append(l.Attributes, e.attribute("location", l.ID, spaceTerm(string(p.Space)), ""))
	}
	if p.Block != "" {
		l.Attributes = append(l.Attributes, e.attribute("location", l.ID, blockTerm(p.Block), ""))
	}
	return l
}

// round7 keeps seven decimals (about 1 cm), which makes the WGS84 form of a
// projected point stable under the way back and forth.
func round7(v float64) float64 { return math.Round(v*1e7) / 1e7 }

var statusOut = map[quartier.OfferStatus]string{
	quartier.OfferActive: "active", quartier.OfferPaused: "temporarily closed", quartier.OfferEnded: "inactive",
}

func (e *encoder) service(o quartier.Offer) Service {
	s := Service{ID: keyID("service", o.Key), Name: o.Name, Description: o.Description, URL: webURL(o.Website),
		Status: statusOut[o.Status], FeesDescription: o.Costs}
	if s.Status == "" {
		s.Status = "active"
	}
	org, ok := e.orgs[o.Provider]
	switch {
	case o.Provider == "":
		org = e.publisher()
	case !ok:
		org = Organization{ID: keyID("organization", o.Provider), Name: o.Provider, Description: profileTerm(termIndependent).Name}
	}
	s.OrganizationID = org.ID
	s.Organization = &org
	s.MinimumAge, s.MaximumAge = age(o.MinAge), age(o.MaxAge)
	if !o.VerifiedOn.IsZero() {
		s.AssuredDate = o.VerifiedOn.Format(quartier.DateLayout)
	}
	modified := o.UpdatedAt
	for _, id := range o.Places {
		// A confidential place's changes do not count: that a shelter's
		// offer changed when its place did would tell that it moved
		// (security probe).
		if p, ok := e.placeOf[id]; ok && !p.Confidential && p.UpdatedAt.After(modified) {
			modified = p.UpdatedAt
		}
	}
	if !modified.IsZero() {
		s.LastModified = modified.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
	serviceTerms(&o, e.topics, func(_, _ string, t func() TaxonomyTerm, value string) {
		s.Attributes = append(s.Attributes, e.attribute("service", s.ID, t(), value))
	})
	for _, id := range unique(o.Places) {
		l, ok := e.places[id]
		if !ok {
			continue
		}
		s.ServiceAtLocations = append(s.ServiceAtLocations, ServiceAtLocation{ID: newID("service_at_location", s.ID+":"+l.ID),
			ServiceID: s.ID, LocationID: l.ID, Location: &l})
	}
	for _, code := range unique(o.Languages) {
		s.Languages = append(s.Languages, Language{ID: newID("language", s.ID+":"+code), ServiceID: s.ID, Code: code})
	}
	if free(o.Costs) {
		zero := 0.0
		s.CostOptions = []CostOption{{ID: newID("cost_option", s.ID), ServiceID: s.ID, Currency: "EUR", Amount: &zero, AmountDescription: o.Costs}}
	}
	s.Contacts = e.contacts(s.ID, o.Contacts)
	s.Schedules = e.schedules(s.ID, o.Hours, o.ValidFrom, o.ValidTo)
	if o.Capacity != nil {
		s.Capacities = []ServiceCapacity{capacity(s, o, *o.Capacity)}
	}
	return s
}

// serviceTerms calls f for each term the attributes of o's service link
// to, in their order, with the attribute's value. A term is named by its
// taxonomy and code, which alone make its id, and built only when f asks
// (the filters of the API need the ids, not the terms).
func serviceTerms(o *quartier.Offer, topics map[string]quartier.Topic, f func(taxonomy, code string, t func() TaxonomyTerm, value string)) {
	if _, foreign := foreignUUID(o.Key); !foreign {
		f(TaxProfile, termKey, func() TaxonomyTerm { return profileTerm(termKey) }, o.Key)
	}
	for _, t := range unique(o.Topics) {
		f(TaxTopics, t, func() TaxonomyTerm {
			topic, ok := topics[t]
			if !ok {
				topic = quartier.Topic{Code: t, Label: t}
			}
			return topicTerm(topic)
		}, "")
	}
	for _, g := range unique(o.TargetGroups) {
		f(TaxTargetGroups, g, func() TaxonomyTerm { return groupTerm(g) }, "")
	}
	if o.ValidFrom != nil {
		f(TaxProfile, termValidFrom, func() TaxonomyTerm { return profileTerm(termValidFrom) }, o.ValidFrom.Format(quartier.DateLayout))
	}
	if o.ValidTo != nil {
		f(TaxProfile, termValidTo, func() TaxonomyTerm { return profileTerm(termValidTo) }, lastDay(*o.ValidTo))
	}
}

// unitPlaces identifies the unit of Offer.Capacity; an import takes a
// capacity in this unit (or one named Platz or Plätze) and warns about
// others.
const unitPlaces = "platz"

func placesUnit() Unit {
	return Unit{ID: newID("unit", unitPlaces), Name: "Platz", Identifier: unitPlaces}
}

// capacity writes the places an offer states, the number a Kita is
// licensed for, as maximum; HSDS requires available too, and Quartier
// knows no free places, so available repeats it and the description says
// so. updated is required as well: the offer's last change (its capacity
// has no date of its own), else its verification day.
func capacity(s Service, o quartier.Offer, places int) ServiceCapacity {
	u := placesUnit()
	n := float64(places)
	updated := s.LastModified
	if updated == "" && !o.VerifiedOn.IsZero() {
		updated = o.VerifiedOn.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
	if updated == "" {
		updated = time.Unix(0, 0).UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
	return ServiceCapacity{ID: newID("service_capacity", s.ID), ServiceID: s.ID, Unit: &u, UnitID: u.ID, Available: n, Maximum: &n,
		Description: capacityDescription, Updated: updated}
}

const capacityDescription = "Plätze laut Angebot (Gesamtzahl, keine Angabe freier Plätze)"

// contacts get ids from their names, not their position, so that a
// contact has the same id in the public and in the professional export.
func (e *encoder) contacts(serviceID string, cs []quartier.Contact) []Contact {
	var out []Contact
	seen := map[string]int{}
	for _, c := range cs {
		if e.opt.PublicContactsOnly && c.Visibility != quartier.VisiblePublic {
			continue
		}
		name := c.Name
		if seen[c.Name]++; seen[c.Name] > 1 {
			name += "\x00" + strconv.Itoa(seen[c.Name])
		}
		hc := Contact{ID: newID("contact", serviceID+":"+name), ServiceID: serviceID, Name: c.Name, Title: c.Role, Email: mailAddress(c.Email)}
		if c.Phone != "" {
			hc.Phones = []Phone{{ID: newID("phone", hc.ID), ContactID: hc.ID, Number: c.Phone}}
		}
		vis := termPublic
		if c.Visibility == quartier.VisibleProfessionals {
			vis = termProfessionals
		}
		hc.Attributes = []Attribute{e.attribute("contact", hc.ID, profileTerm(vis), "")}
		out = append(out, hc)
	}
	return out
}

// unique drops repeated entries (ids derive from them and must not repeat;
// the domain does not forbid a topic or language twice).
func unique[T comparable](xs []T) []T {
	var out []T
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func age(a *int) *float64 {
	if a == nil {
		return nil
	}
	f := float64(*a)
	return &f
}

// lastDay turns Quartier's exclusive end into HSDS's inclusive last day.
func lastDay(to time.Time) string { return to.AddDate(0, 0, -1).Format(quartier.DateLayout) }

func free(costs string) bool {
	c := strings.ToLower(costs)
	for _, w := range []string{"kostenfrei", "kostenlos", "gratis", "umsonst", "unentgeltlich"} {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// webURL keeps a website only if it is an absolute http(s) URL, as the
// schema's uri format demands; Quartier does not check websites on entry.
func webURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// mailAddress drops a display name ("Frau K. <k@x.de>"): HSDS wants the
// bare address.
func mailAddress(s string) string {
	if s == "" {
		return ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return ""
	}
	return a.Address
}

// WriteJSON writes all services, in full, as one page of the HSDS API:
// what /api/hsds/export.json serves and Decode reads back.
func (doc *Document) WriteJSON(w io.Writer) error {
	sw, err := NewServicesWriter(w, len(doc.Services))
	if err != nil {
		return err
	}
	if err := sw.Write(doc.Services...); err != nil {
		return err
	}
	return sw.Close()
}

// OrganizationWithServices is the organization with its services (as
// summaries) and its locations, as /organizations/{id} gives it; nil if
// there is none with that id.
func (doc *Document) OrganizationWithServices(id string) *Organization {
	i := slices.IndexFunc(doc.Organizations, func(o Organization) bool { return o.ID == id })
	if i < 0 {
		return nil
	}
	o := doc.Organizations[i]
	for _, s := range doc.Services {
		if s.OrganizationID == id {
			o.Services = append(o.Services, s.Summary())
		}
	}
	for _, l := range doc.Locations {
		if l.OrganizationID == id {
			o.Locations = append(o.Locations, l)
		}
	}
	return &o
}
