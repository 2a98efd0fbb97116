package http

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/hsds"
	"github.com/quartier/quartier/internal/testdb"
)

// The HSDS API answers a page from the page's offers and places. The
// oracle below is the API as it was before: the whole publication encoded
// into one hsds.Catalog, filtered and cut there. Every answer of the API
// must be the oracle's, byte for byte.

// oracleFilter is the old serviceFilter over a whole catalog.
func oracleFilter(r *http.Request, c *hsds.Catalog, pub *atlas.Publication) (keep func(i int) bool, ranked []int, err error) {
	q := r.URL.Query()
	var after time.Time
	if s := q.Get("modified_after"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			if t, err = time.Parse(quartier.DateLayout, s); err != nil {
				return nil, nil, err
			}
		}
		after = t
	}
	term, taxonomy, org := strings.ToLower(q.Get("taxonomy_term_id")), strings.ToLower(q.Get("taxonomy_id")), strings.ToLower(q.Get("organization_id"))
	var found map[int]bool
	if keys, ok := pub.SearchKeys(q.Get("search")); ok {
		found = map[int]bool{}
		for _, k := range keys {
			if i, ok := c.ServiceOfKey(k); ok {
				found[i] = true
				ranked = append(ranked, i)
			}
		}
	}
	if after.IsZero() && term == "" && taxonomy == "" && org == "" && found == nil {
		return nil, nil, nil
	}
	return func(i int) bool {
		s := &c.Doc.Services[i]
		if !after.IsZero() && (c.Modified[i].IsZero() || c.Modified[i].Before(after)) {
			return false
		}
		if org != "" && s.OrganizationID != org {
			return false
		}
		if term != "" && !slices.ContainsFunc(s.Attributes, func(a hsds.Attribute) bool { return a.TaxonomyTermID == term }) {
			return false
		}
		if taxonomy != "" && !slices.ContainsFunc(s.Attributes, func(a hsds.Attribute) bool {
			return a.TaxonomyTerm != nil && a.TaxonomyTerm.TaxonomyID == taxonomy
		}) {
			return false
		}
		return found == nil || found[i]
	}, ranked, nil
}

func oraclePage[T any](w http.ResponseWriter, r *http.Request, all []T, pos []int) {
	page, perPage, _ := paging(r)
	if pos == nil {
		writeJSON(w, 200, hsds.Paginate(all, page, perPage))
		return
	}
	p := hsds.Paginate(pos, page, perPage)
	out := hsds.Page[T]{TotalItems: p.TotalItems, TotalPages: p.TotalPages, PageNumber: p.PageNumber, Size: p.Size,
		FirstPage: p.FirstPage, LastPage: p.LastPage, Empty: p.Empty, Contents: []T{}}
	for _, i := range p.Contents {
		out.Contents = append(out.Contents, all[i])
	}
	writeJSON(w, 200, out)
}

