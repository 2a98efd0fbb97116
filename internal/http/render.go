package http

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// templateFuncs is the one FuncMap of every page, built once in parsePages;
// times are shown in the installation's zone (loc).
func templateFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format(quartier.GermanDateLayout + " 15:04:05")
		},
		"actionLabel":  audit.ActionLabel,
		"outcomeLabel": audit.OutcomeLabel,
		"roleLabel":    func(r quartier.Role) string { return quartier.RoleLabels[r] },
		"roleHas":      quartier.RoleHas,
		"can":          func(a *quartier.Actor, p string) bool { return a.Can(quartier.Permission(p)) },
		"canIn": func(a *quartier.Actor, p string, space string) bool {
			return a.CanInSpace(quartier.Permission(p), quartier.SpaceCode(space))
		},
		"prefixed":     prefixed,
		"roomInputs":   newRoomInputs,
		"providerKind": quartier.ProviderKind.Label,
		"teamKind":     quartier.TeamKind.Label,
		"duoRoles":     quartier.DuoRoles,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(quartier.GermanDateLayout)
		},
		// isoDate shows a date kept as typed (2025-01-31) the German way.
		"isoDate": func(s string) string {
			if t, err := time.Parse(quartier.DateLayout, s); err == nil {
				return t.Format(quartier.GermanDateLayout)
			}
			return s
		},
		"dateptr": func(t *time.Time) string {
			if t == nil {
				return "offen"
			}
			return t.Format(quartier.GermanDateLayout)
		},
		"km2": func(m2 float64) string {
			return strings.Replace(fmt.Sprintf("%.2f", m2/1e6), ".", ",", 1)
		},
		"kind":     quartier.LayerKind.Label,
		"role":     quartier.DuoRole.Label,
		"ages":     ageRange,
		"distance": distanceLabel,
		"metres":   func(m int) string { return distanceLabel(float64(m)) },
		"decimal":  decimal,
		"group":    quartier.PopulationGroupLabel,
		"langName": quartier.LanguageName,
		"targetGroupChoices": func() []quartier.Topic {
			var out []quartier.Topic
			for _, c := range slices.Sorted(maps.Keys(quartier.TargetGroups)) {
				out = append(out, quartier.Topic{Code: c, Label: quartier.TargetGroups[c]})
			}
			return out
		},
		"targetGroup": quartier.TargetGroupLabel,
		"access":      func(c string) string { return quartier.AccessibilityTerms[c] },
		"status":      func(st quartier.OfferStatus) string { return quartier.OfferStatusLabels[st] },
		"statusTag":   statusTag,
		"visibility":  func(v quartier.Visibility) string { return quartier.VisibilityLabels[v] },
		"clock":       quartier.Clock,
		"weekday":     quartier.WeekdayName,
		"short":       shorten,
		"param":       withParam,
		"has":         func(xs []string, x string) bool { return slices.Contains(xs, x) },
		"itoa":        strconv.Itoa,
		"severity":    quartier.Severity.Label,
		// The edit forms.
		"invalid":            invalidAttr,
		"ferr":               fieldError,
		"statusLabel":        func(s string) string { return quartier.OfferStatusLabels[quartier.OfferStatus(s)] },
		"list":               func(xs ...string) []string { return xs },
		"inc":                func(i int) int { return i + 1 },
		"entityLabel":        func(k quartier.EntityKind) string { return quartier.EntityLabels[k] },
		"entityPath":         entityPath,
		"suggestionKind":     func(k quartier.SuggestionKind) string { return quartier.SuggestionKindLabels[k] },
		"suggestionStatus":   func(s quartier.SuggestionStatus) string { return quartier.SuggestionStatusLabels[s] },
		"accessibilityTerms": func() map[string]string { return quartier.AccessibilityTerms },
	}
}

// ageRange renders an offer's ages the way flyers do.
func ageRange(o quartier.Offer) string {
	switch {
	case o.MinAge != nil && o.MaxAge != nil:
		return fmt.Sprintf("%d–%d Jahre", *o.MinAge, *o.MaxAge)
	case o.MinAge != nil:
		return fmt.Sprintf("ab %d Jahren", *o.MinAge)
	case o.MaxAge != nil:
		return fmt.Sprintf("bis %d Jahre", *o.MaxAge)
	}
	return "alle Altersgruppen"
}

// distanceLabel renders metres as "350 m" or "1,2 km".
func distanceLabel(m float64) string {
	switch {
	case m < 0:
		return ""
	case m < 1000:
		return fmt.Sprintf("%d m", int(m/10+0.5)*10)
	}
	return strings.Replace(fmt.Sprintf("%.1f km", m/1000), ".", ",", 1)
}

// shorten cuts text at a word boundary near n characters.
func shorten(text string, n int) string {
	cut, count := -1, 0
	for i := range text {
		if count == n {
			cut = i
			break
		}
		count++
	}
	if cut < 0 {
		return text
	}
	head := text[:cut]
	if i := strings.LastIndexByte(head, ' '); i > n/2 {
		return head[:i] + " …"
	}
	return head + "…"
}

// parsePages parses each page together with the layout and the shared
// partials (partials.html and every html/_*.html), so that every page
// defines its own "content" block.
func parsePages(loc *time.Location) (map[string]*template.Template, error) {
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
	funcs := templateFuncs(loc)
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

// renderBare writes a page without the site's header and navigation, for
// frames on other websites; it defines its own "bare" template.
func (s *Server) renderBare(w http.ResponseWriter, r *http.Request, page string, data pageData) {
	s.execute(w, page, "bare", data)
}

// render writes a page; an htmx request gets only the "content" block (or
// the block named by the page's Partial).
func (s *Server) render(w http.ResponseWriter, r *http.Request, page string, data pageData) {
	p := data.layout()
	p.Banner, p.Actor, p.Path, p.Installation = s.opt.Banner, quartier.ActorFrom(r.Context()), r.URL.Path, int(s.spatial.SRID())
	p.Nav, p.Basemap, p.Attribution = navFor(p.Actor, p.Path), s.opt.Basemap, s.opt.Attribution
	s.noticeBadge(r, p.Nav)
	name := "layout.html"
	if r.Header.Get("HX-Request") == "true" {
		name = "content"
		if p.Partial != "" {
			name = p.Partial
		}
	}
	s.execute(w, page, name, data)
}

// execute renders template name of page into a buffer first, so a
// failing template answers 500 instead of half a page.
func (s *Server) execute(w http.ResponseWriter, page, name string, data any) {
	t, ok := s.pages[page]
	if !ok {
		http.Error(w, "Seite fehlt", http.StatusInternalServerError)
		return
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
