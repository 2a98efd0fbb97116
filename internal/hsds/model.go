package hsds

import "strconv"

// HSDS 3.1 objects, with the fields Quartier writes or reads, in the order
// of the schema's properties. Fields that a schema requires carry no
// omitempty. JSON nests the objects ("dereferenced",
// docs/hsds/serialization.md) and still carries the foreign keys
// (service_id, location_id, link_id …) the tabular package needs, so both
// forms come from the same objects.

// Service is an HSDS service: a Quartier offer.
type Service struct {
	ID                     string              `json:"id"`
	OrganizationID         string              `json:"organization_id,omitempty"`
	Name                   string              `json:"name"`
	AlternateName          string              `json:"alternate_name,omitempty"`
	Description            string              `json:"description,omitempty"`
	URL                    string              `json:"url,omitempty"`
	Email                  string              `json:"email,omitempty"`
	Status                 string              `json:"status"`
	FeesDescription        string              `json:"fees_description,omitempty"`
	EligibilityDescription string              `json:"eligibility_description,omitempty"`
	MinimumAge             *float64            `json:"minimum_age,omitempty"`
	MaximumAge             *float64            `json:"maximum_age,omitempty"`
	AssuredDate            string              `json:"assured_date,omitempty"`
	LastModified           string              `json:"last_modified,omitempty"`
	Phones                 []Phone             `json:"phones,omitempty"`
	Schedules              []Schedule          `json:"schedules,omitempty"`
	ServiceAtLocations     []ServiceAtLocation `json:"service_at_locations,omitempty"`
	Languages              []Language          `json:"languages,omitempty"`
	Organization           *Organization       `json:"organization,omitempty"`
	CostOptions            []CostOption        `json:"cost_options,omitempty"`
	Contacts               []Contact           `json:"contacts,omitempty"`
	Capacities             []ServiceCapacity   `json:"capacities,omitempty"`
	Attributes             []Attribute         `json:"attributes,omitempty"`
	o                      origin
}

// Summary is the service as list endpoints give it (compiled
// service_list.json): its own fields and the organization, no arrays.
func (s Service) Summary() Service {
	s.Phones, s.Schedules, s.ServiceAtLocations, s.Languages = nil, nil, nil, nil
	s.CostOptions, s.Contacts, s.Capacities, s.Attributes = nil, nil, nil, nil
	return s
}

// Organization is an HSDS organization: a Quartier provider.
type Organization struct {
	ID            string      `json:"id"`
	Name          string      `json:"name"`
	AlternateName string      `json:"alternate_name,omitempty"`
	Description   string      `json:"description"`
	Website       string      `json:"website,omitempty"`
	Locations     []Location  `json:"locations,omitempty"`
	Attributes    []Attribute `json:"attributes,omitempty"`
	Services      []Service   `json:"services,omitempty"`
	o             origin
}

// Location is an HSDS location: a Quartier place.
type Location struct {
	ID             string          `json:"id"`
	LocationType   string          `json:"location_type"`
	OrganizationID string          `json:"organization_id,omitempty"`
	Name           string          `json:"name,omitempty"`
	Description    string          `json:"description,omitempty"`
	Latitude       *float64        `json:"latitude,omitempty"`
	Longitude      *float64        `json:"longitude,omitempty"`
	Addresses      []Address       `json:"addresses,omitempty"`
	Accessibility  []Accessibility `json:"accessibility,omitempty"`
	Schedules      []Schedule      `json:"schedules,omitempty"`
	Attributes     []Attribute     `json:"attributes,omitempty"`
	o              origin
}

// ServiceAtLocation links a service to a location.
type ServiceAtLocation struct {
	ID          string     `json:"id"`
	ServiceID   string     `json:"service_id,omitempty"`
	LocationID  string     `json:"location_id,omitempty"`
	Description string     `json:"description,omitempty"`
	Schedules   []Schedule `json:"schedules,omitempty"`
	Location    *Location  `json:"location,omitempty"`
	Service     *Service   `json:"service,omitempty"`
	o           origin
}

// Address is a postal address of a location.
type Address struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id,omitempty"`
	Address1      string `json:"address_1"`
	Address2      string `json:"address_2,omitempty"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
	o             origin
}

// Phone is a telephone number; Quartier writes them for contacts.
type Phone struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id,omitempty"`
	ContactID string `json:"contact_id,omitempty"`
	Number    string `json:"number"`
	o         origin
}

// Contact is a named contact of a service.
type Contact struct {
	ID         string      `json:"id"`
	ServiceID  string      `json:"service_id,omitempty"`
	Name       string      `json:"name,omitempty"`
	Title      string      `json:"title,omitempty"`
	Department string      `json:"department,omitempty"`
	Email      string      `json:"email,omitempty"`
	Phones     []Phone     `json:"phones,omitempty"`
	Attributes []Attribute `json:"attributes,omitempty"`
	o          origin
}