// oracle answers r from the whole catalog c of pub.
func oracle(w http.ResponseWriter, r *http.Request, c *hsds.Catalog, pub *atlas.Publication) {
	rest := strings.TrimPrefix(r.URL.Path, "/api/hsds/")
	kind, id, one := strings.Cut(rest, "/")
	id = strings.ToLower(id)
	if one {
		var x any
		var ok bool
		switch kind {
		case "services":
			x, ok = c.Service(id)
		case "locations":
			x, ok = c.Location(id)
		case "organizations":
			x, ok = c.Organization(id)
		case "service_at_locations":
			x, ok = c.ServiceAtLocation(id)
		case "taxonomies":
			x, ok = c.Taxonomy(id)
		case "taxonomy_terms":
			x, ok = c.TaxonomyTerm(id)
		}
		if !ok {
			w.WriteHeader(404)
			return
		}
		writeJSON(w, 200, x)
		return
	}
	switch kind {
	case "services", "service_at_locations":
		keep, ranked, err := oracleFilter(r, c, pub)
		if err != nil {
			w.WriteHeader(400)
			return
		}
		list := c.Summaries
		if r.URL.Query().Get("full") == "true" {
			list = c.Doc.Services
		}
		if kind == "services" {
			if keep == nil {
				oraclePage(w, r, list, nil)
				return
			}
			pos := []int{}
			if ranked != nil {
				for _, i := range ranked {
					if keep(i) {
						pos = append(pos, i)
					}
				}
			} else {
				for i := range list {
					if keep(i) {
						pos = append(pos, i)
					}
				}
			}
			oraclePage(w, r, list, pos)
			return
		}
		all := c.Doc.ServiceAtLocations
		if keep == nil {
			oraclePage(w, r, all, nil)
			return
		}
		pos := []int{}
		for i := range all {
			if j := c.ServiceOf[i]; j >= 0 && keep(j) {
				pos = append(pos, i)
			}
		}
		if ranked != nil {
			rank := map[int]int{}
			for n, j := range ranked {
				rank[j] = n
			}
			slices.SortStableFunc(pos, func(a, b int) int { return rank[c.ServiceOf[a]] - rank[c.ServiceOf[b]] })
		}
		oraclePage(w, r, all, pos)
	case "locations":
		oraclePage(w, r, c.Doc.Locations, nil)
	case "organizations":
		oraclePage(w, r, c.Doc.Organizations, nil)
	case "taxonomies":
		oraclePage(w, r, c.Doc.Taxonomies, nil)
	case "taxonomy_terms":
		q := r.URL.Query()
		taxonomy, parent, top := strings.ToLower(q.Get("taxonomy_id")), strings.ToLower(q.Get("parent_id")), q.Get("top_only") == "true"
		var out []hsds.TaxonomyTerm
		for _, t := range c.Doc.TaxonomyTerms {
			if (taxonomy == "" || t.TaxonomyID == taxonomy) && (parent == "" || t.ParentID == parent) && (!top || t.ParentID == "") {
				out = append(out, t)
			}
		}
		oraclePage(w, r, out, nil)
	case "export.json":
		c.Doc.WriteJSON(w)
	case "export.zip":
		c.Doc.WriteCSV(w)
	}
}

// hsdsMore adds to the atlas of hsdsServer what the encoding treats apart:
// a second provider, an offer without provider (listed under the
// publisher), a foreign key, a period, target groups, an offer at two
// places (one the shelter, one named twice), a place without provider,
// accessibility, languages and places.
func hsdsMore(t *testing.T, srv *Server) {
	t.Helper()
	from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	places := 12
	imp := atlas.Import{Source: "Test",
		Providers: []quartier.Provider{{Code: "drk", Name: "DRK Weimar", Kind: quartier.ProviderIndependent, Website: "https://drk.example"}},
		Places: []quartier.Place{
			{Key: "hof", Name: "Hof der Vereine", Provider: "drk", Street: "Goetheplatz", HouseNumber: "2", Postcode: "99423", City: "Weimar",
				X: 643500, Y: 5649600, Accessibility: []string{"stufenlos", "aufzug"}, AccessibilityNote: "Rampe am Hintereingang"},
			{Key: "halle", Name: "Halle ohne Träger", Street: "Markt", HouseNumber: "3", Postcode: "99423", City: "Weimar"},
		},
		Offers: []atlas.OfferEntry{
			{Offer: quartier.Offer{Key: "ferien", Name: "Ferienspiele", Provider: "drk", Topics: []string{"kultur", "sport"}, TargetGroups: []string{"kinder"},
				Languages: []string{"de", "tr"}, Costs: "kostenfrei", Status: quartier.OfferActive, ValidFrom: &from, ValidTo: &to, Capacity: &places,
				Contacts: []quartier.Contact{{Name: "Büro", Email: "buero@drk.example", Visibility: quartier.VisiblePublic},
					{Name: "Leitung", Phone: "0170 2", Visibility: quartier.VisibleProfessionals}}}, PlaceKeys: []string{"hof", "fh", "hof", "club"}},
			{Offer: quartier.Offer{Key: "frei", Name: "Offene Sprechstunde", Topics: []string{"beratung"}, Status: quartier.OfferPaused}, PlaceKeys: []string{"halle"}},
			{Offer: quartier.Offer{Key: "hsds-0b6d1d8e9b6a4c1f8e2d3c4b5a697887", Name: "Fremder Dienst", Provider: "drk", Topics: []string{"sport"},
				TargetGroups: []string{"jugendliche", "eltern"}, Status: quartier.OfferActive}, PlaceKeys: []string{"club", "halle"}},
		},
	}
	if _, err := srv.atlas.ImportAtlas(quartier.WithActor(context.Background(), quartier.Operator()), imp); err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
}

