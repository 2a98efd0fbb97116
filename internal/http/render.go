package http

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
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

// pageFiles lists each page's template files: the layout, partials.html,
// the shared files (every html/_*.html) whose templates it uses and its
// own, last, so that every page defines its own "content" block. Each
// page holds its own parse trees (html/template escapes them per page):
// with every shared file in every page, the 64 pages took 20 MB of heap.
func pageFiles() (map[string][]string, error) {
	names, err := fs.Glob(templateFS, "html/*.html")
	if err != nil {
		return nil, err
	}
	base := []string{"html/layout.html", "html/partials.html"}
	defineRe := regexp.MustCompile(`\{\{-?\s*(?:define|block)\s+"([^"]+)"`)
	useRe := regexp.MustCompile(`\{\{-?\s*(?:template|block)\s+"([^"]+)"`)
	definedIn := map[string]string{} // template name → shared file
	texts := map[string]string{}
	for _, n := range names {
		b, err := fs.ReadFile(templateFS, n)
		if err != nil {
			return nil, err
		}
		texts[n] = string(b)
		if strings.HasPrefix(n, "html/_") {
			for _, m := range defineRe.FindAllStringSubmatch(texts[n], -1) {
				definedIn[m[1]] = n
			}
		}
	}
	pages := map[string][]string{}
	for _, n := range names {
		page := strings.TrimSuffix(strings.TrimPrefix(n, "html/"), ".html")
		if page == "layout" || page == "partials" || strings.HasPrefix(page, "_") {
			continue
		}
		files := slices.Clone(base)
		// The shared files the page uses, and those they use.
		for todo := []string{n, base[0], base[1]}; len(todo) > 0; {
			f := todo[0]
			todo = todo[1:]
			for _, m := range useRe.FindAllStringSubmatch(texts[f], -1) {
				if g, ok := definedIn[m[1]]; ok && !slices.Contains(files, g) {
					files = append(files, g)
					todo = append(todo, g)
				}
			}
		}
		pages[page] = append(files, n)
	}
	return pages, nil
}

// parsePage parses one page from its files (see pageFiles) and checks
// that every template it calls is defined.
func parsePage(loc *time.Location, files []string) (*template.Template, error) {
	n := files[len(files)-1]
	t, err := template.New("layout.html").Funcs(templateFuncs(loc)).ParseFS(templateFS, files...)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", n, err)
	}
	if err := allDefined(t); err != nil {
		return nil, fmt.Errorf("template %s: %w", n, err)
	}
	return t, nil
}

// pageSet holds the pages, each parsed on its first use: a page's
// trees are its own (some 0.15 MB each), and a server that answers the
// atlas and the API renders a handful of the 64. All of them are parsed
// once at start, to fail there rather than on a first visit.
type pageSet struct {
	loc   *time.Location
	pages map[string]*lazyPage
}

type lazyPage struct {
	files []string
	once  sync.Once
	t     *template.Template
	err   error
}

func newPageSet(loc *time.Location) (*pageSet, error) {
	files, err := pageFiles()
	if err != nil {
		return nil, err
	}
	ps := &pageSet{loc: loc, pages: map[string]*lazyPage{}}
	for page, fs := range files {
		if _, err := parsePage(loc, fs); err != nil {
			return nil, err
		}
		ps.pages[page] = &lazyPage{files: fs}
	}
	return ps, nil
}

// get returns page's template, parsed on first use; an unknown page is
// an error.
func (ps *pageSet) get(page string) (*template.Template, error) {
	p, ok := ps.pages[page]
	if !ok {
		return nil, fmt.Errorf("render: no page %q", page)
	}
	p.once.Do(func() { p.t, p.err = parsePage(ps.loc, p.files) })
	return p.t, p.err
}

// allDefined checks that every template t's templates call is defined:
// html/template would say so only when a page is rendered.
func allDefined(t *template.Template) error {
	for _, x := range t.Templates() {
		if x.Tree == nil {
			continue
		}
		var missing error
		var walk func(n parse.Node)
		walk = func(n parse.Node) {
			switch n := n.(type) {
			case *parse.TemplateNode:
				if t.Lookup(n.Name) == nil && missing == nil {
					missing = fmt.Errorf("%s calls the template %q, which no file of the page defines", x.Name(), n.Name)
				}
			case *parse.ListNode:
				if n != nil {
					for _, c := range n.Nodes {
						walk(c)
					}
				}
			case *parse.IfNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.List)
				walk(n.ElseList)
			}
		}
		walk(x.Tree.Root)
		if missing != nil {
			return missing
		}
	}
	return nil
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
	t, err := s.pages.get(page)
	if err != nil {
		s.log.Error("render", "page", page, "err", err)
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
