package hsds

import (
	"bytes"
	"compress/gzip"
	"io"
	"sync"
	"time"
)

// Catalog is an encoded document with what the API looks up in it: every
// object by id, the services and locations of each organization, the list
// form of each service and what the service filters read. It is built once
// per atlas snapshot and audience and then only read, by any number of
// requests at once, so that a request for one item costs that item, not
// the atlas; the whole-atlas files are encoded on first use and kept.
type Catalog struct {
	Doc *Document
	// Summaries are Doc.Services in list form, in the same order.
	Summaries []Service
	// Modified is each service's last_modified (zero if it has none), for
	// the filters.
	Modified []time.Time
	// ServiceOf is the position in Doc.Services of each entry of
	// Doc.ServiceAtLocations (-1 if none).
	ServiceOf []int

	services, organizations, locations, serviceAtLocations, taxonomies, terms map[string]int
	orgServices, orgLocations                                                 map[string][]int

	json, jsonGz, zip lazyFile
}

type lazyFile struct {
	once sync.Once
	b    []byte
	err  error
}

// NewCatalog indexes doc, which must not change afterwards.
func NewCatalog(doc *Document) *Catalog {
	c := &Catalog{Doc: doc, orgServices: map[string][]int{}, orgLocations: map[string][]int{}}
	c.services = index(doc.Services, func(x Service) string { return x.ID })
	c.organizations = index(doc.Organizations, func(x Organization) string { return x.ID })
	c.locations = index(doc.Locations, func(x Location) string { return x.ID })
	c.serviceAtLocations = index(doc.ServiceAtLocations, func(x ServiceAtLocation) string { return x.ID })
	c.taxonomies = index(doc.Taxonomies, func(x Taxonomy) string { return x.ID })
	c.terms = index(doc.TaxonomyTerms, func(x TaxonomyTerm) string { return x.ID })
	c.Summaries = make([]Service, len(doc.Services))
	c.Modified = make([]time.Time, len(doc.Services))
	for i, s := range doc.Services {
		c.Summaries[i] = s.Summary()
		if t, err := time.Parse(time.RFC3339Nano, s.LastModified); err == nil {
			c.Modified[i] = t
		}
		c.orgServices[s.OrganizationID] = append(c.orgServices[s.OrganizationID], i)
	}
	for i, l := range doc.Locations {
		if l.OrganizationID != "" {
			c.orgLocations[l.OrganizationID] = append(c.orgLocations[l.OrganizationID], i)
		}
	}
	c.ServiceOf = make([]int, len(doc.ServiceAtLocations))
	for i, sal := range doc.ServiceAtLocations {
		c.ServiceOf[i] = -1
		if j, ok := c.services[sal.ServiceID]; ok {
			c.ServiceOf[i] = j
		}
	}
	return c
}

// index maps ids to positions; the first of a repeated id wins, as a scan
// from the start would find it.
func index[T any](xs []T, id func(T) string) map[string]int {
	m := make(map[string]int, len(xs))
	for i, x := range xs {
		if _, ok := m[id(x)]; !ok {
			m[id(x)] = i
		}
	}
	return m
}

func byID[T any](xs []T, m map[string]int, id string) (*T, bool) {
	i, ok := m[id]
	if !ok {
		return nil, false
	}
	return &xs[i], true
}

// ServiceOfKey is the position in Doc.Services of the service of the
// offer with a Quartier key.
func (c *Catalog) ServiceOfKey(key string) (int, bool) {
	i, ok := c.services[keyID("service", key)]
	return i, ok
}

// Service is the service with the id, in full.
func (c *Catalog) Service(id string) (*Service, bool) {
	return byID(c.Doc.Services, c.services, id)
}

// Location is the location with the id.
func (c *Catalog) Location(id string) (*Location, bool) {
	return byID(c.Doc.Locations, c.locations, id)
}

// ServiceAtLocation is the service at location with the id.
func (c *Catalog) ServiceAtLocation(id string) (*ServiceAtLocation, bool) {
	return byID(c.Doc.ServiceAtLocations, c.serviceAtLocations, id)
}

// Taxonomy is the taxonomy with the id.
func (c *Catalog) Taxonomy(id string) (*Taxonomy, bool) {
	return byID(c.Doc.Taxonomies, c.taxonomies, id)
}

// TaxonomyTerm is the term with the id.
func (c *Catalog) TaxonomyTerm(id string) (*TaxonomyTerm, bool) {
	return byID(c.Doc.TaxonomyTerms, c.terms, id)
}

// Organization is the organization with its services (as summaries) and
// its locations, as /organizations/{id} gives it; it is the caller's copy.
func (c *Catalog) Organization(id string) (*Organization, bool) {
	o, ok := byID(c.Doc.Organizations, c.organizations, id)
	if !ok {
		return nil, false
	}
	out := *o
	for _, i := range c.orgServices[id] {
		out.Services = append(out.Services, c.Summaries[i])
	}
	for _, i := range c.orgLocations[id] {
		out.Locations = append(out.Locations, c.Doc.Locations[i])
	}
	return &out, true
}

// JSON is Doc.WriteJSON's output, encoded once (the demo atlas: 40 MB).
// The bytes are shared: callers must not change them.
func (c *Catalog) JSON() ([]byte, error) { return c.json.get(c.Doc.WriteJSON) }

// GzipJSON is JSON gzipped, once (the demo atlas: 5 MB), for clients that
// accept it: the server then writes a eighth of the bytes, and neither
// form costs a request more than writing them.
func (c *Catalog) GzipJSON() ([]byte, error) {
	return c.jsonGz.get(func(w io.Writer) error {
		b, err := c.JSON()
		if err != nil {
			return err
		}
		zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
		if err != nil {
			return err
		}
		if _, err := zw.Write(b); err != nil {
			return err
		}
		return zw.Close()
	})
}

// ZIP is Doc.WriteCSV's output (the tabular data package), encoded once.
func (c *Catalog) ZIP() ([]byte, error) { return c.zip.get(c.Doc.WriteCSV) }

// get runs write once; callers that arrive while it runs wait for it
// rather than encoding the atlas again each.
func (f *lazyFile) get(write func(io.Writer) error) ([]byte, error) {
	f.once.Do(func() {
		var b bytes.Buffer
		if f.err = write(&b); f.err == nil {
			f.b = b.Bytes()
		}
	})
	return f.b, f.err
}