// TestHSDSPagesAreTheWholeEncoding compares every kind of answer, for
// both audience classes, with the oracle.
func TestHSDSPagesAreTheWholeEncoding(t *testing.T) {
	_, srv := hsdsServer(t)
	hsdsMore(t, srv)
	compareWithOracle(t, srv, 0, func(doc *hsds.Document) {
		if len(doc.Services) != 7 || doc.Organizations[len(doc.Organizations)-1].ID != hsds.OrganizationID("") || len(doc.Locations) != 4 {
			t.Fatalf("fixture: %d services, %d organizations, %d locations", len(doc.Services), len(doc.Organizations), len(doc.Locations))
		}
	})
}

// TestHSDSPagesOnTheDemo: the same on the Berlin demo (3,777 offers, the
// shelters, 1,426 providers), every 50th item and the lists in pages of
// 500.
func TestHSDSPagesOnTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the Berlin demo")
	}
	a := openDemo(t)
	_, srv := serveSet(t, a, Options{})
	compareWithOracle(t, srv, 50, func(doc *hsds.Document) {
		if len(doc.Services) < 3000 {
			t.Fatalf("demo: %d services", len(doc.Services))
		}
	})
}

// compareWithOracle asks srv's HSDS handlers, as anonymous caller and as
// staff, the lists with filters and paging, the items (every every-th,
// all with 0) and the files, and compares each answer with the oracle's.
func compareWithOracle(t *testing.T, srv *Server, every int, check func(*hsds.Document)) {
	t.Helper()
	for _, actor := range []*quartier.Actor{nil, quartier.Operator()} {
		ctx := quartier.WithActor(context.Background(), actor)
		pub, err := srv.atlas.Published(ctx)
		if err != nil {
			t.Fatal(err)
		}
		v, err := pub.Whole(ctx)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := hsds.Encode(hsds.FromView(v), srv.hsdsOptions(pub))
		if err != nil {
			t.Fatal(err)
		}
		c := hsds.NewCatalog(doc)
		check(doc)
		serve := func(path string, f http.HandlerFunc, hdr ...string) (int, string) {
			t.Helper()
			u, _ := url.Parse(path)
			r := httptest.NewRequest("GET", path, nil).WithContext(ctx)
			if _, id, ok := strings.Cut(strings.TrimPrefix(u.Path, "/api/hsds/"), "/"); ok {
				r.SetPathValue("id", id)
			}
			for i := 0; i+1 < len(hdr); i += 2 {
				r.Header.Set(hdr[i], hdr[i+1])
			}
			w := httptest.NewRecorder()
			f(w, r)
			body := w.Body.Bytes()
			if w.Header().Get("Content-Encoding") == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				body, _ = io.ReadAll(zr)
			}
			return w.Code, string(body)
		}
		handler := map[string]http.HandlerFunc{
			"services": s(srv, srv.hsdsServices), "service_at_locations": s(srv, srv.hsdsServiceAtLocations), "locations": s(srv, srv.hsdsLocations),
			"organizations": s(srv, srv.hsdsOrganizations), "taxonomies": s(srv, srv.hsdsTaxonomies), "taxonomy_terms": s(srv, srv.hsdsTaxonomyTerms),
			"services/": s(srv, srv.hsdsService), "service_at_locations/": s(srv, srv.hsdsServiceAtLocation), "locations/": s(srv, srv.hsdsLocation),
			"organizations/": s(srv, srv.hsdsOrganization), "taxonomies/": s(srv, srv.hsdsTaxonomy), "taxonomy_terms/": s(srv, srv.hsdsTaxonomyTerm),
			"export.json": srv.hsdsExport("json"), "export.zip": srv.hsdsExport("zip"),
		}
		var paths []string
		latest, earliest := doc.Services[0].LastModified, doc.Services[0].LastModified
		for _, sv := range doc.Services {
			latest, earliest = max(latest, sv.LastModified), min(earliest, sv.LastModified)
		}
		var termIDs, taxIDs []string
		for _, term := range doc.TaxonomyTerms {
			termIDs = append(termIDs, term.ID)
		}
		for _, tx := range doc.Taxonomies {
			taxIDs = append(taxIDs, tx.ID)
		}
		filters := []string{"", "per_page=2&page=2", "per_page=4&page=2", "page=9", "full=true", "full=true&per_page=3&page=2",
			"modified_after=" + earliest, "modified_after=" + latest, "modified_after=2000-01-01", "modified_after=2999-01-01",
			"organization_id=" + hsds.OrganizationID("drk"), "organization_id=" + hsds.OrganizationID(""), "organization_id=" + strings.ToUpper(hsds.OrganizationID("awo")),
			"search=treff", "search=sport", "search=sport&full=true&per_page=1&page=2", "search=sport&organization_id=" + hsds.OrganizationID("drk"),
			"search=keinwortdasesgibt", "search=der"}
		for i, id := range termIDs {
			if every == 0 || i%every == 0 {
				filters = append(filters, "taxonomy_term_id="+id)
			}
		}
		for _, id := range taxIDs {
			filters = append(filters, "taxonomy_id="+id, "taxonomy_id="+id+"&search=sport")
		}
		for _, f := range filters {
			paths = append(paths, "/api/hsds/services?"+f, "/api/hsds/service_at_locations?"+f)
		}
		for _, kind := range []string{"locations", "organizations", "taxonomies", "taxonomy_terms"} {
			for _, f := range []string{"", "per_page=1&page=2", "per_page=2&page=2", "page=3", "per_page=500"} {
				paths = append(paths, "/api/hsds/"+kind+"?"+f)
			}
		}
		paths = append(paths, "/api/hsds/taxonomy_terms?top_only=true", "/api/hsds/taxonomy_terms?taxonomy_id="+taxIDs[0])
		n := 0
		one := func(kind, id string) {
			if n++; every == 0 || n%every == 0 {
				paths = append(paths, "/api/hsds/"+kind+"/"+id)
			}
		}
		for _, x := range doc.Services {
			one("services", x.ID)
		}
		one("services", strings.ToUpper(doc.Services[1].ID))
		for _, x := range doc.Locations {
			one("locations", x.ID)
		}
		for _, x := range doc.Organizations {
			one("organizations", x.ID)
		}
		for _, x := range doc.ServiceAtLocations {
			one("service_at_locations", x.ID)
		}
		for _, x := range doc.Taxonomies {
			one("taxonomies", x.ID)
		}
		for _, id := range termIDs[:min(5, len(termIDs))] {
			one("taxonomy_terms", id)
		}
		for _, kind := range []string{"services", "locations", "organizations", "service_at_locations"} {
			paths = append(paths, "/api/hsds/"+kind+"/0b6d1d8e-9b6a-4c1f-8e2d-3c4b5a697888", "/api/hsds/"+kind+"/unsinn")
		}
		if every > 0 { // the lists whole, in pages of 500
			for _, kind := range []string{"services", "service_at_locations", "locations", "organizations"} {
				for page := 1; (page-1)*500 < len(doc.ServiceAtLocations)+500; page++ {
					paths = append(paths, "/api/hsds/"+kind+"?per_page=500&page="+strconv.Itoa(page))
				}
			}
		}
		for _, path := range paths {
			u, _ := url.Parse(path)
			kind, _, isOne := strings.Cut(strings.TrimPrefix(u.Path, "/api/hsds/"), "/")
			if isOne {
				kind += "/"
			}
			code, got := serve(path, handler[kind])
			wantCode, want := serve(path, func(w http.ResponseWriter, r *http.Request) { oracle(w, r, c, pub) })
			if code == 404 && wantCode == 404 {
				continue
			}
			if code != wantCode || got != want {
				t.Errorf("%v %s: %d, want %d\n%.2000s\nwant\n%.2000s", pub.Audience, path, code, wantCode, got, want)
			}
		}
		for _, hdr := range [][]string{nil, {"Accept-Encoding", "gzip"}} {
			_, got := serve("/api/hsds/export.json", handler["export.json"], hdr...)
			_, want := serve("/api/hsds/export.json", func(w http.ResponseWriter, r *http.Request) { oracle(w, r, c, pub) })
			if got != want {
				t.Errorf("%v export.json %v differs", pub.Audience, hdr)
			}
		}
		_, got := serve("/api/hsds/export.zip", handler["export.zip"])
		_, want := serve("/api/hsds/export.zip", func(w http.ResponseWriter, r *http.Request) { oracle(w, r, c, pub) })
		if got != want {
			t.Errorf("%v export.zip differs", pub.Audience)
		}
	}
}

