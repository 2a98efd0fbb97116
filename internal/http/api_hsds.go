package http

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/hsds"
)

// The HSDS 3.1 API (docs/hsds/api_reference.md of the spec) over the atlas,
// read-only. Everything comes from atlas.Service.Published: the atlas as the
// caller's audience class may see it (professional contacts for signed-in
// staff, confidential addresses for nobody: HSDS is for exchange). A list
// is ordered and filtered on what the publication lists of every offer and
// place (keys, providers, topics, dates: no store read), and only the
// page's offers and places are read and encoded, so that a page costs the
// page at 100,000 offers as in a district. The whole-atlas files read the
// whole atlas for their encoding and keep only their bytes.

const (
	hsdsPerPage    = 50  // default page size
	hsdsMaxPerPage = 500 // the whole atlas of a district fits in a few pages
)

// hsdsOptions are the encoding options of a publication.
func (s *Server) hsdsOptions(pub *atlas.Publication) hsds.EncodeOptions {
	return hsds.EncodeOptions{SRID: s.spatial.SRID(), State: s.opt.Land, PublicContactsOnly: pub.Audience != atlas.AudienceStaff}
}

// hsdsEncode reads the offers and places of the publication at the
// positions and encodes them (with the offers' places and providers); the
// objects are those an encoding of the whole publication has.
func (s *Server) hsdsEncode(ctx context.Context, pub *atlas.Publication, offers, places []int) (*hsds.Document, error) {
	v, err := pub.Read(ctx, offers, places)
	if err != nil {
		return nil, err
	}
	return hsds.Encode(hsds.FromView(v), s.hsdsOptions(pub))
}

// hsdsInfo: GET /api/hsds/ – version and profile of the API.
func (s *Server) hsdsInfo(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, hsds.Info{Version: hsds.Version, Profile: hsds.ProfileURI, OpenAPIURL: hsds.OpenAPIURL})
}

// paging reads page and per_page (see intParam).
func paging(r *http.Request) (page, perPage int, err error) {
	q := r.URL.Query()
	if page, err = intParam(q, "page", 1, maxPage); err != nil {
		return 0, 0, err
	}
	if perPage, err = intParam(q, "per_page", hsdsPerPage, hsdsMaxPerPage); err != nil {
		return 0, 0, err
	}
	return page, perPage, nil
}

