package atlas

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/streetdir"
)

// The duplicate warning: before a new entry is saved, the editor sees
// entries with a similar name nearby or at the same address. It warns and
// never blocks: two kitas called "Sonnenschein" may well exist.

const (
	// SimilarDistance is how near (metres) a similar name must be.
	SimilarDistance = 250.0
	// similarName is the least trigram similarity (Jaccard, as pg_trgm)
	// of two folded names that counts as "similar".
	similarName = 0.45
)

// nameStopWords carry no identity: articles, prepositions, legal forms.
var nameStopWords = map[string]bool{
	"am": true, "an": true, "im": true, "in": true, "der": true, "die": true, "das": true, "des": true, "dem": true, "den": true,
	"und": true, "fuer": true, "zum": true, "zur": true, "beim": true, "vom": true, "von": true, "e": true, "v": true, "ev": true,
	"gmbh": true, "ggmbh": true,
}

// foldName folds a name for comparison: streetdir's folding, without stop
// words, and c spelled k where German spells it so ("Club" and "Klub",
// "Center" and "Kenter" compare alike; "ch" stays).
func foldName(s string) string {
	var words []string
	for _, w := range strings.Fields(streetdir.Fold(s)) {
		if nameStopWords[w] {
			continue
		}
		w = strings.ReplaceAll(w, "ck", "k")
		var b strings.Builder
		for i := 0; i < len(w); i++ {
			if w[i] == 'c' && (i+1 == len(w) || w[i+1] != 'h') {
				b.WriteByte('k')
				continue
			}
			b.WriteByte(w[i])
		}
		words = append(words, b.String())
	}
	return strings.Join(words, " ")
}

// trigrams of a folded name, each word padded as pg_trgm does ("  w", " wo", …).
func trigrams(folded string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(folded) {
		r := []rune("  " + w + " ")
		for i := 0; i+3 <= len(r); i++ {
			out[string(r[i:i+3])] = true
		}
	}
	return out
}

// NameSimilarity is the trigram similarity of two names after folding: 1
// for names that fold alike, 0 for names without a common trigram.
func NameSimilarity(a, b string) float64 {
	ta, tb := trigrams(foldName(a)), trigrams(foldName(b))
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	common := 0
	for t := range ta {
		if tb[t] {
			common++
		}
	}
	return float64(common) / float64(len(ta)+len(tb)-common)
}

// SimilarQuery describes an entry about to be saved.
type SimilarQuery struct {
	Kind quartier.EntityKind
	Name string
	// Where: a point (installation CRS) and/or an address; for an offer
	// also the places it will happen at.
	X, Y                          float64
	Street, HouseNumber, Postcode string
	PlaceKeys                     []string
	Exclude                       string // the entry's own key when editing
}

// SimilarEntry is a possible duplicate.
type SimilarEntry struct {
	Kind       quartier.EntityKind
	Key        string
	Name       string
	Address    string  // redacted for confidential places the actor may not read
	Similarity float64 // of the names
	Why        string  // "120 m entfernt", "gleiche Adresse", "gleicher Ort"
	Ended      bool    // an ended offer
}

type spot struct {
	x, y                          float64
	street, houseNumber, postcode string
	placeID                       int64
}

func (s spot) hasPoint() bool { return s.x != 0 || s.y != 0 }

func placeSpot(p *quartier.Place) spot {
	return spot{x: p.X, y: p.Y, street: p.Street, houseNumber: p.HouseNumber, postcode: p.Postcode, placeID: p.ID}
}

// near explains why two spots count as the same location, "" when not.
func near(a, b spot) string {
	switch {
	case a.placeID != 0 && a.placeID == b.placeID:
		return "gleicher Ort"
	case a.street != "" && a.houseNumber != "" && streetdir.NormalizeStreet(a.street) == streetdir.NormalizeStreet(b.street) &&
		strings.EqualFold(strings.ReplaceAll(a.houseNumber, " ", ""), strings.ReplaceAll(b.houseNumber, " ", "")) &&
		(a.postcode == "" || b.postcode == "" || a.postcode == b.postcode):
		return "gleiche Adresse"
	case a.hasPoint() && b.hasPoint():
		if d := math.Hypot(a.x-b.x, a.y-b.y); d <= SimilarDistance {
			return fmt.Sprintf("%.0f m entfernt", d)
		}
	}
	return ""
}

