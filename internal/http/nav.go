package http

import (
	"slices"

	"github.com/quartier/quartier"
)

// navLink is one entry of the main navigation. Who sees it is decided
// here, from the actor, so the layout holds no permission logic and a new
// page needs one line in navigation.
type navLink struct {
	Href, Label string
	// Public links are shown to everyone; the others only to a signed-in
	// person, and with Perm set only to one who holds it.
	Public bool
	Perm   quartier.Permission
	// AnyOf shows the link to one who holds any of these permissions
	// (besides Perm): the budgets are kept by the office, which does not
	// read their figures, and read by planning, which does not keep them.
	AnyOf []quartier.Permission
	// Also are further paths on which this link is the current page (the
	// start page is the atlas).
	Also []string
	// Current is set by navFor.
	Current bool
	// Badge is a count shown with the link (the unread notices), set by
	// render.
	Badge int
}

// navGroup is a disclosure menu of the navigation; the group without a
// label holds the links shown directly. Account is the signed-in person's
// own menu: labelled with the name and ending with "Abmelden".
type navGroup struct {
	Label   string
	Account bool
	Links   []navLink
	Current bool // holds the current page
}

// navigation is every page a person reaches from the header, in the order
// shown. A page without an entry fails TestNavigationCoversPages.
func navigation() []navGroup {
	signedIn := func(href, label string) navLink { return navLink{Href: href, Label: label} }
	need := func(href, label string, p quartier.Permission) navLink {
		return navLink{Href: href, Label: label, Perm: p}
	}
	public := func(href, label string) navLink { return navLink{Href: href, Label: label, Public: true} }
	return []navGroup{
		{Links: []navLink{
			{Href: "/atlas", Label: "Angebote finden", Public: true, Also: []string{"/"}},
			public("/atlas/wegweiser", "Wegweiser"),
			public("/atlas/vorschlag", "Angebot melden"),
		}},
		{Label: "Redaktion", Links: []navLink{
			need("/atlas/angebote/neu", "Neues Angebot", quartier.PermEditAtlas),
			need("/atlas/orte/neu", "Neuer Ort", quartier.PermEditAtlas),
			need("/atlas/pruefung", "Vorschläge prüfen", quartier.PermEditAtlas),
			need("/atlas/faellig", "Fällige Prüfungen", quartier.PermEditAtlas),
			need("/atlas/einstellungen", "Themen und Synonyme", quartier.PermConfigureAtlas),
		}},
		{Label: "Gebiete", Links: []navLink{
			signedIn("/karte", "Karte der Gebiete"),
			signedIn("/ebenen", "Ebenen"),
			signedIn("/zuordnung", "Zuordnung"),
			signedIn("/pruefen", "Import prüfen"),
			need("/einspielen/gebietsstand", "Gebietsstand einspielen", quartier.PermImportAreas),
			need("/einspielen/zusammensetzung", "Ebene aus Bausteinen", quartier.PermImportAreas),
			need("/einspielen/strassenverzeichnis", "Straßenverzeichnis einspielen", quartier.PermImportAreas),
		}},
		{Label: "Mehr", Links: []navLink{
			public("/atlas/planung", "Versorgung je Sozialraum"),
			public("/atlas/einbetten", "Atlas einbetten"),
			public("/atlas/austausch", "Datenaustausch (HSDS)"),
		}},
		{Label: "Monitoring", Links: []navLink{
			need("/monitoring", "Indikatoren und Indizes", quartier.PermReadIndicators),
			need("/monitoring/karte", "Karte des Monitorings", quartier.PermReadIndicators),
			need("/monitoring/einspielen", "Werte einspielen", quartier.PermManageIndicators),
			need("/verteilung", "Verteilungsvorschläge", quartier.PermReadIndicators),
			need("/monitoring/bericht", "Bericht für den Ausschuss", quartier.PermReadIndicators),
			public("/monitoring/veroeffentlichungen", "Veröffentlichungen"),
		}},
		{Label: "Haushalt", Links: []navLink{
			{Href: "/haushalt", Label: "Sozialraumbudgets", AnyOf: []quartier.Permission{quartier.PermReadBudgets, quartier.PermManageBudgets}},
			need("/haushalt/neu", "Neuer Haushalt", quartier.PermManageBudgets),
			need("/haushalt/bericht", "Jahresbericht", quartier.PermReadBudgetReports),
			need("/haushalt/bericht/entwurf", "Jahresbericht: aktueller Stand", quartier.PermReadBudgets),
			need("/haushalt/stunden", "Stundenbericht", quartier.PermReadBudgets),
			need("/stunden", "Meine Arbeitsstunden", quartier.PermRecordHours),
		}},
		{Label: "Organisation", Links: []navLink{
			need("/organisation", "Sozialräume, Träger, Verbünde", quartier.PermManageSpaces),
			need("/organisation/traeger/neu", "Neuer Träger", quartier.PermManageSpaces),
			need("/organisation/verbuende/neu", "Neuer Trägerverbund", quartier.PermManageSpaces),
		}},
		{Label: "Verwaltung", Links: []navLink{
			need("/admin/konten", "Konten", quartier.PermManageUsers),
			need("/admin/neues-konto", "Neues Konto", quartier.PermManageUsers),
			need("/admin/protokoll", "Protokoll", quartier.PermReadAudit),
			signedIn("/berechtigungen", "Berechtigungen"),
		}},
		{Links: []navLink{signedIn("/hinweise", "Hinweise")}},
		{Account: true, Links: []navLink{
			signedIn("/konto", "Mein Konto"),
			signedIn("/konto/zweiter-faktor", "Zweiter Faktor"),
			signedIn("/konto/passwort", "Passwort ändern"),
		}},
	}
}

// navFor is the navigation as actor sees it on path: links it may not
// use and groups left empty are dropped, the current page is marked.
func navFor(actor *quartier.Actor, path string) []navGroup {
	var out []navGroup
	for _, g := range navigation() {
		var links []navLink
		for _, l := range g.Links {
			if !l.Public && (actor == nil || l.Perm != "" && !actor.Can(l.Perm) || len(l.AnyOf) > 0 && !slices.ContainsFunc(l.AnyOf, actor.Can)) {
				continue
			}
			l.Current = l.Href == path || slices.Contains(l.Also, path)
			g.Current = g.Current || l.Current
			links = append(links, l)
		}
		if len(links) > 0 {
			g.Links = links
			out = append(out, g)
		}
	}
	return out
}