// hsdsServe hands the caller's publication to one endpoint.
func (s *Server) hsdsServe(f func(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error) http.HandlerFunc {
	return s.hsdsServeFrom(s.atlas.Published, f)
}

// hsdsServeFrom is hsdsServe with the publication from published.
func (s *Server) hsdsServeFrom(published func(context.Context) (*atlas.Publication, error), f func(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pub, err := published(r.Context())
		if err == nil {
			err = f(w, r, pub)
		}
		if err != nil {
			s.errorJSON(w, r, err)
		}
	}
}

// writePage answers a page of total items, read by items for the
// window [from, to) of the page.
func writePage[T any](w http.ResponseWriter, r *http.Request, total int, items func(from, to int) ([]T, error)) error {
	page, perPage, err := paging(r)
	if err != nil {
		return err
	}
	from, to := hsds.Window(total, page, perPage)
	out, err := items(from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, hsds.NewPage(total, page, perPage, out))
	return nil
}

// notFound is the answer to an unknown id.
func hsdsNotFound(r *http.Request, what string) error {
	return quartier.Errorf(quartier.ENOTFOUND, "%s %s gibt es nicht (oder nicht für Sie).", what, r.PathValue("id"))
}

// hsdsID is the path's id as ids are written.
func hsdsID(r *http.Request) string { return strings.ToLower(r.PathValue("id")) }

// hsdsIndex is an index of object ids of the publication, built once for
// it on first use (about 20 bytes an object; 100,000 ids in some 0.1 s).
func hsdsIndex(pub *atlas.Publication, kind string, build func() *hsds.IDIndex) (*hsds.IDIndex, error) {
	return atlas.Derive(pub, "hsds-ids:"+kind, func(*atlas.Publication) (*hsds.IDIndex, error) { return build(), nil })
}

// serviceFilter applies the query's cumulative filters (AND) to the
// published offers, by position: modified_after, taxonomy_term_id,
// taxonomy_id, organization_id, search. nil keeps everything. search is
// the atlas search (spelling variants, inflections, compounds, synonyms,
// typing errors); ranked then lists the positions it found, best first,
// and the answer keeps that order.
func serviceFilter(r *http.Request, pub *atlas.Publication) (keep func(i int) bool, ranked []int, err error) {
	q := r.URL.Query()
	var after time.Time
	if s := q.Get("modified_after"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			d, derr := time.Parse(quartier.DateLayout, s)
			if derr != nil {
				return nil, nil, quartier.Errorf(quartier.EINVALID, "modified_after %q ist weder ein Zeitpunkt nach RFC 3339 noch ein Datum (JJJJ-MM-TT).", s)
			}
			t = d
		}
		after = t
	}
	term, taxonomy, org := strings.ToLower(q.Get("taxonomy_term_id")), strings.ToLower(q.Get("taxonomy_id")), strings.ToLower(q.Get("organization_id"))
	var found map[int]bool
	if keys, ok := pub.SearchKeys(q.Get("search")); ok {
		found = make(map[int]bool, len(keys))
		for _, k := range keys {
			if i, ok := pub.OfferPosition(k); ok {
				found[i] = true
				ranked = append(ranked, i)
			}
		}
	}
	if after.IsZero() && term == "" && taxonomy == "" && org == "" && found == nil {
		return nil, nil, nil
	}
	terms := hsds.NewTermFilter(term, taxonomy)
	orgOf := map[string]string{} // provider code → organization id
	return func(i int) bool {
		if found != nil && !found[i] {
			return false
		}
		o := pub.Offer(i)
		if !after.IsZero() && (o.Modified.IsZero() || o.Modified.Before(after)) {
			return false
		}
		if org != "" {
			id, ok := orgOf[o.Provider]
			if !ok {
				id = hsds.OrganizationID(o.Provider)
				orgOf[o.Provider] = id
			}
			if id != org {
				return false
			}
		}
		return terms.Match(&quartier.Offer{Key: o.Key, Topics: o.Topics, TargetGroups: o.TargetGroups, ValidFrom: o.ValidFrom, ValidTo: o.ValidTo})
	}, ranked, nil
}

// servicePositions are the positions of the offers the query selects, in
// the order of the answer; all is set (and pos nil) when it selects every
// offer in key order.
func servicePositions(r *http.Request, pub *atlas.Publication) (pos []int, all bool, err error) {
	keep, ranked, err := serviceFilter(r, pub)
	if err != nil || keep == nil {
		return nil, err == nil, err
	}
	if ranked != nil {
		for _, i := range ranked {
			if keep(i) {
				pos = append(pos, i)
			}
		}
		return pos, false, nil
	}
	for i := range pub.Offers() {
		if keep(i) {
			pos = append(pos, i)
		}
	}
	return pos, false, nil
}

// span is the positions [from, to) of pos, or of all when pos is nil.
func span(pos []int, all bool, from, to int) []int {
	if !all {
		return pos[from:to]
	}
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// hsdsServices: GET /api/hsds/services – a page of services, as summaries
// (compiled service_list.json) or with full=true in full; with search in
// the order of the atlas search.
func (s *Server) hsdsServices(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	pos, all, err := servicePositions(r, pub)
	if err != nil {
		return err
	}
	total := len(pos)
	if all {
		total = pub.Offers()
	}
	full := r.URL.Query().Get("full") == "true"
	return writePage(w, r, total, func(from, to int) ([]hsds.Service, error) {
		return s.hsdsServiceList(r.Context(), pub, span(pos, all, from, to), full)
	})
}

// hsdsServiceList encodes the services of the offers at the positions, in
// their order: in full or as summaries.
func (s *Server) hsdsServiceList(ctx context.Context, pub *atlas.Publication, pos []int, full bool) ([]hsds.Service, error) {
	doc, err := s.hsdsEncode(ctx, pub, pos, nil)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*hsds.Service, len(doc.Services))
	for i := range doc.Services {
		byID[doc.Services[i].ID] = &doc.Services[i]
	}
	out := make([]hsds.Service, 0, len(pos))
	for _, i := range pos {
		sv, ok := byID[hsds.ServiceID(pub.OfferKey(i))]
		switch {
		case !ok: // gone from the store since the snapshot
		case full:
			out = append(out, *sv)
		default:
			out = append(out, sv.Summary())
		}
	}
	return out, nil
}

