package http

import (
	"context"
	"fmt"
	"net/http"
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
// staff, confidential addresses for nobody: HSDS is for exchange). Its
// encoding is built once per atlas snapshot and class and then shared by
// every request (hsds.Catalog): a request for one item costs that item, a
// page costs the page, and the whole-atlas files are written from bytes
// encoded once.

const (
	hsdsPerPage    = 50  // default page size
	hsdsMaxPerPage = 500 // the whole atlas of a district fits in a few pages
)

// hsdsCatalog is the encoded atlas of a publication, built once for it.
func (s *Server) hsdsCatalog(pub *atlas.Publication) (*hsds.Catalog, error) {
	return atlas.Derive(pub, "hsds:"+s.opt.Land, func(pub *atlas.Publication) (*hsds.Catalog, error) {
		doc, err := hsds.Encode(hsds.FromView(pub.View), hsds.EncodeOptions{SRID: s.spatial.SRID(), State: s.opt.Land,
			PublicContactsOnly: pub.Audience != atlas.AudienceStaff})
		if err != nil {
			return nil, err
		}
		return hsds.NewCatalog(doc), nil
	})
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

// hsdsServe hands the caller's catalog to one endpoint.
func (s *Server) hsdsServe(f func(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error) http.HandlerFunc {
	return s.hsdsServeFrom(s.atlas.Published, f)
}

// hsdsServeFrom is hsdsServe with the publication from published.
func (s *Server) hsdsServeFrom(published func(context.Context) (*atlas.Publication, error), f func(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error) http.HandlerFunc {
	return s.hsdsServeWith(published, func(w http.ResponseWriter, r *http.Request, c *hsds.Catalog, _ *atlas.Publication) error {
		return f(w, r, c)
	})
}

// hsdsServeWith is hsdsServeFrom for endpoints that also search the
// publication the catalog was encoded from.
func (s *Server) hsdsServeWith(published func(context.Context) (*atlas.Publication, error), f func(w http.ResponseWriter, r *http.Request, c *hsds.Catalog, pub *atlas.Publication) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pub, err := published(r.Context())
		var c *hsds.Catalog
		if err == nil {
			c, err = s.hsdsCatalog(pub)
		}
		if err == nil {
			err = f(w, r, c, pub)
		}
		if err != nil {
			s.errorJSON(w, r, err)
		}
	}
}

func writePage[T any](w http.ResponseWriter, r *http.Request, items []T) error {
	page, perPage, err := paging(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, hsds.Paginate(items, page, perPage))
	return nil
}

// writeSelected answers a page of the items at the positions pos (a
// filtered list): only the page's items are copied.
func writeSelected[T any](w http.ResponseWriter, r *http.Request, pos []int, item func(int) T) error {
	page, perPage, err := paging(r)
	if err != nil {
		return err
	}
	p := hsds.Paginate(pos, page, perPage)
	out := hsds.Page[T]{TotalItems: p.TotalItems, TotalPages: p.TotalPages, PageNumber: p.PageNumber, Size: p.Size,
		FirstPage: p.FirstPage, LastPage: p.LastPage, Empty: p.Empty, Contents: make([]T, 0, len(p.Contents))}
	for _, i := range p.Contents {
		out.Contents = append(out.Contents, item(i))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// writeOne answers the item with the path's id, or 404.
func writeOne[T any](w http.ResponseWriter, r *http.Request, find func(id string) (T, bool), what string) error {
	x, ok := find(strings.ToLower(r.PathValue("id")))
	if !ok {
		return quartier.Errorf(quartier.ENOTFOUND, "%s %s gibt es nicht (oder nicht für Sie).", what, r.PathValue("id"))
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

// serviceFilter applies the query's cumulative filters (AND) to the
// services of c, by position: modified_after, taxonomy_term_id,
// taxonomy_id, organization_id, search. nil keeps everything. search is
// the atlas search (spelling variants, inflections, compounds, synonyms,
// typing errors), run on the publication the catalog was encoded from;
// ranked then lists the positions it found, best first, and the answer
// keeps that order.
func serviceFilter(r *http.Request, c *hsds.Catalog, pub *atlas.Publication) (keep func(i int) bool, ranked []int, err error) {
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
		if found != nil && !found[i] {
			return false
		}
		return true
	}, ranked, nil
}

// hsdsServices: GET /api/hsds/services – a page of services, as summaries
// (compiled service_list.json) or with full=true in full; with search in
// the order of the atlas search.
func (s *Server) hsdsServices(w http.ResponseWriter, r *http.Request, c *hsds.Catalog, pub *atlas.Publication) error {
	keep, ranked, err := serviceFilter(r, c, pub)
	if err != nil {
		return err
	}
	list := c.Summaries
	if r.URL.Query().Get("full") == "true" {
		list = c.Doc.Services
	}
	if keep == nil {
		return writePage(w, r, list)
	}
	var pos []int
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
	return writeSelected(w, r, pos, func(i int) hsds.Service { return list[i] })
}

func (s *Server) hsdsService(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
	return writeOne(w, r, c.Service, "Den Dienst")
}

func (s *Server) hsdsOrganizations(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
	return writePage(w, r, c.Doc.Organizations)
}

func (s *Server) hsdsOrganization(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
	return writeOne(w, r, c.Organization, "Die Organisation")
}

func (s *Server) hsdsLocations(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
	return writePage(w, r, c.Doc.Locations)
}

func (s *Server) hsdsLocation(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
	return writeOne(w, r, c.Location, "Den Ort")
}

// hsdsServiceAtLocations: GET /api/hsds/service_at_locations – filtered by
// the service's fields like /services, and with search in the order of
// their services.
func (s *Server) hsdsServiceAtLocations(w http.ResponseWriter, r *http.Request, c *hsds.Catalog, pub *atlas.Publication) error {
	keep, ranked, err := serviceFilter(r, c, pub)
	if err != nil {
		return err
	}
	all := c.Doc.ServiceAtLocations
	if keep == nil {
		return writePage(w, r, all)
	}
	var pos []int
	for i := range all {
		if j := c.ServiceOf[i]; j >= 0 && keep(j) {
			pos = append(pos, i)
		}
	}
	if ranked != nil {
		rank := make(map[int]int, len(ranked))
		for n, j := range ranked {
			rank[j] = n
		}
		slices.SortStableFunc(pos, func(a, b int) int { return rank[c.ServiceOf[a]] - rank[c.ServiceOf[b]] })
	}
	return writeSelected(w, r, pos, func(i int) hsds.ServiceAtLocation { return all[i] })
}

func (s *Server) hsdsServiceAtLocation(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
	return writeOne(w, r, c.ServiceAtLocation, "Das Angebot am Ort")
}

func (s *Server) hsdsTaxonomies(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
	return writePage(w, r, c.Doc.Taxonomies)
}

func (s *Server) hsdsTaxonomy(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
	return writeOne(w, r, c.Taxonomy, "Die Taxonomie")
}

// hsdsTaxonomyTerms: GET /api/hsds/taxonomy_terms – filters taxonomy_id,
// parent_id and top_only.
func (s *Server) hsdsTaxonomyTerms(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
	q := r.URL.Query()
	taxonomy, parent, top := strings.ToLower(q.Get("taxonomy_id")), strings.ToLower(q.Get("parent_id")), q.Get("top_only") == "true"
	var out []hsds.TaxonomyTerm
	for _, t := range c.Doc.TaxonomyTerms {
		if (taxonomy == "" || t.TaxonomyID == taxonomy) && (parent == "" || t.ParentID == parent) && (!top || t.ParentID == "") {
			out = append(out, t)
		}
	}
	return writePage(w, r, out)
}

func (s *Server) hsdsTaxonomyTerm(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
	return writeOne(w, r, c.TaxonomyTerm, "Den Begriff")
}

// hsdsExport: GET /api/hsds/export.json (all services in full, one page)
// and /api/hsds/export.zip (the tabular data package), written from the
// bytes the catalog encoded once; the JSON gzipped to clients that accept
// it. atlas.Service.PublishedExport decides whose files the caller gets.
func (s *Server) hsdsExport(format string) http.HandlerFunc {
	published := func(ctx context.Context) (*atlas.Publication, error) {
		return s.atlas.PublishedExport(ctx, "export."+format)
	}
	return s.hsdsServeFrom(published, func(w http.ResponseWriter, r *http.Request, c *hsds.Catalog) error {
		file, ctype, encoding := c.JSON, "application/json; charset=utf-8", ""
		h := w.Header()
		if format == "zip" {
			file, ctype = c.ZIP, "application/zip"
		} else {
			h.Add("Vary", "Accept-Encoding")
			if acceptsGzip(r) {
				file, encoding = c.GzipJSON, "gzip"
			}
		}
		b, err := file()
		if err != nil {
			return err
		}
		if encoding != "" {
			h.Set("Content-Encoding", encoding)
		}
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "atlas-hsds."+format))
		h.Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b)
		return nil
	})
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
