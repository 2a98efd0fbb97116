package http

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/quartier/quartier"
)

// TestNavigationCoversPages: every page (a GET route without a wildcard
// that answers HTML) has an entry in the navigation, shown to those the
// route lets in; the few that cannot have one say why.
func TestNavigationCoversPages(t *testing.T) {
	srv, err := New(weimarCity(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	notInNav := map[string]string{
		"/anmelden":              "the header's own link for everyone signed out",
		"/anmelden/code":         "the second step of signing in",
		"/anmelden/oidc":         "starts the identity provider's sign-in (button on /anmelden)",
		"/anmelden/oidc/zurueck": "the identity provider's way back",
		"/einbetten/atlas":       "the frame other websites show; previewed from /atlas/einbetten",
		"/healthz":               "for monitoring, not a page",
		"/favicon.ico":           "not a page",
		"/atlas/traeger":         "the provider suggestions of the offer and place forms (htmx)",
		"/atlas/orte-auswahl":    "the place suggestions of the offer form (htmx)",
	}
	links := map[string]navLink{}
	for _, g := range navigation() {
		for _, l := range g.Links {
			for _, p := range append([]string{l.Href}, l.Also...) {
				if _, dup := links[p]; dup {
					t.Errorf("navigation: %s twice", p)
				}
				links[p] = l
			}
		}
	}
	routes := map[string]Access{}
	for _, r := range srv.Routes() {
		method, path, _ := strings.Cut(r.Pattern, " ")
		path = strings.TrimSuffix(path, "{$}")
		if path == "" {
			path = "/"
		}
		routes[path] = r.Access
		if method != "GET" || strings.Contains(path, "{") || strings.HasSuffix(path, "/") && path != "/" ||
			strings.HasPrefix(path, "/api/") || slices.ContainsFunc([]string{".json", ".csv", ".xlsx", ".svg", ".pdf", ".zip"}, func(ext string) bool { return strings.HasSuffix(path, ext) }) {
			continue
		}
		l, ok := links[path]
		if _, exempt := notInNav[path]; exempt {
			if ok {
				t.Errorf("%s is in the navigation and in the exemptions", path)
			}
			continue
		}
		if !ok {
			t.Errorf("page %s has no entry in navigation()", path)
			continue
		}
		// A link is shown only to those the route lets in.
		switch {
		case l.Public && !r.Access.Public:
			t.Errorf("%s: shown to everyone, but the route needs sign-in", path)
		case !r.Access.Public && r.Access.Permission != "" && l.Perm != r.Access.Permission:
			t.Errorf("%s: shown for %q, the route needs %q", path, l.Perm, r.Access.Permission)
		}
	}
	for p := range links {
		if _, ok := routes[p]; !ok {
			t.Errorf("navigation links to %s, which is no route", p)
		}
	}
}

var navHref = regexp.MustCompile(`<a href="([^"]+)"`)

// headerLinks are the links of the main navigation of a page.
func headerLinks(t *testing.T, body string) []string {
	t.Helper()
	_, nav, ok := strings.Cut(body, `<nav aria-label="Hauptnavigation">`)
	nav, _, ok2 := strings.Cut(nav, "</nav>")
	if !ok || !ok2 {
		t.Fatalf("no main navigation in\n%.600s", body)
	}
	var out []string
	for _, m := range navHref.FindAllStringSubmatch(nav, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestNavigationPerRole: families see the atlas and no staff pages; each
// role sees the pages it may open, and every link it sees opens.
func TestNavigationPerRole(t *testing.T) {
	ts, _ := accountServer(t)
	_, body := get(t, ts, "/")
	anon := headerLinks(t, body)
	for _, want := range []string{"/atlas", "/atlas/wegweiser", "/atlas/vorschlag", "/atlas/planung", "/anmelden"} {
		if !slices.Contains(anon, want) {
			t.Errorf("anonymous navigation lacks %s: %v", want, anon)
		}
	}
	for _, staff := range []string{"/karte", "/ebenen", "/zuordnung", "/pruefen", "/atlas/angebote/neu", "/berechtigungen", "/konto"} {
		if slices.Contains(anon, staff) {
			t.Errorf("anonymous navigation shows the staff page %s", staff)
		}
	}
	if !strings.Contains(body, `<a href="/atlas" aria-current="page">`) {
		t.Errorf("the start page does not mark the atlas as the current page")
	}
	for _, c := range []struct {
		login         string
		want, notWant []string
	}{
		{"u-admin", []string{"/karte", "/pruefen", "/admin/konten", "/admin/protokoll", "/berechtigungen", "/konto"}, nil},
		{"u-planner", []string{"/karte", "/ebenen", "/atlas/angebote/neu", "/atlas/einstellungen", "/berechtigungen"}, []string{"/admin/konten"}},
		{"u-provider-staff", []string{"/karte", "/atlas/angebote/neu", "/atlas/pruefung"}, []string{"/admin/konten", "/admin/protokoll", "/atlas/einstellungen"}},
		{"u-committee", []string{"/karte", "/konto"}, []string{"/atlas/angebote/neu", "/atlas/pruefung", "/admin/konten"}},
		{"u-dpo", []string{"/admin/protokoll"}, []string{"/atlas/angebote/neu", "/admin/konten"}},
	} {
		c2 := client(t)
		login(t, ts, c2, c.login)
		_, body := fetch(t, c2, ts.URL+"/")
		links := headerLinks(t, body)
		for _, w := range c.want {
			if !slices.Contains(links, w) {
				t.Errorf("%s: navigation lacks %s: %v", c.login, w, links)
			}
		}
		for _, w := range c.notWant {
			if slices.Contains(links, w) {
				t.Errorf("%s: navigation shows %s, which the role may not open", c.login, w)
			}
		}
		if slices.Contains(links, "/anmelden") || !strings.Contains(body, `action="/abmelden"`) {
			t.Errorf("%s: signed in, but the navigation offers to sign in or lacks signing out", c.login)
		}
		for _, l := range links {
			if status, _ := fetch(t, c2, ts.URL+l); status != http.StatusOK {
				t.Errorf("%s: navigation link %s answers %d", c.login, l, status)
			}
		}
	}
}

// TestNavFor marks the current page and its group, and drops groups left
// empty.
func TestNavFor(t *testing.T) {
	editor := &quartier.Actor{Login: "e", Grants: []quartier.Grant{{Role: quartier.RoleProviderStaff}}}
	var labels []string
	for _, g := range navFor(editor, "/atlas/pruefung") {
		labels = append(labels, g.Label)
		for _, l := range g.Links {
			if l.Current != (l.Href == "/atlas/pruefung") {
				t.Errorf("%s current=%v", l.Href, l.Current)
			}
		}
		if g.Current != (g.Label == "Redaktion") {
			t.Errorf("group %q current=%v", g.Label, g.Current)
		}
	}
	if !slices.Contains(labels, "Verwaltung") || !slices.Contains(labels, "Redaktion") {
		t.Errorf("groups for a provider's editor: %q", labels)
	}
	for _, g := range navFor(nil, "/") {
		if g.Label == "Redaktion" || g.Label == "Gebiete" || g.Label == "Verwaltung" || g.Account {
			t.Errorf("anonymous sees group %q", g.Label)
		}
		for _, l := range g.Links {
			if l.Href == "/atlas" && !l.Current {
				t.Errorf("start page: the atlas link is not current")
			}
		}
	}
}
