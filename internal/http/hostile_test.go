package http

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
)

// Hostile values: each breaks out of one context if written unescaped (a
// text node, a double- or single-quoted attribute, a textarea, a script
// string or JSON read as script), or smuggles a template action.
var hostilePayloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`' onmouseover='x`,
	`</textarea><svg onload=alert(1)>`,
	"a\u2028</script><script>alert(1)//\u2029b",
	`{{.Title}}&lt;b&gt;&amp;`,
}

// hostileSchemes start the URL fields; only http(s) and mailto may end up
// in a link.
var hostileSchemes = []string{"javascript:alert(1);", " JaVaScRiPt:alert(1);", "data:text/html,", "vbscript:x;"}

// hostileFields lists every field the atlas writers print and the outputs
// that must show it, so a field that vanished from a writer is noticed as
// well as one printed live. The fixture below sets each to a marker of the
// field followed by the payload.
var hostileFields = []struct {
	field string
	on    []string
}{
	{"offer.name", []string{"list", "embed", "offer", "place", "conf-place", "guide", "guidedoc", "list-staff", "offer-staff", "offer-form"}},
	{"offer.description", []string{"list", "embed", "offer", "offer-form"}},
	{"offer.costs", []string{"offer", "guide", "guidedoc", "offer-form"}},
	{"offer.website", []string{"offer", "offer-form"}},
	{"offer.hours.note", []string{"list", "embed", "offer", "guide", "guidedoc", "offer-form"}},
	{"offer.exception.note", []string{"offer", "offer-form"}},
	{"topic.label", []string{"list", "embed", "offer", "guide", "guidedoc", "planning", "planning-svg", "settings", "offer-form"}},
	{"provider.name", []string{"list", "embed", "offer", "place", "guide", "guidedoc", "offer-form", "place-form"}},
	{"provider.short", nil}, // searched, shown nowhere
	{"provider.website", []string{"offer"}},
	{"place.name", []string{"list", "embed", "offer", "place", "guide", "guidedoc", "map", "offer-form", "place-form"}},
	{"place.street", []string{"list", "embed", "offer", "place", "guide", "guidedoc", "place-form"}},
	{"place.house", []string{"list", "embed", "offer", "place", "guide", "guidedoc", "place-form"}},
	{"place.postcode", []string{"list", "embed", "offer", "place", "guide", "guidedoc", "place-form"}},
	{"place.city", []string{"list", "embed", "offer", "place", "guide", "guidedoc", "place-form"}},
	{"place.access.note", []string{"offer", "place", "place-form"}},
	{"place.source", []string{"place"}},
	{"conf.name", []string{"list", "embed", "offer", "conf-place", "list-staff", "offer-staff", "conf-place-staff", "map-staff", "offer-form", "conf-place-form"}},
	{"conf.street", []string{"list-staff", "offer-staff", "conf-place-staff"}},
	{"conf.house", []string{"list-staff", "offer-staff", "conf-place-staff"}},
	{"conf.postcode", []string{"list-staff", "offer-staff", "conf-place-staff"}},
	{"conf.city", []string{"list-staff", "offer-staff", "conf-place-staff"}},
	{"conf.contact.path", []string{"list", "embed", "offer", "conf-place", "guide", "guidedoc", "conf-place-form"}},
	{"contact.name", []string{"offer", "offer-staff", "guide", "guidedoc", "offer-form"}},
	{"contact.role", []string{"offer", "offer-staff", "offer-form"}},
	{"contact.phone", []string{"offer", "offer-staff", "guide", "guidedoc", "offer-form"}},
	{"contact.email", []string{"offer", "offer-staff", "guide", "guidedoc", "offer-form"}},
	{"pro.name", []string{"offer-staff", "offer-form"}},
	{"pro.phone", []string{"offer-staff", "offer-form"}},
}

// hostileOutputs are the pages, documents and JSON the fields go through,
// each as the public, ASD staff (who see the shelter and the contacts for
// professionals) or an editor see it.
var hostileOutputs = []struct{ name, user, path string }{
	{"list", "", "/atlas?thema=feindlich"},
	{"embed", "", "/einbetten/atlas?thema=feindlich"},
	{"offer", "", "/atlas/angebote/feind"},
	{"place", "", "/atlas/orte/feind-ort"},
	{"conf-place", "", "/atlas/orte/feind-geheim"},
	{"guide", "", "/atlas/wegweiser?raum=west"},
	{"guidedoc", "", ""}, // the PDF's document, rendered in the test
	{"map", "", "/atlas/karte.json?thema=feindlich"},
	{"planning", "", "/atlas/planung?thema=feindlich"},
	{"planning-svg", "", "/atlas/planung/karte.svg?thema=feindlich"},
	{"list-staff", "u-asd", "/atlas?thema=feindlich"},
	{"offer-staff", "u-asd", "/atlas/angebote/feind"},
	{"conf-place-staff", "u-asd", "/atlas/orte/feind-geheim"},
	{"map-staff", "u-asd", "/atlas/karte.json?thema=feindlich"},
	{"settings", "u-admin", "/atlas/einstellungen"},
	{"offer-form", "u-admin", "/atlas/angebote/feind/bearbeiten"},
	{"place-form", "u-admin", "/atlas/orte/feind-ort/bearbeiten"},
	{"conf-place-form", "u-admin", "/atlas/orte/feind-geheim/bearbeiten"},
}