// SimilarEntries lists entries of the same kind with a similar name near
// the new one: within SimilarDistance, at the same address or (offers) at
// the same place. It answers about points the actor knows only: the places
// named must be ones the actor may put offers at (checked before anything
// else, an unknown place and a forbidden one answer alike), a confidential
// place the actor may not read lends only its identity ("gleicher Ort"),
// never its point or address, and a candidate at such a place is matched
// by name alone. Otherwise a few requests under different names would
// trilaterate a shelter. A check that names a confidential place is
// audited.
func (a *Service) SimilarEntries(ctx context.Context, q SimilarQuery) ([]SimilarEntry, error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, string(q.Kind), ""); err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	var out []SimilarEntry
	var confidential []string
	// The snapshot, not a transaction: a warning may be a second behind
	// another process's write, and the form asks for it on every save.
	s, err := a.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	// The places as far as the snapshot keeps them: key, name, provider,
	// address, point, space, confidentiality.
	byID := func(id int64) (*quartier.Place, bool) {
		r := s.places.get(id)
		if r == nil {
			return nil, false
		}
		p := r.place()
		return &p, true
	}
	err = func() error {
		here := []spot{{x: q.X, y: q.Y, street: q.Street, houseNumber: q.HouseNumber, postcode: q.Postcode}}
		for _, k := range q.PlaceKeys {
			id, ok := s.placeByKey[k]
			p, _ := byID(id)
			if !ok || !actor.OffersAt(p) {
				return audit.Denial(errPlaceNotFound(k))
			}
			if p.Confidential {
				confidential = append(confidential, k)
			}
			if !actor.ReadsConfidential(p) {
				here = append(here, spot{placeID: p.ID})
				continue
			}
			here = append(here, placeSpot(p))
		}
		if strings.TrimSpace(foldName(q.Name)) == "" {
			return nil
		}
		// match checks a candidate's name and its places (by ID) against
		// here; the places are made only for a similar name.
		match := func(kind quartier.EntityKind, key, name string, ended bool, ids []int64) {
			if key == q.Exclude {
				return
			}
			sim := NameSimilarity(q.Name, name)
			if sim < similarName {
				return
			}
			e := SimilarEntry{Kind: kind, Key: key, Name: name, Similarity: sim, Ended: ended}
			for _, id := range ids {
				p, ok := byID(id)
				if !ok {
					continue
				}
				if !actor.ReadsConfidential(p) {
					r := p.Redacted()
					e.Address, e.Why = r.Address(), "ähnlicher Name"
					continue
				}
				for _, h := range here {
					if why := near(h, placeSpot(p)); why != "" {
						e.Address, e.Why = p.Address(), why
						break
					}
				}
				if e.Why != "" && e.Why != "ähnlicher Name" {
					break
				}
			}
			if e.Why != "" {
				out = append(out, e)
			}
		}
		switch q.Kind {
		case quartier.EntityPlace:
			id := make([]int64, 1)
			for i := range s.places {
				id[0] = s.places[i].ID
				match(quartier.EntityPlace, s.places[i].Key, s.places[i].Name, false, id)
			}
		case quartier.EntityOffer:
			for _, o := range s.offers {
				// An ended offer is listed too: taking it up again beats a twin.
				match(quartier.EntityOffer, o.Key, o.Name, o.Status == quartier.OfferEnded, o.Places)
			}
		default:
			return quartier.Errorf(quartier.EINVALID, "Unbekannte Art des Eintrags %q.", q.Kind)
		}
		return nil
	}()
	if err != nil {
		return nil, a.audit.IfDenied(ctx, quartier.PermEditAtlas, "place", strings.Join(q.PlaceKeys, ","), err)
	}
	if len(confidential) > 0 {
		if err := a.audit.Read(ctx, audit.Event{Action: "atlas.similar", ObjectType: "place", ObjectID: strings.Join(confidential, ","),
			Detail: "Dublettenprüfung an einem vertraulichen Ort"}); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Similarity != out[j].Similarity {
			return out[i].Similarity > out[j].Similarity
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}
