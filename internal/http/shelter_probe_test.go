package http

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/demo"
	"github.com/quartier/quartier/internal/geo"
	"github.com/quartier/quartier/internal/services"
)

// TestShelterCannotBeLocated tries to find each of the demo's three
// shelters through every path that uses a point on behalf of an actor: the
// duplicate warning of the offer and place forms, radius and distance
// order from an address or a map point, the space facet and the planning
// counts, the Wegweiser of a space, the map layer, the edit links and
// forms, the place choice of the offer form, the reminder list and the
// review queue – as anonymous visitor, as staff of a provider, as planner
// of one space and as the office of all spaces, none of whom may read the
// address.
//
// "Learns nothing" is tested as a difference: the shelter is put at a
// point P1 (near public offers in one space), every probe is answered, the
// shelter is put at P2 (in another space), and every answer must be the
// same. Any answer that depends on where the shelter is – a distance, an
// order, a count, a link, a status – shows up as a difference.
func TestShelterCannotBeLocated(t *testing.T) {
	ctx := context.Background()
	// The clock stands still: the two answers compared are minutes apart,
	// and an offer opening between them changed the "Jetzt geöffnet"
	// facet (CI at 8 o'clock Berlin time), which is no trace of the
	// shelter.
	start := time.Now()
	a := openDemoAt(t, func() time.Time { return start })
	op := quartier.WithActor(ctx, quartier.Operator())
	var places []quartier.Place
	var offers []quartier.Offer
	if err := a.Store.View(ctx, func(tx quartier.Tx) error {
		var err error
		if places, err = tx.Places(ctx); err != nil {
			return err
		}
		offers, err = tx.Offers(ctx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	loc := a.Spatial.Locator()
	spaceOf := func(p orb.Point) quartier.SpaceCode {
		h, _ := loc.Locate(p).HitFor(loc.SpaceLayer())
		return quartier.SpaceCode(h.Code)
	}
	offersAt := map[int64][]quartier.Offer{}
	for _, o := range offers {
		for _, id := range o.Places {
			offersAt[id] = append(offersAt[id], o)
		}
	}
	var shelters []quartier.Place
	for _, p := range places {
		if p.Confidential {
			shelters = append(shelters, p)
		}
	}
	if len(shelters) != 3 {
		t.Fatalf("%d shelters in the demo, want 3", len(shelters))
	}
	toWGS84, err := geo.Transformer(quartier.UTM33N, quartier.WGS84)
	if err != nil {
		t.Fatal(err)
	}

	srv, err := New(a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)

	for _, sh := range shelters {
		t.Run(sh.Key, func(t *testing.T) {
			// Two public places with offers, each in another space, not the
			// shelter's; P1 and P2 lie 120 m east of them, well within the
			// duplicate warning's 250 m.
			var anchors []quartier.Place
			var points []orb.Point
			used := []quartier.SpaceCode{sh.Space}
			for _, p := range places {
				pt := orb.Point{p.X + 120, p.Y}
				if p.Confidential || len(offersAt[p.ID]) == 0 || slices.Contains(used, p.Space) || spaceOf(pt) != p.Space || p.Provider == sh.Provider {
					continue
				}
				anchors, points, used = append(anchors, p), append(points, pt), append(used, p.Space)
				if len(anchors) == 2 {
					break
				}
			}
			if len(anchors) != 2 {
				t.Fatal("no anchors")
			}
			// The attackers: none may read the shelter's address.
			provider := providerOf(t, a, op, anchors[0].Space)
			attackers := map[string]*http.Client{"anonym": client(t)}
			for _, u := range []struct {
				login string
				role  quartier.Role
				scope quartier.Scope
			}{
				{"traeger-" + sh.Key, quartier.RoleProviderStaff, quartier.Scope{Kind: quartier.ScopeProvider, Ref: provider}},
				{"planung-" + sh.Key, quartier.RolePlanner, quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{anchors[0].Space}}},
				{"buero-" + sh.Key, quartier.RoleOffice, quartier.Scope{Kind: quartier.ScopeAll}},
				// The ASD of the space the shelter lay in before it moved
				// to P1 and P2: she may read shelters, but not there.
				{"asd-" + sh.Key, quartier.RoleASD, quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{sh.Space}}},
			} {
				if _, err := a.Access.CreateUser(op, access.CreateUserRequest{Login: u.login, Name: "Angreifer " + u.login, Password: testPassword, Role: u.role, Scope: u.scope}); err != nil {
					t.Fatal(err)
				}
				c := client(t)
				login(t, ts, c, u.login)
				attackers[u.login] = c
			}
			// The control may read the shelter wherever it is put (ASD of
			// both spaces) and edits the atlas: its answers must differ, or
			// the probes would not catch a leak.
			control := "kontrolle-" + sh.Key
			if _, err := a.Access.CreateUser(op, access.CreateUserRequest{Login: control, Name: "Kontrolle", Password: testPassword, Role: quartier.RoleASD,
				Scope: quartier.Scope{Kind: quartier.ScopeSpaces, Spaces: []quartier.SpaceCode{anchors[0].Space, anchors[1].Space}}}); err != nil {
				t.Fatal(err)
			}
			if err := a.Access.Grant(op, control, quartier.Grant{Role: quartier.RoleOffice, Scope: quartier.Scope{Kind: quartier.ScopeAll}}); err != nil {
				t.Fatal(err)
			}
			attackers[control] = client(t)
			login(t, ts, attackers[control], control)
			// A visitor's suggestion about the shelter puts it into review
			// queues.
			resp := postForm(t, client(t), ts.URL+"/atlas/vorschlag", url.Values{"ort": {sh.Key}, "kind": {string(quartier.SuggestProblem)}, "message": {"Hotline besetzt"}}, "")
			if resp.StatusCode >= 400 {
				t.Fatalf("suggestion: %d", resp.StatusCode)
			}

			var shelterOffers []string
			for _, o := range offersAt[sh.ID] {
				shelterOffers = append(shelterOffers, o.Key)
			}
			var probes []probe
			for _, pt := range points {
				ll := toWGS84(pt)
				lon, lat := strconv.FormatFloat(ll[0], 'f', 6, 64), strconv.FormatFloat(ll[1], 'f', 6, 64)
				for _, q := range []string{"", "q=Schutz&", "thema=schutz&"} {
					probes = append(probes,
						get0("/atlas?"+q+"lon="+lon+"&lat="+lat+"&umkreis=500&sort=entfernung"),
						get0("/atlas?"+q+"lon="+lon+"&lat="+lat),
						get0("/atlas/karte.json?"+q+"lon="+lon+"&lat="+lat+"&umkreis=1000"),
						get0("/einbetten/atlas?"+q+"lon="+lon+"&lat="+lat+"&umkreis=2000"))
				}
				space := string(spaceOf(pt))
				probes = append(probes, get0("/atlas?raum="+space), get0("/atlas?raum="+space+"&thema=schutz"),
					get0("/atlas/wegweiser?raum="+space), get0("/atlas/karte.json?raum="+space))
			}
			for _, an := range anchors {
				addr := an.Street + " " + an.HouseNumber + ", " + an.Postcode
				probes = append(probes, get0("/atlas?ort="+url.QueryEscape(addr)+"&umkreis=500"), get0("/atlas?ort="+url.QueryEscape(addr)+"&sort=entfernung"))
				// The duplicate warning, asked for an offer at the shelter
				// with the names of the offers near P. The unknown provider
				// makes the save fail after the warning, so nothing is
				// written.
				for _, o := range offersAt[an.ID][:min(2, len(offersAt[an.ID]))] {
					probes = append(probes, post0("/atlas/angebote/neu", url.Values{"name": {o.Name}, "provider": {"kein-solcher-traeger"},
						"topics": {"schutz"}, "status": {string(quartier.OfferActive)}, "places": {sh.Key}}))
				}
			}
			// A new place of the shelter's name at its address and at P1.
			p1 := toWGS84(points[0])
			probes = append(probes,
				post0("/atlas/orte/neu", url.Values{"name": {sh.Name}, "provider": {"kein-solcher-traeger"}, "street": {sh.Street}, "house_number": {sh.HouseNumber},
					"postcode": {sh.Postcode}, "locate": {"keine"}}),
				post0("/atlas/orte/neu", url.Values{"name": {sh.Name}, "provider": {"kein-solcher-traeger"}, "locate": {"koordinate"}, "crs": {"4326"},
					"x": {strconv.FormatFloat(p1[0], 'f', 7, 64)}, "y": {strconv.FormatFloat(p1[1], 'f', 7, 64)}}))
			probes = append(probes, get0("/atlas?q=Schutz"), get0("/atlas?thema=schutz"), get0("/atlas/planung?thema=schutz"), get0("/atlas/planung.csv"),
				get0("/atlas/planung/karte.svg?thema=schutz"), get0("/atlas/orte/"+sh.Key), get0("/atlas/orte/"+sh.Key+"/bearbeiten"),
				get0("/atlas/angebote/neu"), get0("/atlas/faellig"), get0("/atlas/pruefung"))
			for _, k := range shelterOffers {
				probes = append(probes, get0("/atlas/angebote/"+k), get0("/atlas/angebote/"+k+"/bearbeiten"))
			}
			probes = append(probes, sideChannelProbes(a, sh, shelterOffers, points, spaceOf)...)
			for _, an := range anchors {
				// The words of the address the shelter moves to.
				for _, q := range []string{an.Street, an.Postcode, an.Street + " " + an.HouseNumber + "a"} {
					probes = append(probes, get0("/atlas?q="+url.QueryEscape(q)), get0("/atlas/karte.json?q="+url.QueryEscape(q)),
						get0("/api/hsds/services?search="+url.QueryEscape(q)), get0("/atlas/orte-auswahl?q="+url.QueryEscape(q)))
				}
				// The address itself, as the origin of a search and in the
				// lookup: neither may know a place is there.
				moved := an.Street + " " + an.HouseNumber + "a, " + an.Postcode
				probes = append(probes, get0("/atlas?ort="+url.QueryEscape(moved)+"&sort=entfernung"), get0("/atlas?ort="+url.QueryEscape(moved)+"&q=Schutz&umkreis=500"),
					get0("/einbetten/atlas?ort="+url.QueryEscape(moved)+"&thema=schutz"),
					get0("/zuordnung?street="+url.QueryEscape(an.Street)+"&no="+url.QueryEscape(an.HouseNumber+"a")+"&postcode="+an.Postcode),
					get0("/api/v1/lookup?street="+url.QueryEscape(an.Street)+"&no="+url.QueryEscape(an.HouseNumber+"a")+"&ort="+url.QueryEscape(sh.Name)))
			}

			world := func(pt orb.Point) map[string]string {
				moved := sh
				moved.X, moved.Y = pt[0], pt[1]
				// The address moves with the point: next door to the
				// anchor of that point.
				for i := range points {
					if points[i] == pt {
						moved.Street, moved.HouseNumber, moved.Postcode = anchors[i].Street, anchors[i].HouseNumber+"a", anchors[i].Postcode
					}
				}
				if _, err := a.Atlas.SavePlace(op, atlas.PlaceEdit{Place: moved}); err != nil {
					t.Fatal(err)
				}
				if got := currentSpace(t, a, sh.Key); got != spaceOf(pt) {
					t.Fatalf("moved shelter lies in %q, want %q", got, spaceOf(pt))
				}
				out := map[string]string{}
				for who, c := range attackers {
					for _, p := range probes {
						out[who+" "+p.name()] = p.do(t, c, ts.URL)
					}
				}
				return out
			}
			at1, at2 := world(points[0]), world(points[1])
			diffs := 0
			var controlDiffs []string
			for k, v := range at1 {
				if at2[k] == v {
					continue
				}
				if strings.HasPrefix(k, control+" ") {
					controlDiffs = append(controlDiffs, k)
					continue
				}
				diffs++
				if diffs <= 5 {
					t.Errorf("%s depends on where the shelter is:\n%s", k, firstDifference(v, at2[k]))
				}
			}
			if diffs > 0 {
				t.Errorf("%d of %d answers depend on where the shelter is", diffs, len(at1))
			}
			for _, path := range []string{"POST /atlas/angebote/neu", "umkreis=500&sort=entfernung", "GET /atlas/karte.json"} {
				if !slices.ContainsFunc(controlDiffs, func(k string) bool { return strings.Contains(k, path) }) {
					t.Errorf("the control's answers to %s do not change with the shelter: the probes would not catch a leak there", path)
				}
			}
		})
	}
}

// providerOf is a provider assigned to space today (a member of an
// alliance where an alliance is).
func providerOf(t *testing.T, a *services.Set, ctx context.Context, space quartier.SpaceCode) string {
	t.Helper()
	d, err := a.Spatial.Area(ctx, demo.LayerSpaces, string(space))
	if err != nil || d.Current == nil {
		t.Fatalf("space %s: %v", space, err)
	}
	if d.Current.Provider != nil {
		return d.Current.Provider.Code
	}
	return d.Current.Members[0].Code
}

func currentSpace(t *testing.T, a *services.Set, key string) quartier.SpaceCode {
	t.Helper()
	ctx := context.Background()
	var space quartier.SpaceCode
	err := a.Store.View(ctx, func(tx quartier.Tx) error {
		ps, err := tx.Places(ctx)
		for _, p := range ps {
			if p.Key == key {
				space = p.Space
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return space
}

type probe struct {
	method, path string
	form         url.Values
}

func get0(path string) probe                   { return probe{method: "GET", path: path} }
func post0(path string, form url.Values) probe { return probe{method: "POST", path: path, form: form} }

func (p probe) name() string { return p.method + " " + p.path + " " + p.form.Encode() }

// do answers the probe as status, validators and body.
func (p probe) do(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	var resp *http.Response
	var err error
	if p.method == "GET" {
		resp, err = c.Get(base + p.path)
	} else {
		req, _ := http.NewRequest("POST", base+p.path, strings.NewReader(p.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err = c.Do(req)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	// Validators too: an ETag or date that follows the shelter tells a
	// cache (or a prober) that it moved.
	return fmt.Sprintf("%d %s %s %s\n%s", resp.StatusCode, resp.Header.Get("Location"), resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), b)
}

func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-150)
	return fmt.Sprintf("at P1: …%s…\nat P2: …%s…", a[from:min(len(a), i+150)], b[from:min(len(b), i+150)])
}