// Schedule is one RFC 5545-style rule of opening hours.
type Schedule struct {
	ID                  string      `json:"id"`
	ServiceID           string      `json:"service_id,omitempty"`
	LocationID          string      `json:"location_id,omitempty"`
	ServiceAtLocationID string      `json:"service_at_location_id,omitempty"`
	ValidFrom           string      `json:"valid_from,omitempty"`
	ValidTo             string      `json:"valid_to,omitempty"`
	DTStart             string      `json:"dtstart,omitempty"`
	Timezone            *float64    `json:"timezone,omitempty"`
	Until               string      `json:"until,omitempty"`
	Count               *float64    `json:"count,omitempty"`
	Wkst                string      `json:"wkst,omitempty"`
	Freq                string      `json:"freq,omitempty"`
	Interval            *float64    `json:"interval,omitempty"`
	ByDay               string      `json:"byday,omitempty"`
	ByWeekNo            string      `json:"byweekno,omitempty"`
	ByMonthDay          string      `json:"bymonthday,omitempty"`
	ByYearDay           string      `json:"byyearday,omitempty"`
	Description         string      `json:"description,omitempty"`
	OpensAt             string      `json:"opens_at,omitempty"`
	ClosesAt            string      `json:"closes_at,omitempty"`
	Notes               string      `json:"notes,omitempty"`
	Attributes          []Attribute `json:"attributes,omitempty"`
	o                   origin
}

// Language is a language a service is delivered in.
type Language struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id,omitempty"`
	Name      string `json:"name,omitempty"`
	Code      string `json:"code,omitempty"`
	Note      string `json:"note,omitempty"`
	o         origin
}

// Accessibility is one accessibility arrangement of a location.
type Accessibility struct {
	ID          string      `json:"id"`
	LocationID  string      `json:"location_id,omitempty"`
	Description string      `json:"description,omitempty"`
	Details     string      `json:"details,omitempty"`
	Attributes  []Attribute `json:"attributes,omitempty"`
	o           origin
}

// CostOption is a structured price of a service.
type CostOption struct {
	ID                string   `json:"id"`
	ServiceID         string   `json:"service_id,omitempty"`
	Option            string   `json:"option,omitempty"`
	Currency          string   `json:"currency,omitempty"`
	Amount            *float64 `json:"amount,omitempty"`
	AmountDescription string   `json:"amount_description,omitempty"`
	o                 origin
}

// ServiceCapacity is how much of a service there is, counted in a unit:
// Quartier writes an offer's places (Offer.Capacity) in the unit Platz.
type ServiceCapacity struct {
	ID          string   `json:"id"`
	ServiceID   string   `json:"service_id,omitempty"`
	Unit        *Unit    `json:"unit,omitempty"` // required in JSON; the package has unit_id
	UnitID      string   `json:"unit_id,omitempty"`
	Available   float64  `json:"available"`
	Maximum     *float64 `json:"maximum,omitempty"`
	Description string   `json:"description,omitempty"`
	Updated     string   `json:"updated"`
	o           origin
}

// Unit is what a capacity counts (places, beds, hours).
type Unit struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Scheme     string `json:"scheme,omitempty"`
	Identifier string `json:"identifier,omitempty"`
	URI        string `json:"uri,omitempty"`
	o          origin
}

// Attribute links an object to a taxonomy term, optionally with a value.
type Attribute struct {
	ID             string        `json:"id"`
	LinkID         string        `json:"link_id,omitempty"`
	TaxonomyTermID string        `json:"taxonomy_term_id,omitempty"`
	LinkType       string        `json:"link_type,omitempty"`
	LinkEntity     string        `json:"link_entity,omitempty"`
	Value          string        `json:"value,omitempty"`
	TaxonomyTerm   *TaxonomyTerm `json:"taxonomy_term,omitempty"`
	Label          string        `json:"label,omitempty"`
	o              origin
}

// TaxonomyTerm is a term of a taxonomy.
type TaxonomyTerm struct {
	ID             string    `json:"id"`
	Code           string    `json:"code,omitempty"`
	Name           string    `json:"name"`
	Description    string    `json:"description"`
	ParentID       string    `json:"parent_id,omitempty"`
	Taxonomy       string    `json:"taxonomy,omitempty"`
	TaxonomyDetail *Taxonomy `json:"taxonomy_detail,omitempty"`
	Language       string    `json:"language,omitempty"`
	TaxonomyID     string    `json:"taxonomy_id,omitempty"`
	TermURI        string    `json:"term_uri,omitempty"`
	o              origin
}

