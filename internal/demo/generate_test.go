package demo

import (
	"context"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/services"
)

// blocksApp is an installation with Berlin's blocks only: enough for the
// generator, which needs nothing but a locator.
func blocksApp(t *testing.T) *services.Set {
	t.Helper()
	a := emptyApp(t)
	if err := importBlocks(quartier.WithActor(context.Background(), quartier.Operator()), a, nil); err != nil {
		t.Fatal(err)
	}
	return a
}

// words splits a text into lower-case words ("Kinder- und" gives "kinder").
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		if w = strings.ToLower(strings.Trim(w, "-")); w != "" {
			out = append(out, w)
		}
	}
	return out
}

var testDay = time.Date(2026, time.March, 2, 0, 0, 0, 0, time.UTC)

func TestGenerateAtlas(t *testing.T) {
	a := blocksApp(t)
	loc := a.Spatial.Locator()
	opt := GenerateOptions{Offers: 10000, Seed: 1, Today: testDay, City: "Berlin"}
	imp := GenerateAtlas(loc, opt)

	t.Run("deterministic", func(t *testing.T) {
		small := GenerateOptions{Offers: 1500, Seed: 9, Today: testDay}
		x, y := GenerateAtlas(loc, small), GenerateAtlas(loc, small)
		if !reflect.DeepEqual(x, y) {
			t.Fatal("two runs with the same seed differ")
		}
		small.Seed = 10
		z := GenerateAtlas(loc, small)
		if len(z.Offers) != 1500 || z.Offers[0].Description == x.Offers[0].Description && z.Offers[1].Description == x.Offers[1].Description {
			t.Error("another seed gives the same atlas")
		}
	})

	t.Run("valid", func(t *testing.T) {
		if len(imp.Offers) != opt.Offers {
			t.Fatalf("%d offers, want %d", len(imp.Offers), opt.Offers)
		}
		if n := len(imp.Providers); n < 20 || n > 400 {
			t.Errorf("%d providers", n)
		}
		provs := map[string]bool{}
		for _, p := range imp.Providers {
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			if provs[p.Code] {
				t.Fatalf("provider %s twice", p.Code)
			}
			provs[p.Code] = true
		}
		places := map[string]quartier.Place{}
		for _, p := range imp.Places {
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			if _, dup := places[p.Key]; dup || !provs[p.Provider] {
				t.Fatalf("place %s: duplicate or unknown provider %q", p.Key, p.Provider)
			}
			places[p.Key] = p
			if !p.HasPoint() || !loc.Locate(orb.Point{p.X, p.Y}).Inside {
				t.Fatalf("place %s at %.1f, %.1f is in no block", p.Key, p.X, p.Y)
			}
			if p.Confidential && (p.Street != "" || p.HouseNumber != "") {
				t.Errorf("confidential place %s has an address", p.Key)
			}
		}
		topics := quartier.TopicIndex(quartier.DefaultTopics())
		keys := map[string]bool{}
		for _, o := range imp.Offers {
			if err := o.Validate(topics); err != nil {
				t.Fatal(err)
			}
			if keys[o.Key] || !provs[o.Provider] || len(o.PlaceKeys) == 0 {
				t.Fatalf("offer %s: duplicate, unknown provider %q or no place", o.Key, o.Provider)
			}
			keys[o.Key] = true
			if n := len(strings.Fields(o.Description)); n < 20 || n > 80 {
				t.Errorf("offer %s: %d words: %s", o.Key, n, o.Description)
			}
			if strings.ContainsAny(o.Name+o.Description, "{}[]~") {
				t.Errorf("offer %s: template left over: %s / %s", o.Key, o.Name, o.Description)
			}
			for _, k := range o.PlaceKeys {
				p, ok := places[k]
				if !ok {
					t.Fatalf("offer %s at unknown place %s", o.Key, k)
				}
				if !p.Confidential {
					continue
				}
				// The text of an offer at a shelter must not say where it is.
				for _, h := range loc.Locate(orb.Point{p.X, p.Y}).Hits {
					if h.Name != "" && strings.Contains(o.Description+o.Name, h.Name) {
						t.Errorf("offer %s names the area %q of its confidential place", o.Key, h.Name)
					}
				}
			}
		}
	})

	t.Run("imports", func(t *testing.T) {
		part := GenerateAtlas(loc, GenerateOptions{Offers: 2000, Seed: 3, Today: testDay})
		rep, err := a.Atlas.ImportAtlas(quartier.WithActor(context.Background(), quartier.Operator()), part)
		if err != nil {
			t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
		}
		if rep.Offers != 2000 || rep.Places != len(part.Places) || rep.Providers != len(part.Providers) || len(rep.Outside) != 0 {
			t.Errorf("report %+v", rep)
		}
	})

	t.Run("distribution", func(t *testing.T) {
		topics := map[string]int{}
		status := map[quartier.OfferStatus]int{}
		langs := map[string]bool{}
		groups := map[string]bool{}
		timeboxed, withExceptions := 0, 0
		for _, o := range imp.Offers {
			for _, tp := range o.Topics {
				topics[tp]++
			}
			status[o.Status]++
			for _, l := range o.Languages {
				langs[l] = true
			}
			for _, g := range o.TargetGroups {
				groups[g] = true
			}
			if o.ValidTo != nil {
				timeboxed++
			}
			if len(o.Hours.Exceptions) > 0 {
				withExceptions++
			}
		}
		counts := make([]int, 0, len(topics))
		for _, n := range topics {
			counts = append(counts, n)
		}
		sort.Ints(counts)
		if len(topics) != len(quartier.DefaultTopics()) || counts[len(counts)-1] < 10*counts[0] {
			t.Errorf("topics should be all present, a few common and many rare: %v", topics)
		}
		if share := float64(status[quartier.OfferActive]) / float64(len(imp.Offers)); share < 0.8 || status[quartier.OfferPaused] == 0 || status[quartier.OfferEnded] == 0 {
			t.Errorf("statuses %v", status)
		}
		for _, l := range []string{"de", "tr", "ar", "ru", "uk", "en", "pl", "fa"} {
			if !langs[l] {
				t.Errorf("no offer in language %s", l)
			}
		}
		if len(groups) < len(quartier.TargetGroups)-1 || timeboxed == 0 || withExceptions == 0 {
			t.Errorf("%d target groups, %d time-boxed, %d with exceptions", len(groups), timeboxed, withExceptions)
		}
	})

	t.Run("vocabulary", func(t *testing.T) {
		df := map[string]int{}
		tokens := 0
		for _, o := range imp.Offers {
			seen := map[string]bool{}
			for _, w := range words(o.Name + " " + o.Description) {
				tokens++
				if !seen[w] {
					seen[w] = true
					df[w]++
				}
			}
		}
		if len(df) < 2000 {
			t.Errorf("%d distinct words in %d offers, want at least 2000", len(df), len(imp.Offers))
		}
		for _, w := range []string{"erziehungsberatungsstelle", "hausaufgabenbetreuung", "jugendfreizeiteinrichtung", "elternberatung",
			"familienbildungsstätte", "fußballverein", "jugendclub", "jugendklub", "fussball", "fußball",
			"kind", "kinder", "kindern", "familie", "familien", "beratung", "beratungen", "straße", "mädchen", "jugendlichen"} {
			if df[w] == 0 {
				t.Errorf("no offer says %q", w)
			}
		}
		umlauts, sharp := 0, 0
		for w := range df {
			if strings.ContainsAny(w, "äöü") {
				umlauts++
			}
			if strings.Contains(w, "ß") {
				sharp++
			}
		}
		if umlauts < 200 || sharp < 20 {
			t.Errorf("%d words with umlauts, %d with ß", umlauts, sharp)
		}
		// Zipf-like: a few words in most offers, many in very few.
		var rare, common int
		for _, n := range df {
			if n*1000 < len(imp.Offers) {
				rare++
			}
			if n*2 > len(imp.Offers) {
				common++
			}
		}
		if rare*4 < len(df) || common == 0 || common*50 > len(df) {
			t.Errorf("%d of %d words in under 0.1 %% of offers, %d in over half", rare, len(df), common)
		}
	})

	t.Run("queries", func(t *testing.T) {
		docs := make([]map[string]bool, len(imp.Offers))
		for i, o := range imp.Offers {
			docs[i] = map[string]bool{}
			for _, w := range words(o.Name + " " + o.Description) {
				docs[i][w] = true
			}
		}
		classes := map[QueryClass]int{}
		for _, q := range SearchQueries() {
			n := 0
			for _, d := range docs {
				if !slices.ContainsFunc(words(q.Text), func(w string) bool { return !d[w] }) {
					n++
				}
			}
			share := float64(n) / float64(len(docs))
			var got QueryClass
			switch {
			case share >= 0.05:
				got = QueryBroad
			case share >= 0.005:
				got = QueryMedium
			case n > 0:
				got = QueryNarrow
			}
			if got != q.Class {
				t.Errorf("%q matches %d of %d offers: %q, not %q", q.Text, n, len(docs), got, q.Class)
			}
			classes[q.Class]++
			if len(words(q.Text)) > 1 {
				classes["two-word"]++
			}
		}
		if classes[QueryBroad] < 5 || classes[QueryMedium] < 5 || classes[QueryNarrow] < 5 || classes["two-word"] < 5 {
			t.Errorf("queries per class: %v", classes)
		}
	})
}