func (s *Server) hsdsServiceIndex(pub *atlas.Publication) (*hsds.IDIndex, error) {
	return hsdsIndex(pub, "services", func() *hsds.IDIndex { return hsds.ServiceIndex(pub.Offers(), pub.OfferKey) })
}

func (s *Server) hsdsService(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	x, err := s.hsdsServiceIndex(pub)
	if err != nil {
		return err
	}
	if i, ok := x.Find(hsdsID(r)); ok {
		doc, err := s.hsdsEncode(r.Context(), pub, []int{i}, nil)
		if err != nil {
			return err
		}
		if len(doc.Services) == 1 {
			writeJSON(w, http.StatusOK, doc.Services[0])
			return nil
		}
	}
	return hsdsNotFound(r, "Den Dienst")
}

// hsdsOrganizationList encodes the providers (in code order) and, after
// them, the publisher, as positions of one list.
func (s *Server) hsdsOrganizationList(pub *atlas.Publication, from, to int) []hsds.Organization {
	ps := pub.Providers()
	return hsds.EncodeOrganizations(ps[min(from, len(ps)):min(to, len(ps))], pub.Publisher() && from <= len(ps) && len(ps) < to, s.hsdsOptions(pub))
}

func hsdsOrganizations(pub *atlas.Publication) int {
	if pub.Publisher() {
		return len(pub.Providers()) + 1
	}
	return len(pub.Providers())
}

func (s *Server) hsdsOrganizations(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	return writePage(w, r, hsdsOrganizations(pub), func(from, to int) ([]hsds.Organization, error) {
		return s.hsdsOrganizationList(pub, from, to), nil
	})
}

// hsdsOrganization: the organization with its services (as summaries)
// and its locations, each in key order.
func (s *Server) hsdsOrganization(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	x, err := hsdsIndex(pub, "organizations", func() *hsds.IDIndex {
		return hsds.OrganizationIndex(hsdsOrganizations(pub), func(i int) string {
			if i == len(pub.Providers()) {
				return "" // the publisher
			}
			return pub.Providers()[i].Code
		})
	})
	if err != nil {
		return err
	}
	i, ok := x.Find(hsdsID(r))
	if !ok {
		return hsdsNotFound(r, "Die Organisation")
	}
	org := s.hsdsOrganizationList(pub, i, i+1)[0]
	// Its services are the offers listed under it; its locations the
	// places of its provider (a place without one has none).
	var offers, places []int
	orgOf := map[string]string{}
	of := func(code string) string {
		id, ok := orgOf[code]
		if !ok {
			id = hsds.OrganizationID(code)
			orgOf[code] = id
		}
		return id
	}
	for j := range pub.Offers() {
		if of(pub.OfferProvider(j)) == org.ID {
			offers = append(offers, j)
		}
	}
	for j := range pub.Places() {
		if p := pub.Place(j); p.Provider != "" && of(p.Provider) == org.ID {
			places = append(places, j)
		}
	}
	doc, err := s.hsdsEncode(r.Context(), pub, offers, places)
	if err != nil {
		return err
	}
	for _, sv := range doc.Services {
		if sv.OrganizationID == org.ID {
			org.Services = append(org.Services, sv.Summary())
		}
	}
	for _, l := range doc.Locations {
		if l.OrganizationID == org.ID {
			org.Locations = append(org.Locations, l)
		}
	}
	writeJSON(w, http.StatusOK, org)
	return nil
}

