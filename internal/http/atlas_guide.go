package http

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/textde"
)

// atlasGuide is the Wegweiser of a social space as a printable page;
// without a space it lists the spaces to choose from.
func (s *Server) atlasGuide(w http.ResponseWriter, r *http.Request) {
	raum := r.URL.Query().Get("raum")
	if raum == "" {
		s.guideIndex(w, r)
		return
	}
	g, err := s.atlas.Guide(r.Context(), quartier.SpaceCode(raum))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "guide", &guideView{page: titled("Wegweiser " + g.Space.Name), Guide: g})
}

// guideIndex lists the social spaces by name, each with its Wegweiser.
func (s *Server) guideIndex(w http.ResponseWriter, r *http.Request) {
	spaces, err := s.spatial.Spaces(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	// Folded like the atlas's name order, so "Ölberg" sorts among the O.
	slices.SortStableFunc(spaces, func(a, b quartier.Space) int {
		return strings.Compare(textde.Fold(a.Name), textde.Fold(b.Name))
	})
	s.render(w, r, "guides", &guidesView{page: titled("Wegweiser"), Spaces: spaces})
}

// atlasGuidePDF renders the same guide to PDF in headless Chromium. The
// document goes to the browser whole, styles inline, so Chromium fetches
// nothing and needs no access to this server.
func (s *Server) atlasGuidePDF(w http.ResponseWriter, r *http.Request) {
	g, err := s.atlas.Guide(r.Context(), quartier.SpaceCode(r.URL.Query().Get("raum")))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	doc, footer, err := s.guideDocument(g)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	pdf, err := s.opt.PDF.Render(r.Context(), doc, footer)
	if err != nil {
		if quartier.ErrorCode(err) == quartier.ENOTFOUND {
			// Not configured: say so and point to the printable page.
			w.WriteHeader(http.StatusServiceUnavailable)
			s.render(w, r, "error", &errorView{page: titled("PDF nicht verfügbar"), Message: quartier.ErrorMessage(err) + " Die Seite /atlas/wegweiser?raum=" + g.Space.Code + " lässt sich im Browser drucken."})
			return
		}
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="wegweiser-`+url.PathEscape(g.Space.Code)+`.pdf"`)
	w.Write(pdf)
}

// guideDocument is the whole HTML document of a guide for the PDF
// renderer, with its page footer.
func (s *Server) guideDocument(g *atlas.Guide) (doc, footer string, err error) {
	css, err := fs.ReadFile(assetsFS(), "css/guide.css")
	if err != nil {
		return "", "", err
	}
	var b bytes.Buffer
	t, err := s.pages.get("guidedoc")
	if err != nil {
		return "", "", err
	}
	if err := t.ExecuteTemplate(&b, "bare", guideDocView{Guide: g, CSS: template.CSS(css)}); err != nil {
		return "", "", err
	}
	footer = `<div style="font-size:8pt;width:100%;text-align:center;font-family:sans-serif">Wegweiser ` + template.HTMLEscapeString(g.Space.Name) +
		` – Seite <span class="pageNumber"></span> von <span class="totalPages"></span></div>`
	return b.String(), footer, nil
}