// hostileAtlas imports one offer of a hostile provider at a public place in
// West and a shelter in Nord, under a topic of its own, every printed
// field set to value(field).
func hostileAtlas(t *testing.T, a interface {
	ImportAtlas(context.Context, atlas.Import) (*atlas.ImportReport, error)
	SaveTaxonomy(context.Context, []quartier.Topic) error
}, at func(string) (float64, float64), provider string, value func(string) string, scheme string) {
	t.Helper()
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	topics := append(slices.Clone(quartier.DefaultTopics()), quartier.Topic{Code: "feindlich", Label: value("topic.label")})
	if err := a.SaveTaxonomy(ctx, topics); err != nil {
		t.Fatalf("taxonomy: %v %v", err, quartier.ErrorProblems(err))
	}
	wx, wy := at("W1")
	nx, ny := at("N1")
	day := time.Date(2030, 8, 1, 0, 0, 0, 0, time.UTC)
	_, err := a.ImportAtlas(ctx, atlas.Import{
		Source: value("place.source"),
		Providers: []quartier.Provider{{Code: provider, Name: value("provider.name"), ShortName: value("provider.short"),
			Kind: quartier.ProviderIndependent, Website: scheme + value("provider.website")}},
		Places: []quartier.Place{
			{Key: "feind-ort", Name: value("place.name"), Provider: provider, Street: value("place.street"), HouseNumber: value("place.house"),
				Postcode: value("place.postcode"), City: value("place.city"), X: wx, Y: wy, Accessibility: []string{"aufzug"},
				AccessibilityNote: value("place.access.note")},
			{Key: "feind-geheim", Name: value("conf.name"), Provider: provider, Street: value("conf.street"), HouseNumber: value("conf.house"),
				Postcode: value("conf.postcode"), City: value("conf.city"), X: nx, Y: ny, Confidential: true, ContactPath: value("conf.contact.path")},
		},
		Offers: []atlas.OfferEntry{{Offer: quartier.Offer{Key: "feind", Name: value("offer.name"), Description: value("offer.description"),
			Provider: provider, Topics: []string{"feindlich"}, TargetGroups: []string{"jugendliche"}, Costs: value("offer.costs"),
			Website: scheme + value("offer.website"), Status: quartier.OfferActive,
			Hours: quartier.OpeningHours{Note: value("offer.hours.note"),
				Exceptions: []quartier.HoursException{{From: day, To: day, Closed: true, Note: value("offer.exception.note")}}},
			Contacts: []quartier.Contact{
				{Name: value("contact.name"), Role: value("contact.role"), Phone: value("contact.phone"), Email: hostileEmail(value("contact.email")), Visibility: quartier.VisiblePublic},
				{Name: value("pro.name"), Phone: value("pro.phone"), Visibility: quartier.VisibleProfessionals},
			}},
			PlaceKeys: []string{"feind-ort", "feind-geheim"}}},
	})
	if err != nil {
		t.Fatalf("import: %v %v", err, quartier.ErrorProblems(err))
	}
}