// hsdsLocationList encodes the locations of the places at the positions.
func (s *Server) hsdsLocationList(ctx context.Context, pub *atlas.Publication, pos []int) ([]hsds.Location, error) {
	doc, err := s.hsdsEncode(ctx, pub, nil, pos)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*hsds.Location, len(doc.Locations))
	for i := range doc.Locations {
		byID[doc.Locations[i].ID] = &doc.Locations[i]
	}
	out := make([]hsds.Location, 0, len(pos))
	for _, i := range pos {
		if l, ok := byID[hsds.LocationID(pub.Place(i).Key)]; ok {
			out = append(out, *l)
		}
	}
	return out, nil
}

func (s *Server) hsdsLocations(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	return writePage(w, r, pub.Places(), func(from, to int) ([]hsds.Location, error) {
		return s.hsdsLocationList(r.Context(), pub, span(nil, true, from, to))
	})
}

func (s *Server) hsdsLocation(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	x, err := hsdsIndex(pub, "locations", func() *hsds.IDIndex {
		return hsds.LocationIndex(pub.Places(), func(i int) string { return pub.Place(i).Key })
	})
	if err != nil {
		return err
	}
	if i, ok := x.Find(hsdsID(r)); ok {
		ls, err := s.hsdsLocationList(r.Context(), pub, []int{i})
		if err != nil {
			return err
		}
		if len(ls) == 1 {
			writeJSON(w, http.StatusOK, ls[0])
			return nil
		}
	}
	return hsdsNotFound(r, "Den Ort")
}

// salPlaces are the places of the published offer at position i that have
// a service at location, in its order: each place the atlas has, once.
func salPlaces(pub *atlas.Publication, i int) []int {
	var out []int
	salEach(pub, i, func(j int) { out = append(out, j) })
	return out
}

// salEach calls f with each of salPlaces(pub, i), without a slice.
func salEach(pub *atlas.Publication, i int, f func(j int)) {
	ids := pub.OfferPlaces(i)
	for n, id := range ids {
		if j, ok := pub.PlaceOf(id); ok && !slices.Contains(ids[:n], id) {
			f(j)
		}
	}
}

// salStarts is, per published offer, the position of its first service at
// location in the list of all (and the total last), once per publication.
func salStarts(pub *atlas.Publication) ([]int32, error) {
	return atlas.Derive(pub, "hsds-sal", func(*atlas.Publication) ([]int32, error) {
		out := make([]int32, pub.Offers()+1)
		for i := range pub.Offers() {
			out[i+1] = out[i]
			salEach(pub, i, func(int) { out[i+1]++ })
		}
		return out, nil
	})
}

// sal is one service at location: the positions of its offer and place.
type sal struct{ offer, place int }

// hsdsSALList encodes the services at locations, in their order.
func (s *Server) hsdsSALList(ctx context.Context, pub *atlas.Publication, sals []sal) ([]hsds.ServiceAtLocation, error) {
	var offers []int
	for _, x := range sals {
		if len(offers) == 0 || offers[len(offers)-1] != x.offer {
			offers = append(offers, x.offer)
		}
	}
	doc, err := s.hsdsEncode(ctx, pub, offers, nil)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*hsds.ServiceAtLocation, len(doc.ServiceAtLocations))
	for i := range doc.ServiceAtLocations {
		byID[doc.ServiceAtLocations[i].ID] = &doc.ServiceAtLocations[i]
	}
	out := make([]hsds.ServiceAtLocation, 0, len(sals))
	for _, x := range sals {
		if v, ok := byID[hsds.ServiceAtLocationID(pub.OfferKey(x.offer), pub.Place(x.place).Key)]; ok {
			out = append(out, *v)
		}
	}
	return out, nil
}

