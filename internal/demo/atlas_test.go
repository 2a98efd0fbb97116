package demo

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/services"
)

// testDemoAtlas checks the atlas Load imported, read back from the store.
func testDemoAtlas(t *testing.T, a *services.Set) {
	ctx := context.Background()
	var places []quartier.Place
	var offers []quartier.Offer
	var provs []quartier.Provider
	if err := a.Store.View(ctx, func(tx quartier.Tx) error {
		var err error
		if places, err = tx.Places(ctx); err != nil {
			return err
		}
		if offers, err = tx.Offers(ctx); err != nil {
			return err
		}
		provs, err = tx.Providers(ctx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	placeByKey := map[string]quartier.Place{}
	placeByID := map[int64]quartier.Place{}
	for _, p := range places {
		placeByKey[p.Key], placeByID[p.ID] = p, p
	}
	provByCode := map[string]quartier.Provider{}
	for _, p := range provs {
		provByCode[p.Code] = p
	}
	offerByKey := map[string]quartier.Offer{}
	for _, o := range offers {
		offerByKey[o.Key] = o
	}

	// The shipped lists, read on their own.
	type record struct {
		props map[string]any
		pt    orb.Point
	}
	var kitas, youth []record
	if err := eachPoint(kitaFile, func(p map[string]any, pt orb.Point) { kitas = append(kitas, record{p, pt}) }); err != nil {
		t.Fatal(err)
	}
	if err := eachPoint(youthFile, func(p map[string]any, pt orb.Point) { youth = append(youth, record{p, pt}) }); err != nil {
		t.Fatal(err)
	}
	// Every Kita that states its places carries them as its capacity (the
	// planning view counts places, not only offers).
	for _, r := range kitas {
		o := offerByKey["kita-"+prop(r.props, "e_nr")]
		n, err := strconv.Atoi(prop(r.props, "e_platz"))
		if err == nil && n > 0 && (o.Capacity == nil || *o.Capacity != n) || (err != nil || n == 0) && o.Capacity != nil {
			t.Errorf("%s: capacity %v, list says %q", o.Key, o.Capacity, prop(r.props, "e_platz"))
			break
		}
	}
	if len(kitas) != 2880 || len(youth) != 407 {
		t.Fatalf("shipped lists: %d Kitas, %d youth centres", len(kitas), len(youth))
	}

	t.Run("counts", func(t *testing.T) {
		playgrounds := 0
		for _, r := range youth {
			if prop(r.props, "e_art") == playgroundArt {
				playgrounds++
			}
		}
		want := map[string]int{"kita": len(kitas), "jugendfreizeit": len(youth) - playgrounds, "abenteuerspielplatz": playgrounds}
		got := map[string]int{}
		examples := 0
		for _, o := range offers {
			if o.Source == exampleSource {
				examples++
				continue
			}
			got[o.Topics[0]]++
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("real offers by topic %v, want %v", got, want)
		}
		if examples < 300 || examples > 500 {
			t.Errorf("%d invented offers, want 300–500", examples)
		}
		real := map[string]int{}
		for _, p := range places {
			prefix, _, _ := strings.Cut(p.Key, "-")
			real[prefix]++
		}
		if real["kita"] != len(kitas) || real["jfe"] != len(youth) || real["bsp"] == 0 {
			t.Errorf("places by kind %v", real)
		}
		topics := map[string]bool{}
		for _, o := range offers {
			for _, tp := range o.Topics {
				topics[tp] = true
			}
		}
		for _, tp := range quartier.DefaultTopics() {
			if !topics[tp.Code] {
				t.Errorf("no offer on topic %s", tp.Code)
			}
		}
	})

	t.Run("areas", func(t *testing.T) {
		for _, p := range places {
			if p.Block == "" || p.Space == "" {
				t.Errorf("place %s (%s) at %.0f, %.0f: block %q, space %q", p.Key, p.Name, p.X, p.Y, p.Block, p.Space)
			}
		}
	})

	t.Run("providers", func(t *testing.T) {
		byNr := map[string]map[string]bool{}
		for _, r := range kitas {
			nr := prop(r.props, "t_nr")
			if byNr[nr] == nil {
				byNr[nr] = map[string]bool{}
			}
			byNr[nr][placeByKey["kita-"+prop(r.props, "e_nr")].Provider] = true
		}
		for nr, codes := range byNr {
			if len(codes) != 1 || codes[""] {
				t.Errorf("Kita provider %s became %v", nr, codes)
			}
		}
		names := map[string]string{}
		for _, p := range provs {
			n := normName(p.Name)
			if other, dup := names[n]; dup {
				t.Errorf("providers %s and %s are one organisation (%q)", other, p.Code, p.Name)
			}
			names[n] = p.Code
		}
		// The youth centre list writes organisations in many ways.
		spellings := map[string]map[string]bool{}
		for _, r := range youth {
			p := placeByKey["jfe-"+prop(r.props, "e_nr")]
			name := strings.ToLower(prop(r.props, "t_name"))
			for _, org := range []string{"outreach", "kinderring"} {
				if strings.HasPrefix(name, org) {
					if spellings[org] == nil {
						spellings[org] = map[string]bool{}
					}
					spellings[org][p.Provider] = true
				}
			}
			if strings.HasPrefix(name, "bezirksamt") && p.Provider != "ja-"+prop(r.props, "e_bez_nr") {
				t.Errorf("%s, run by %q, belongs to %s", p.Key, name, p.Provider)
			}
		}
		for org, codes := range spellings {
			if len(codes) != 1 {
				t.Errorf("%s became %d providers: %v", org, len(codes), codes)
			}
		}
		if k := provByCode[placeByKey["kita-01010010"].Provider]; k.Kind != quartier.ProviderIndependent || !strings.HasPrefix(k.Name, "GFJ") {
			t.Errorf("provider of kita-01010010: %+v", k)
		}
		for _, r := range kitas {
			if k := provByCode[placeByKey["kita-"+prop(r.props, "e_nr")].Provider]; prop(r.props, "t_art") == "Eigenbetrieb" && k.Kind != quartier.ProviderPublic {
				t.Errorf("a Kita-Eigenbetrieb is public: %+v", k)
			}
		}
	})

	t.Run("labelled", func(t *testing.T) {
		check := func(key, name, source string) {
			switch {
			case strings.HasPrefix(key, "kita-"):
				if source != kitaSource {
					t.Errorf("%s: source %q", key, source)
				}
			case strings.HasPrefix(key, "jfe-"):
				if source != youthSource {
					t.Errorf("%s: source %q", key, source)
				}
			case !strings.HasSuffix(name, " (Beispiel)") || source != exampleSource || !strings.HasPrefix(key, "bsp-"):
				t.Errorf("invented entry %s %q (source %q) is not labelled", key, name, source)
			}
		}
		for _, p := range places {
			check(p.Key, p.Name, p.Source)
			if street := strings.Replace(p.Street, "str.", "straße", 1); p.Source == exampleSource && street != "" && !slices.Contains(exampleStreets, street) {
				t.Errorf("example place %s at a real street %q", p.Key, p.Street)
			}
		}
		for _, o := range offers {
			check(o.Key, o.Name, o.Source)
		}
	})

	t.Run("keys", func(t *testing.T) {
		var ps, os []keyed
		for _, p := range places {
			ps = append(ps, keyed{key: p.Key, space: string(p.Space), confidential: p.Confidential})
		}
		for _, o := range offers {
			e := keyed{key: o.Key}
			for _, id := range o.Places {
				p := placeByID[id]
				e.space, e.confidential = string(p.Space), e.confidential || p.Confidential
			}
			os = append(os, e)
		}
		testKeysTellNoSpace(t, "place", ps)
		testKeysTellNoSpace(t, "offer", os)
	})

	t.Run("confidential", func(t *testing.T) {
		conf := map[int64]quartier.Place{}
		for _, p := range places {
			if p.Confidential {
				conf[p.ID] = p
				if p.ContactPath == "" {
					t.Errorf("%s has no contact path", p.Key)
				}
			}
		}
		if len(conf) < 3 {
			t.Fatalf("%d confidential places", len(conf))
		}
		served := map[int64]bool{}
		for _, o := range offers {
			for _, id := range o.Places {
				p, ok := conf[id]
				if !ok {
					continue
				}
				served[id] = true
				for _, h := range a.Spatial.Locator().Locate(orb.Point{p.X, p.Y}).Hits {
					if h.Name != "" && strings.Contains(o.Name+" "+o.Description, h.Name) {
						t.Errorf("offer %s names %q, where its shelter lies", o.Key, h.Name)
					}
				}
			}
		}
		if len(served) != len(conf) {
			t.Errorf("%d of %d confidential places have an offer", len(served), len(conf))
		}
		v, err := a.Atlas.View(ctx) // anonymous
		if err != nil {
			t.Fatal(err)
		}
		for id := range conf {
			p := v.Places[id]
			if p.Street != "" || p.HouseNumber != "" || p.Postcode != "" || p.HasPoint() || p.Block != "" || p.Space != "" || p.ContactPath == "" {
				t.Errorf("anonymous view of %s: %+v", p.Key, p)
			}
		}
	})

	t.Run("examples", func(t *testing.T) {
		topics := quartier.TopicIndex(quartier.DefaultTopics())
		status := map[quartier.OfferStatus]int{}
		langs := map[string]bool{}
		var weekly, exceptions, holidays, public, professional, oneDay, summer, running int
		var text strings.Builder
		today := a.Spatial.Today()
		for _, o := range offers {
			if o.Source != exampleSource {
				continue
			}
			if err := o.Validate(topics); err != nil {
				t.Errorf("%s: %v", o.Key, err)
			}
			if err := o.Hours.Validate(); err != nil {
				t.Errorf("%s: hours %v", o.Key, err)
			}
			status[o.Status]++
			for _, l := range o.Languages {
				langs[l] = true
			}
			if len(o.Hours.Weekly) > 0 {
				weekly++
			}
			if len(o.Hours.Exceptions) > 0 {
				exceptions++
			}
			if o.Hours.ClosedOnHolidays {
				holidays++
			}
			for _, c := range o.Contacts {
				if c.Visibility == quartier.VisiblePublic {
					public++
				} else {
					professional++
				}
				if c.Email != "" && !strings.HasSuffix(c.Email, ".example.org") || c.Phone != "" && !strings.HasPrefix(c.Phone, "030 23125 ") {
					t.Errorf("%s: contact %+v is not fictional", o.Key, c)
				}
			}
			if o.ValidFrom != nil {
				switch days := int(o.ValidTo.Sub(*o.ValidFrom).Hours() / 24); {
				case days == 1:
					oneDay++
				case days >= 35 && strings.Contains(o.Name, "Sommerferien"):
					summer++
				}
				if o.Current(today) {
					running++
				}
			}
			text.WriteString(o.Name + " " + o.Description + " ")
		}
		n := status[quartier.OfferActive] + status[quartier.OfferPaused] + status[quartier.OfferEnded]
		if status[quartier.OfferActive]*10 < n*8 || status[quartier.OfferPaused] == 0 || status[quartier.OfferEnded] == 0 {
			t.Errorf("statuses %v", status)
		}
		if len(langs) < 6 || !langs["tr"] || !langs["ar"] {
			t.Errorf("languages %v", langs)
		}
		if weekly*10 < n*8 || exceptions*4 < n || holidays*2 < n || public*2 < n || professional == 0 {
			t.Errorf("of %d: %d weekly, %d with exceptions, %d closed on holidays, %d public and %d professional contacts",
				n, weekly, exceptions, holidays, public, professional)
		}
		if oneDay == 0 || summer == 0 || running == 0 {
			t.Errorf("%d one-day events, %d summer programmes, %d time-boxed offers running today", oneDay, summer, running)
		}
		for _, w := range []string{"Jugendclub", "Jugendklub", "Jugendtreff", "Fussball", "Fußball", "Hausaufgabenhilfe", "Erziehungsberatungsstelle"} {
			if !strings.Contains(text.String(), w) {
				t.Errorf("no example says %q", w)
			}
		}
		op := quartier.WithActor(ctx, quartier.Operator())
		again, err := buildAtlas(op, a)
		if err != nil {
			t.Fatal(err)
		}
		first, _ := buildAtlas(op, a)
		if !reflect.DeepEqual(first, again) {
			t.Error("the demo atlas differs between two builds")
		}
	})

	t.Run("records", func(t *testing.T) {
		p, o := placeByKey["kita-01010010"], offerByKey["kita-01010010"]
		if p.Name != "Kita F.A.I.R.play" || p.Street != "Albrechtstr." || p.HouseNumber != "20" || p.Postcode != "10117" || p.City != "Berlin" {
			t.Errorf("kita-01010010: %+v", p)
		}
		if !strings.Contains(o.Description, "69 Plätzen") || !strings.Contains(o.Description, "offene Arbeit und Situationsansatz") ||
			!slices.Equal(o.Topics, []string{"kita"}) || *o.MinAge != 0 || *o.MaxAge != 6 || o.Places[0] != p.ID {
			t.Errorf("offer kita-01010010: %+v", o)
		}
		if len(o.Contacts) != 1 || o.Contacts[0].Phone != "030 281 64 73" || o.Contacts[0].Visibility != quartier.VisiblePublic ||
			o.Hours.Note != hoursUnknown || len(o.Hours.Weekly) != 0 || len(p.Accessibility) != 0 || !o.VerifiedOn.Equal(dataDate) {
			t.Errorf("kita-01010010 invents what the list does not say: %+v / %+v", o.Contacts, o.Hours)
		}
		j := offerByKey["jfe-01010003"]
		if j.Name != "Freizeithaus am Mauerpark" || j.Provider != "ja-01" || !slices.Equal(j.Topics, []string{"jugendfreizeit"}) ||
			placeByID[j.Places[0]].Street != "Schwedter Str." {
			t.Errorf("jfe-01010003: %+v", j)
		}
		for _, r := range youth {
			o := offerByKey["jfe-"+prop(r.props, "e_nr")]
			if prop(r.props, "gend1") == "ja" && !slices.Contains(o.TargetGroups, "maedchen") {
				t.Errorf("%s (%s) is for girls: %v", o.Key, o.Name, o.TargetGroups)
			}
			if prop(r.props, "e_art") == playgroundArt && (o.Topics[0] != "abenteuerspielplatz" || *o.MaxAge > 14) {
				t.Errorf("%s (%s) is a playground: %v, ages %d–%d", o.Key, o.Name, o.Topics, *o.MinAge, *o.MaxAge)
			}
		}
	})
}
