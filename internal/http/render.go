package http

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/quartier/quartier"
)

var funcs = template.FuncMap{
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("02.01.2006 15:04:05")
	},
	"roleLabel": func(r quartier.Role) string { return quartier.RoleLabels[r] },
	"roleHas":   quartier.RoleHas,
	"can":       func(a *quartier.Actor, p string) bool { return a.Can(quartier.Permission(p)) },
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("02.01.2006")
	},
	"dateptr": func(t *time.Time) string {
		if t == nil {
			return "offen"
		}
		return t.Format("02.01.2006")
	},
	"km2": func(m2 float64) string {
		return strings.Replace(fmt.Sprintf("%.2f", m2/1e6), ".", ",", 1)
	},
	"kind": func(k quartier.LayerKind) string {
		switch k {
		case quartier.LayerBlock:
			return "Bausteine"
		case quartier.LayerComposed:
			return "aus Bausteinen zusammengesetzt"
		}
		return "eigene Geometrie"
	},
	"role": func(r quartier.DuoRole) string {
		if r == quartier.RoleRegionalHead {
			return "Regionalleitung Jugendamt"
		}
		return "Sozialraumkoordination"
	},
	"severity": func(s quartier.Severity) string {
		switch s {
		case quartier.SeverityError:
			return "Fehler"
		case quartier.SeverityRepaired:
			return "behoben"
		}
		return "Hinweis"
	},
}

// parsePages parses each page together with the layout and the shared
// partials (partials.html and every html/_*.html), so that every page
// defines its own "content" block.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "html/*.html")
	if err != nil {
		return nil, err
	}
	shared := []string{"html/layout.html", "html/partials.html"}
	for _, n := range names {
		if strings.HasPrefix(n, "html/_") {
			shared = append(shared, n)
		}
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "html/"), ".html")
		if base == "layout" || base == "partials" || strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, append(shared, n)...)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// render writes a page; an htmx request gets only the "content" block (or
// the block named by the page's "partial" data key).
func (s *Server) render(w http.ResponseWriter, r *http.Request, page string, data map[string]any) {
	t, ok := s.pages[page]
	if !ok {
		http.Error(w, "Seite fehlt", http.StatusInternalServerError)
		return
	}
	data["Banner"] = s.opt.Banner
	data["Actor"] = quartier.ActorFrom(r.Context())
	data["Path"] = r.URL.Path
	name := "layout.html"
	if r.Header.Get("HX-Request") == "true" {
		name = "content"
		if p, ok := data["Partial"].(string); ok {
			name = p
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("render", "page", page, "err", err)
		http.Error(w, "Interner Fehler", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}