// hsdsServiceAtLocations: GET /api/hsds/service_at_locations – filtered by
// the service's fields like /services, and with search in the order of
// their services.
func (s *Server) hsdsServiceAtLocations(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	pos, all, err := servicePositions(r, pub)
	if err != nil {
		return err
	}
	if all {
		starts, err := salStarts(pub)
		if err != nil {
			return err
		}
		return writePage(w, r, int(starts[len(starts)-1]), func(from, to int) ([]hsds.ServiceAtLocation, error) {
			var sals []sal
			// The offer of the first: the last that starts at or before it.
			i, _ := slices.BinarySearch(starts, int32(from)+1)
			for i--; i >= 0 && i < pub.Offers() && int(starts[i]) < to; i++ {
				for k, j := range salPlaces(pub, i) {
					if n := int(starts[i]) + k; n >= from && n < to {
						sals = append(sals, sal{i, j})
					}
				}
			}
			return s.hsdsSALList(r.Context(), pub, sals)
		})
	}
	// The services in the answer's order, each with its places.
	var sals []sal
	for _, i := range pos {
		for _, j := range salPlaces(pub, i) {
			sals = append(sals, sal{i, j})
		}
	}
	return writePage(w, r, len(sals), func(from, to int) ([]hsds.ServiceAtLocation, error) {
		return s.hsdsSALList(r.Context(), pub, sals[from:to])
	})
}

func (s *Server) hsdsServiceAtLocation(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	x, err := atlas.Derive(pub, "hsds-ids:sal", func(*atlas.Publication) (*salIndex, error) {
		var all []sal
		for i := range pub.Offers() {
			for _, j := range salPlaces(pub, i) {
				all = append(all, sal{i, j})
			}
		}
		return &salIndex{all, hsds.ServiceAtLocationIndex(len(all), func(n int) (string, string) {
			return pub.OfferKey(all[n].offer), pub.Place(all[n].place).Key
		})}, nil
	})
	if err != nil {
		return err
	}
	if n, ok := x.ids.Find(hsdsID(r)); ok {
		v, err := s.hsdsSALList(r.Context(), pub, []sal{x.all[n]})
		if err != nil {
			return err
		}
		if len(v) == 1 {
			writeJSON(w, http.StatusOK, v[0])
			return nil
		}
	}
	return hsdsNotFound(r, "Das Angebot am Ort")
}

type salIndex struct {
	all []sal
	ids *hsds.IDIndex
}

// hsdsTaxonomyList is the taxonomies and the terms of the publication.
// The terms depend on every place (their blocks, spaces, accessibility),
// so they are gathered once per publication from an encoding of the
// whole atlas in parts, of which only the terms are kept.
func (s *Server) hsdsTaxonomyList(ctx context.Context, pub *atlas.Publication) (*hsds.Catalog, error) {
	// The build is kept, also when it fails: not the caller's cancel.
	ctx = context.WithoutCancel(ctx)
	return atlas.Derive(pub, "hsds-taxonomies:"+s.opt.Land, func(pub *atlas.Publication) (*hsds.Catalog, error) {
		terms, err := s.hsdsParts(ctx, pub, false, true, func(*hsds.Document) error { return nil })
		if err != nil {
			return nil, err
		}
		return hsds.NewCatalog(&hsds.Document{Taxonomies: hsds.Taxonomies(), TaxonomyTerms: terms}), nil
	})
}

// hsdsPartSize is how many offers (or places) a whole-atlas file reads
// and encodes at a time.
const hsdsPartSize = 500