func s(srv *Server, f func(w http.ResponseWriter, r *http.Request, pub *atlas.Publication) error) http.HandlerFunc {
	return srv.hsdsServe(f)
}

// countingStore counts the reads of the whole atlas (all offers, all
// places) and of offers or places by ID.
type countingStore struct {
	quartier.Store
	whole, byID *atomic.Int64
}

type countingTx struct {
	quartier.Tx
	whole, byID *atomic.Int64
}

func (c countingStore) View(ctx context.Context, fn func(tx quartier.Tx) error) error {
	return c.Store.View(ctx, func(tx quartier.Tx) error { return fn(countingTx{tx, c.whole, c.byID}) })
}

func (c countingTx) Offers(ctx context.Context) ([]quartier.Offer, error) {
	c.whole.Add(1)
	return c.Tx.Offers(ctx)
}

func (c countingTx) Places(ctx context.Context) ([]quartier.Place, error) {
	c.whole.Add(1)
	return c.Tx.Places(ctx)
}

func (c countingTx) OffersByID(ctx context.Context, ids []int64) ([]quartier.Offer, error) {
	c.byID.Add(1)
	return c.Tx.OffersByID(ctx, ids)
}

func (c countingTx) PlacesByID(ctx context.Context, ids []int64) ([]quartier.Place, error) {
	c.byID.Add(1)
	return c.Tx.PlacesByID(ctx, ids)
}