// TestHostileValuesInert sends script- and attribute-breaking text through
// every field the atlas writers print (the Go-written list, the embed, the
// offer and place pages, the Wegweiser page and PDF document, the map JSON,
// the planning view, the settings and the edit forms) and checks that each
// output shows the text as text and runs none of it.
func TestHostileValuesInert(t *testing.T) {
	a := weimarCity(t)
	ts, srv := accountServerOn(t, a)
	at := func(block string) (float64, float64) {
		r, ok := a.Spatial.Locator().LocateBlock(block)
		if !ok {
			t.Fatalf("block %s", block)
		}
		return r.X, r.Y
	}
	clients := map[string]*http.Client{"": client(t)}
	for _, o := range hostileOutputs {
		if _, ok := clients[o.user]; !ok {
			clients[o.user] = signedInClient(t, ts, o.user)
		}
	}
	for i, payload := range hostilePayloads {
		value := func(field string) string { return "[" + field + "]" + payload }
		// Providers are created once, so each round has its own.
		hostileAtlas(t, a.Atlas, at, "feind-"+strconv.Itoa(i), value, hostileSchemes[i%len(hostileSchemes)])
		for _, o := range hostileOutputs {
			var body string
			if o.path == "" {
				g, err := a.Atlas.Guide(context.Background(), "west")
				if err != nil {
					t.Fatal(err)
				}
				if body, _, err = srv.guideDocument(g); err != nil {
					t.Fatal(err)
				}
			} else {
				status, b := fetch(t, clients[o.user], ts.URL+o.path)
				if status != http.StatusOK {
					t.Fatalf("%s %s: %d\n%.2000s", o.name, o.path, status, b)
				}
				body = b
			}
			var shown string
			if strings.HasPrefix(o.name, "map") {
				shown = inertJSON(t, o.name, payload, body)
			} else {
				for _, f := range liveMarkup(body) {
					t.Errorf("%s (%q): %s", o.name, payload, f)
				}
				shown = html.UnescapeString(body)
			}
			for _, f := range hostileFields {
				want := value(f.field)
				if f.field == "contact.email" {
					want = hostileEmail(want)
				}
				if slices.Contains(f.on, o.name) && !strings.Contains(shown, want) {
					t.Errorf("payload %d: %s does not show %s as text", i, o.name, f.field)
				}
			}
		}
	}
}

// hostileEmail puts a hostile text into the display name of an address
// that net/mail accepts, as the offer's validation asks.
func hostileEmail(name string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `" <kontakt@example.org>`
}

// Target groups are a fixed vocabulary: a hostile code is refused at the
// door, so their labels always come from the domain.
func TestHostileTargetGroupRefused(t *testing.T) {
	a := weimarCity(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	_, err := a.Atlas.ImportAtlas(ctx, atlas.Import{Source: "Test", Offers: []atlas.OfferEntry{{Offer: quartier.Offer{Key: "x", Name: "X",
		Topics: []string{"sport"}, TargetGroups: []string{hostilePayloads[0]}, Status: quartier.OfferActive}}}})
	if quartier.ErrorCode(err) != quartier.EINVALID {
		t.Fatalf("hostile target group: %v", err)
	}
}

// TestInertCheckers shows that the checks above catch what they are for.
func TestInertCheckers(t *testing.T) {
	for _, bad := range []string{
		`<p><script>alert(1)</script></p>`, `<img src=x onerror=alert(1)>`, `<a href=" JavaScript:alert(1)">x</a>`,
		`<input value='' onmouseover='x'>`, `<a href="&#106;avascript:alert(1)">x</a>`, `<svg onload=alert(1)>`,
		`<form action="data:text/html,x">`,
	} {
		if len(liveMarkup(bad)) == 0 {
			t.Errorf("not caught: %s", bad)
		}
	}
}

var (
	tagPattern  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)
	attrPattern = regexp.MustCompile(`([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
)

// liveMarkup lists markup that only a value could have brought: a script
// not from /assets, an image or frame not from this site, an event handler
// attribute, a link or form target with a scheme that runs code.
func liveMarkup(body string) []string {
	var found []string
	for _, m := range tagPattern.FindAllStringSubmatch(body, -1) {
		tag := strings.ToLower(m[1])
		attrs := map[string]string{}
		for _, a := range attrPattern.FindAllStringSubmatch(m[2], -1) {
			name := strings.ToLower(a[1])
			attrs[name] = html.UnescapeString(a[2] + a[3] + a[4])
			if strings.HasPrefix(name, "on") {
				found = append(found, "event handler in "+m[0])
			}
			switch name {
			case "href", "src", "action", "formaction", "data", "xlink:href":
				v := strings.ToLower(strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, attrs[name]))
				for _, s := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.HasPrefix(v, s) {
						found = append(found, s+" URL in "+m[0])
					}
				}
			}
		}
		switch tag {
		case "script":
			if !strings.HasPrefix(attrs["src"], "/assets/") {
				found = append(found, "script from data: "+m[0])
			}
		case "img", "iframe", "object", "embed", "base", "svg":
			if tag == "svg" && strings.HasPrefix(body, "<svg") {
				continue // the choropleth is an SVG document
			}
			if !strings.HasPrefix(attrs["src"], "/") {
				found = append(found, tag+" from data: "+m[0])
			}
		}
	}
	return found
}

// inertJSON checks a JSON answer: valid, with no character a browser could
// read as markup or as a line break inside a script, and returns its
// decoded text for the presence check.
func inertJSON(t *testing.T, output, payload, body string) string {
	t.Helper()
	if strings.ContainsAny(body, "<>&\u2028\u2029") {
		t.Errorf("%s (%q): raw markup or line separator in JSON", output, payload)
	}
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%s: %v", output, err)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			b.WriteString(x + "\n")
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}