// hsdsParts encodes the whole publication in parts, in the order of one
// document: its organizations, then, with services, its services and,
// with places, its locations, hsdsPartSize at a time; f gets each part.
// It returns the taxonomy terms of the whole (without services, the
// offers' terms come from what the publication lists of them). A part's
// read does not fill the pages the snapshot keeps
// (atlas.Publication.ReadPart).
func (s *Server) hsdsParts(ctx context.Context, pub *atlas.Publication, services, places bool, f func(*hsds.Document) error) ([]hsds.TaxonomyTerm, error) {
	terms := hsds.NewTerms(pub.Topics())
	orgs := s.hsdsOrganizationList(pub, 0, hsdsOrganizations(pub))
	for _, o := range orgs {
		for _, a := range o.Attributes {
			terms.Add([]hsds.TaxonomyTerm{*a.TaxonomyTerm})
		}
	}
	if err := f(&hsds.Document{Organizations: orgs}); err != nil {
		return nil, err
	}
	part := func(n int, read func(pos []int) (*atlas.View, error), take func(*hsds.Document) *hsds.Document) error {
		for from := 0; from < n; from += hsdsPartSize {
			v, err := read(span(nil, true, from, min(from+hsdsPartSize, n)))
			if err != nil {
				return err
			}
			doc, err := hsds.Encode(hsds.FromView(v), s.hsdsOptions(pub))
			if err != nil {
				return err
			}
			terms.Add(doc.TaxonomyTerms)
			if err := f(take(doc)); err != nil {
				return err
			}
		}
		return nil
	}
	var err error
	if services {
		err = part(pub.Offers(), func(pos []int) (*atlas.View, error) { return pub.ReadPart(ctx, pos, nil) },
			func(d *hsds.Document) *hsds.Document { return &hsds.Document{Services: d.Services} })
	} else {
		for i := range pub.Offers() {
			o := pub.Offer(i)
			terms.AddOffer(&quartier.Offer{Key: o.Key, Topics: o.Topics, TargetGroups: o.TargetGroups, ValidFrom: o.ValidFrom, ValidTo: o.ValidTo})
		}
	}
	if err == nil && places {
		err = part(pub.Places(), func(pos []int) (*atlas.View, error) { return pub.ReadPart(ctx, nil, pos) },
			func(d *hsds.Document) *hsds.Document { return &hsds.Document{Locations: d.Locations} })
	}
	if err != nil {
		return nil, err
	}
	return terms.List(), nil
}

func (s *Server) hsdsTaxonomies(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	c, err := s.hsdsTaxonomyList(r.Context(), pub)
	if err != nil {
		return err
	}
	return writePage(w, r, len(c.Doc.Taxonomies), func(from, to int) ([]hsds.Taxonomy, error) { return c.Doc.Taxonomies[from:to], nil })
}