// TestHSDSPageReadsOnlyThePage: a page, an item, an organization, a
// service at location read their offers and places by ID; none reads the
// whole atlas (before, the first HSDS request read and kept all of it:
// seconds and the snapshot's heap again at 100,000 offers).
func TestHSDSPageReadsOnlyThePage(t *testing.T) {
	st, _ := testdb.Open(t)
	cs := countingStore{Store: st, whole: new(atomic.Int64), byID: new(atomic.Int64)}
	a := openSet(t, cs)
	buildWeimarCity(t, a)
	ts, srv := hsdsServerOn(t, a)
	hsdsMore(t, srv)
	// The snapshot is built (it reads everything), no page shown.
	get(t, ts, "/atlas?q=keinwortdasesgibt")
	cs.whole.Store(0)
	// The whole-atlas files read every offer, in parts by ID, once per
	// publication: the second download reads nothing. (They keep no
	// page: the pages below read theirs.) The taxonomy terms need no
	// offer text, and places come from the snapshot: they read nothing.
	for _, file := range []string{"export.json", "export.zip", "taxonomy_terms"} {
		before := cs.byID.Load()
		if resp, body := get(t, ts, "/api/hsds/"+file); resp.StatusCode != 200 {
			t.Fatalf("%s: %d %.200s", file, resp.StatusCode, body)
		}
		first := cs.byID.Load()
		get(t, ts, "/api/hsds/"+file)
		if (first == before) != (file == "taxonomy_terms") || cs.byID.Load() != first {
			t.Errorf("%s twice: %d, then %d reads by ID, want some (none for the terms), then none", file, first-before, cs.byID.Load()-first)
		}
	}
	if n := cs.whole.Load(); n != 0 {
		t.Errorf("%d reads of all offers or places for the files", n)
	}
	for _, path := range []string{"/api/hsds/services?page=1", "/api/hsds/services?full=true&per_page=2", "/api/hsds/services?search=sport",
		"/api/hsds/services/" + hsds.ServiceID("treff"), "/api/hsds/locations", "/api/hsds/locations/" + hsds.LocationID("club"),
		"/api/hsds/organizations", "/api/hsds/organizations/" + hsds.OrganizationID("drk"), "/api/hsds/service_at_locations",
		"/api/hsds/service_at_locations/" + hsds.ServiceAtLocationID("ferien", "hof")} {
		resp, body := get(t, ts, path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
	}
	if n := cs.whole.Load(); n != 0 {
		t.Errorf("%d reads of all offers or places for pages", n)
	}
	if cs.byID.Load() == 0 {
		t.Error("no offer read by ID: the counter does not count")
	}
}
