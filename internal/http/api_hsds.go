package http

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/hsds"
)

// The HSDS 3.1 API (docs/hsds/api_reference.md of the spec) over the atlas,
// read-only. Everything comes from App.Atlas, so each caller gets the atlas
// as they may see it; the encoder withholds confidential addresses even
// from those who may read them, because HSDS is for exchange, and drops
// professional contacts for anyone not signed in.

const (
	hsdsPerPage    = 50  // default page size
	hsdsMaxPerPage = 500 // the whole atlas of a district fits in a few pages
)

// hsdsDocument encodes the caller's view of the atlas.
func (s *Server) hsdsDocument(r *http.Request) (*hsds.Document, error) {
	v, err := s.app.Atlas(r.Context())
	if err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(r.Context())
	staff := actor != nil && len(actor.Grants) > 0
	return hsds.Encode(hsds.FromView(v), hsds.EncodeOptions{SRID: s.app.SRID(), PublicContactsOnly: !staff, State: s.opt.Land})
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

// hsdsServe encodes the document and hands it to one endpoint.
func (s *Server) hsdsServe(f func(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		doc, err := s.hsdsDocument(r)
		if err == nil {
			err = f(w, r, doc)
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

// writeOne answers the item with the path's id, or 404.
func writeOne[T any](w http.ResponseWriter, r *http.Request, items []T, id func(T) string, what string) error {
	want := strings.ToLower(r.PathValue("id"))
	i := slices.IndexFunc(items, func(x T) bool { return id(x) == want })
	if i < 0 {
		return quartier.Errorf(quartier.ENOTFOUND, "%s %s gibt es nicht (oder nicht für Sie).", what, r.PathValue("id"))
	}
	writeJSON(w, http.StatusOK, items[i])
	return nil
}

// serviceFilter applies the query's cumulative filters (AND) to services:
// modified_after, taxonomy_term_id, taxonomy_id, organization_id, search.
func serviceFilter(r *http.Request) (func(hsds.Service) bool, error) {
	q := r.URL.Query()
	var after time.Time
	if s := q.Get("modified_after"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			d, derr := time.Parse(quartier.DateLayout, s)
			if derr != nil {
				return nil, quartier.Errorf(quartier.EINVALID, "modified_after %q ist weder ein Zeitpunkt nach RFC 3339 noch ein Datum (JJJJ-MM-TT).", s)
			}
			t = d
		}
		after = t
	}
	term, taxonomy, org := strings.ToLower(q.Get("taxonomy_term_id")), strings.ToLower(q.Get("taxonomy_id")), strings.ToLower(q.Get("organization_id"))
	search := strings.ToLower(strings.TrimSpace(q.Get("search")))
	return func(s hsds.Service) bool {
		if !after.IsZero() {
			t, err := time.Parse(time.RFC3339Nano, s.LastModified)
			if err != nil || t.Before(after) {
				return false
			}
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
		if search != "" && !strings.Contains(strings.ToLower(s.Name+"\n"+s.Description), search) {
			return false
		}
		return true
	}, nil
}

// hsdsServices: GET /api/hsds/services – a page of services, as summaries
// (compiled service_list.json) or with full=true in full.
func (s *Server) hsdsServices(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	keep, err := serviceFilter(r)
	if err != nil {
		return err
	}
	full := r.URL.Query().Get("full") == "true"
	var out []hsds.Service
	for _, x := range doc.Services {
		if !keep(x) {
			continue
		}
		if !full {
			x = x.Summary()
		}
		out = append(out, x)
	}
	return writePage(w, r, out)
}

func (s *Server) hsdsService(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	return writeOne(w, r, doc.Services, func(x hsds.Service) string { return x.ID }, "Den Dienst")
}

func (s *Server) hsdsOrganizations(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	return writePage(w, r, doc.Organizations)
}

func (s *Server) hsdsOrganization(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	o := doc.OrganizationWithServices(strings.ToLower(r.PathValue("id")))
	if o == nil {
		return quartier.Errorf(quartier.ENOTFOUND, "Die Organisation %s gibt es nicht.", r.PathValue("id"))
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) hsdsLocations(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	return writePage(w, r, doc.Locations)
}

func (s *Server) hsdsLocation(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	return writeOne(w, r, doc.Locations, func(x hsds.Location) string { return x.ID }, "Den Ort")
}

// hsdsServiceAtLocations: GET /api/hsds/service_at_locations – filtered by
// the service's fields like /services.
func (s *Server) hsdsServiceAtLocations(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	keep, err := serviceFilter(r)
	if err != nil {
		return err
	}
	full := map[string]hsds.Service{}
	for _, x := range doc.Services {
		full[x.ID] = x
	}
	var out []hsds.ServiceAtLocation
	for _, x := range doc.ServiceAtLocations {
		if keep(full[x.ServiceID]) {
			out = append(out, x)
		}
	}
	return writePage(w, r, out)
}

func (s *Server) hsdsServiceAtLocation(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	return writeOne(w, r, doc.ServiceAtLocations, func(x hsds.ServiceAtLocation) string { return x.ID }, "Das Angebot am Ort")
}

func (s *Server) hsdsTaxonomies(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	return writePage(w, r, doc.Taxonomies)
}

func (s *Server) hsdsTaxonomy(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	return writeOne(w, r, doc.Taxonomies, func(x hsds.Taxonomy) string { return x.ID }, "Die Taxonomie")
}

// hsdsTaxonomyTerms: GET /api/hsds/taxonomy_terms – filters taxonomy_id,
// parent_id and top_only.
func (s *Server) hsdsTaxonomyTerms(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	q := r.URL.Query()
	taxonomy, parent, top := strings.ToLower(q.Get("taxonomy_id")), strings.ToLower(q.Get("parent_id")), q.Get("top_only") == "true"
	var out []hsds.TaxonomyTerm
	for _, t := range doc.TaxonomyTerms {
		if (taxonomy == "" || t.TaxonomyID == taxonomy) && (parent == "" || t.ParentID == parent) && (!top || t.ParentID == "") {
			out = append(out, t)
		}
	}
	return writePage(w, r, out)
}

func (s *Server) hsdsTaxonomyTerm(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
	return writeOne(w, r, doc.TaxonomyTerms, func(x hsds.TaxonomyTerm) string { return x.ID }, "Den Begriff")
}

// hsdsExport: GET /api/hsds/export.json (all services in full, one page)
// and /api/hsds/export.zip (the tabular data package).
func (s *Server) hsdsExport(format string) func(http.ResponseWriter, *http.Request, *hsds.Document) error {
	return func(w http.ResponseWriter, r *http.Request, doc *hsds.Document) error {
		// Built in memory first, so that a failure can still be an error
		// answer; the atlas is a few hundred kilobytes.
		var buf bytes.Buffer
		write, ctype := doc.WriteJSON, "application/json; charset=utf-8"
		if format == "zip" {
			write, ctype = doc.WriteCSV, "application/zip"
		}
		if err := write(&buf); err != nil {
			return err
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "atlas-hsds."+format))
		w.Write(buf.Bytes())
		return nil
	}
}