// writeOne answers the item with the path's id, or 404.
func writeOne[T any](w http.ResponseWriter, r *http.Request, find func(id string) (T, bool), what string) error {
	x, ok := find(hsdsID(r))
	if !ok {
		return hsdsNotFound(r, what)
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) hsdsTaxonomy(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	c, err := s.hsdsTaxonomyList(r.Context(), pub)
	if err != nil {
		return err
	}
	return writeOne(w, r, c.Taxonomy, "Die Taxonomie")
}

// hsdsTaxonomyTerms: GET /api/hsds/taxonomy_terms – filters taxonomy_id,
// parent_id and top_only.
func (s *Server) hsdsTaxonomyTerms(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	c, err := s.hsdsTaxonomyList(r.Context(), pub)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	taxonomy, parent, top := strings.ToLower(q.Get("taxonomy_id")), strings.ToLower(q.Get("parent_id")), q.Get("top_only") == "true"
	var out []hsds.TaxonomyTerm
	for _, t := range c.Doc.TaxonomyTerms {
		if (taxonomy == "" || t.TaxonomyID == taxonomy) && (parent == "" || t.ParentID == parent) && (!top || t.ParentID == "") {
			out = append(out, t)
		}
	}
	return writePage(w, r, len(out), func(from, to int) ([]hsds.TaxonomyTerm, error) { return out[from:to], nil })
}

func (s *Server) hsdsTaxonomyTerm(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
	c, err := s.hsdsTaxonomyList(r.Context(), pub)
	if err != nil {
		return err
	}
	return writeOne(w, r, c.TaxonomyTerm, "Den Begriff")
}

// hsdsFile is a whole-atlas file, gzipped for the JSON (plain is its
// length unpacked), in a temporary file without a name: it goes when the
// last reference to it is dropped (an os.File closes itself then) or the
// process ends, and it takes no heap (the two files are some 200 MB at
// 100,000 offers).
type hsdsFile struct {
	f     *os.File
	size  int64
	plain int64
}

// hsdsFileOf writes the file of the format once per publication, from the
// whole atlas in parts (hsdsParts): what is held while it is written is a
// part and, for the package, its compressed tables. The JSON is kept
// gzipped and unpacked while written to clients that do not accept gzip.
func (s *Server) hsdsFileOf(ctx context.Context, pub *atlas.Publication, format string) (*hsdsFile, error) {
	ctx = context.WithoutCancel(ctx) // see hsdsTaxonomyList
	return atlas.Derive(pub, "hsds-file:"+format+":"+s.opt.Land, func(pub *atlas.Publication) (*hsdsFile, error) {
		f, err := os.CreateTemp("", "quartier-hsds-*")
		if err != nil {
			return nil, err
		}
		os.Remove(f.Name())
		hf := &hsdsFile{f: f}
		if err := s.hsdsWriteFile(ctx, pub, format, hf); err != nil {
			f.Close()
			return nil, err
		}
		return hf, nil
	})
}

// hsdsWriteFile writes the file of the format into hf.f and notes its
// sizes.
func (s *Server) hsdsWriteFile(ctx context.Context, pub *atlas.Publication, format string, hf *hsdsFile) error {
	bw := bufio.NewWriterSize(hf.f, 1<<16)
	count := &countingWriter{w: bw}
	if format == "zip" {
		pw, err := hsds.NewPackageWriter(true)
		if err != nil {
			return err
		}
		terms, err := s.hsdsParts(ctx, pub, true, true, pw.Add)
		if err = cmp.Or(err, pw.Close(count, hsds.Taxonomies(), terms)); err != nil {
			return err
		}
		hf.plain = count.n
	} else {
		zw, err := gzip.NewWriterLevel(count, gzip.BestSpeed)
		if err != nil {
			return err
		}
		plain := &countingWriter{w: zw}
		sw, err := hsds.NewServicesWriter(plain, pub.Offers())
		if err != nil {
			return err
		}
		_, err = s.hsdsParts(ctx, pub, true, false, func(d *hsds.Document) error { return sw.Write(d.Services...) })
		if err := cmp.Or(err, sw.Close(), zw.Close()); err != nil {
			return err
		}
		hf.plain = plain.n
	}
	hf.size = count.n
	return bw.Flush()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// hsdsExport: GET /api/hsds/export.json (all services in full, one page)
// and /api/hsds/export.zip (the tabular data package), written from the
// bytes encoded once per publication; the JSON gzipped to clients that
// accept it. atlas.Service.PublishedExport decides whose files the caller
// gets.
func (s *Server) hsdsExport(format string) http.HandlerFunc {
	published := func(ctx context.Context) (*atlas.Publication, error) {
		return s.atlas.PublishedExport(ctx, "export."+format)
	}
	return s.hsdsServeFrom(published, func(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error {
		f, err := s.hsdsFileOf(r.Context(), pub, format)
		if err != nil {
			return err
		}
		h := w.Header()
		ctype, gz := "application/json; charset=utf-8", format == "json" && acceptsGzip(r)
		if format == "zip" {
			ctype = "application/zip"
		} else {
			h.Add("Vary", "Accept-Encoding")
		}
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "atlas-hsds."+format))
		if format == "zip" || gz {
			if gz {
				h.Set("Content-Encoding", "gzip")
			}
			h.Set("Content-Length", strconv.FormatInt(f.size, 10))
			s.copyFrom(w, io.NewSectionReader(f.f, 0, f.size))
			return nil
		}
		zr, err := gzip.NewReader(io.NewSectionReader(f.f, 0, f.size))
		if err != nil {
			return err
		}
		h.Set("Content-Length", strconv.FormatInt(f.plain, 10))
		s.copyFrom(w, zr)
		return nil
	})
}

// copyFrom copies r to w through a buffer of the server's pool: a
// download is copied through 32 KB, which need not be allocated per
// request.
func (s *Server) copyFrom(w io.Writer, r io.Reader) {
	b, _ := s.copyBuffers.Get().(*[32 << 10]byte)
	if b == nil {
		b = new([32 << 10]byte)
	}
	defer s.copyBuffers.Put(b)
	io.CopyBuffer(w, r, b[:])
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(part, ";")
		if c := strings.ToLower(strings.TrimSpace(coding)); c != "gzip" && c != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