// Taxonomy is a vocabulary of terms.
type Taxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URI         string `json:"uri,omitempty"`
	Version     string `json:"version,omitempty"`
	o           origin
}

// Page is the paged envelope of the HSDS API (openapi.json
// #/components/schemas/Page plus contents).
type Page[T any] struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
	Contents   []T  `json:"contents"`
}

// Paginate cuts page (1-based) of perPage items out of all. A page past the
// end is empty, not an error, so a client walking pages stops on Empty.
func Paginate[T any](all []T, page, perPage int) Page[T] {
	from, to := Window(len(all), page, perPage)
	return NewPage(len(all), page, perPage, append([]T{}, all[from:to]...))
}

// Window is the part [from, to) of total items that page (1-based) of
// perPage items shows, as Paginate cuts it.
func Window(total, page, perPage int) (from, to int) {
	page, perPage = max(page, 1), max(perPage, 1)
	from = min((page-1)*perPage, total)
	return from, min(from+perPage, total)
}

// NewPage is page (1-based) of perPage items out of total, with contents
// (the items of Window), as Paginate gives it.
func NewPage[T any](total, page, perPage int, contents []T) Page[T] {
	page, perPage = max(page, 1), max(perPage, 1)
	pages := (total + perPage - 1) / perPage
	if contents == nil {
		contents = []T{}
	}
	return Page[T]{TotalItems: total, TotalPages: pages, PageNumber: page, Size: len(contents),
		FirstPage: page == 1, LastPage: page >= pages, Empty: len(contents) == 0, Contents: contents}
}

// Info is the answer of the API's root endpoint.
type Info struct {
	Version    string `json:"version"`
	Profile    string `json:"profile"`
	OpenAPIURL string `json:"openapi_url"`
}

// locate records the JSON pointer of every object below p, so problems
// found while mapping can say where they are.
func (s *Service) locate(p string) {
	s.o = origin{ptr: p}
	for i := range s.Phones {
		s.Phones[i].o = origin{ptr: at(p, "phones", i)}
	}
	for i := range s.Schedules {
		s.Schedules[i].locate(at(p, "schedules", i))
	}
	for i := range s.ServiceAtLocations {
		sal := &s.ServiceAtLocations[i]
		q := at(p, "service_at_locations", i)
		sal.o = origin{ptr: q}
		for j := range sal.Schedules {
			sal.Schedules[j].locate(at(q, "schedules", j))
		}
		if sal.Location != nil {
			sal.Location.locate(q + "/location")
		}
	}
	for i := range s.Languages {
		s.Languages[i].o = origin{ptr: at(p, "languages", i)}
	}
	if s.Organization != nil {
		o := s.Organization
		o.o = origin{ptr: p + "/organization"}
		locateAttributes(o.Attributes, o.o.ptr)
		for i := range o.Locations {
			o.Locations[i].locate(at(o.o.ptr, "locations", i))
		}
	}
	for i := range s.CostOptions {
		s.CostOptions[i].o = origin{ptr: at(p, "cost_options", i)}
	}
	for i := range s.Capacities {
		c := &s.Capacities[i]
		c.o = origin{ptr: at(p, "capacities", i)}
		if c.Unit != nil {
			c.Unit.o = origin{ptr: c.o.ptr + "/unit"}
		}
	}
	for i := range s.Contacts {
		c := &s.Contacts[i]
		c.o = origin{ptr: at(p, "contacts", i)}
		for j := range c.Phones {
			c.Phones[j].o = origin{ptr: at(c.o.ptr, "phones", j)}
		}
		locateAttributes(c.Attributes, c.o.ptr)
	}
	locateAttributes(s.Attributes, p)
}

func (l *Location) locate(p string) {
	l.o = origin{ptr: p}
	for i := range l.Addresses {
		l.Addresses[i].o = origin{ptr: at(p, "addresses", i)}
	}
	for i := range l.Accessibility {
		a := &l.Accessibility[i]
		a.o = origin{ptr: at(p, "accessibility", i)}
		locateAttributes(a.Attributes, a.o.ptr)
	}
	for i := range l.Schedules {
		l.Schedules[i].locate(at(p, "schedules", i))
	}
	locateAttributes(l.Attributes, p)
}

func (s *Schedule) locate(p string) {
	s.o = origin{ptr: p}
	locateAttributes(s.Attributes, p)
}

func locateAttributes(as []Attribute, p string) {
	for i := range as {
		a := &as[i]
		a.o = origin{ptr: at(p, "attributes", i)}
		if a.TaxonomyTerm != nil {
			a.TaxonomyTerm.o = origin{ptr: a.o.ptr + "/taxonomy_term"}
		}
	}
}

func at(p, field string, i int) string { return p + "/" + field + "/" + strconv.Itoa(i) }
