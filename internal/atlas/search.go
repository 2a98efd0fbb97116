package atlas

import (
	"cmp"
	"context"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/search"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/streetdir"
	"github.com/quartier/quartier/internal/textde"
)

// SearchRequest is a query of the atlas: words, facet selections, a
// location and paging. Within a facet the selected values are
// alternatives (topic A or B); across facets all must hold. Accessibility
// is the exception: someone who needs step-free access and an accessible
// toilet needs both.
type SearchRequest struct {
	Text string
	// Facet selections, by value code.
	Spaces, Topics, TargetGroups, Languages, Access, AgeGroups []string
	// Age, when > 0, keeps offers whose age range includes it.
	Age     int
	OpenNow bool
	// Near is a point in the installation's CRS; Radius (m) > 0 keeps
	// offers with a place within it, and results get their distance.
	Near   *Point
	Radius float64
	// HomeSpace ranks offers of that space first ("offers for my
	// address": the space of the address).
	HomeSpace quartier.SpaceCode
	Sort      string // "", "relevance", "distance", "name"
	Page      int    // from 1; beyond the last page, no hits
	PerPage   int    // default 20, at most 100
	// NoFacets skips the counts (embeds and APIs that show none).
	NoFacets bool
}

// Point is a coordinate in the installation's CRS.
type Point struct{ X, Y float64 }

// Sort orders of SearchRequest.Sort.
const (
	SortRelevance = "relevance"
	SortDistance  = "distance"
	SortName      = "name"
)

// SearchResult is one page of hits, the total and the facet counts.
type SearchResult struct {
	Total   int
	Page    int
	PerPage int
	Pages   int
	Sort    string
	Hits    []SearchHit
	Facets  []Facet
}

// SearchHit is an offer as the actor may see it, with its places.
type SearchHit struct {
	Offer       quartier.Offer
	Provider    string // name
	TopicLabels []string
	Places      []PlaceInfo // redacted per actor
	OpenNow     bool
	// Distance to the nearest visible place in metres; -1 without Near.
	Distance    float64
	InHomeSpace bool
	Overdue     bool // verification older than the review cycle: marked, ranked lower
	Score       float32
}

// Facet lists the values of one filter with the number of hits each
// would give, counted with every other selection applied.
type Facet struct {
	Name   string
	Label  string
	Values []FacetValue
}

// FacetValue is one choice of a facet.
type FacetValue struct {
	Code     string
	Label    string
	Count    int
	Selected bool
}

// Bounds of a request: the page size, and the words (each costs a pass
// over the index), so that what a search allocates follows its hits, not
// what it asks for.
const (
	defaultPerPage = 20
	maxPerPage     = 100
	maxQueryBytes  = 200
)

// Ranking penalties: an entry nobody has checked for longer than the
// review cycle may be out of date; a paused offer cannot be used now.
const (
	overdueFactor = 0.75
	pausedFactor  = 0.9
)

// query is a request evaluated against one snapshot: the matching
// documents after all filters, with what ranking and facets need.
type query struct {
	s       *atlasSnapshot
	req     SearchRequest
	actor   *quartier.Actor
	m       *search.Match
	hits    search.Bitset            // words and non-facet filters; read only
	sel     map[string]search.Bitset // facet selections
	final   search.Bitset            // hits ∩ every selection; read only
	dist    []float64                // nil without Near
	seeConf func(space quartier.SpaceCode) bool
	owned   []search.Bitset // taken from the pool by the query
}

// bits is an empty set of the snapshot's documents that q gives back.
func (q *query) bits() search.Bitset {
	b := search.GetBitset(len(q.s.docs))
	q.owned = append(q.owned, b)
	return b
}

// clone is b.Clone that q gives back.
func (q *query) clone(b search.Bitset) search.Bitset {
	c := q.bits()
	copy(c, b)
	return c
}

// release gives the query's sets back; q must not be used after. A
// filtered search takes a set a selection and one a facet counted:
// 12.5 kB each at 100,000 offers, garbage a search at a time.
func (q *query) release() {
	q.m.Release()
	for _, b := range q.owned {
		search.PutBitset(b)
	}
	q.owned, q.hits, q.final = nil, nil, nil
}

// run evaluates req. The caller must release q.
func (a *Service) run(ctx context.Context, req SearchRequest) (*query, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	req.Text = boundQuery(req.Text)
	q := &query{s: s, req: req, actor: quartier.ActorFrom(ctx), sel: map[string]search.Bitset{}}
	q.seeConf = func(space quartier.SpaceCode) bool { return q.actor.CanInSpace(quartier.PermReadConfidential, space) }
	n := len(s.docs)
	q.m = s.index.MatchAges(req.Text, s.synonyms, s.ageDocs, s.reachDocs)
	// hits and final share the match's set (or the index's live set)
	// until a filter narrows them: copies of 12 kB at 100,000 offers are
	// most of what a search allocates, and garbage is collection time.
	q.hits = s.index.Live()
	if !q.m.All {
		q.hits = q.m.Bits
	}
	union := func(facet string, values []string) search.Bitset {
		if len(values) == 0 {
			return nil
		}
		out := q.bits()
		for _, v := range values {
			if bs := s.facetBits(facet, v, q.seeConf); bs != nil {
				out.Or(bs)
			}
		}
		return out
	}
	for facet, values := range map[string][]string{FacetSpace: req.Spaces, FacetTopic: req.Topics, FacetTargetGroup: req.TargetGroups,
		FacetLanguage: req.Languages, FacetAge: req.AgeGroups} {
		if bs := union(facet, values); bs != nil {
			q.sel[facet] = bs
		}
	}
	if len(req.Access) > 0 {
		all := search.Full(n)
		for _, v := range req.Access {
			if bs := s.facets[FacetAccess][v]; bs != nil {
				all.And(bs)
			} else {
				all = q.bits()
			}
		}
		q.sel[FacetAccess] = all
	}
	if req.OpenNow {
		q.sel[FacetOpenNow] = s.openNow(a.now(), a.holidays)
	}
	// Filters that are not facets narrow the hits for every count.
	if req.Age > 0 || req.Near != nil && req.Radius > 0 {
		q.hits = q.clone(q.hits)
	}
	if req.Age > 0 {
		q.hits.And(s.ageFilter(req.Age))
	}
	if req.Near != nil {
		q.dist = s.distances(*req.Near, q.seeConf)
		if req.Radius > 0 {
			within := q.bits()
			for d, v := range q.dist {
				if v >= 0 && v <= req.Radius {
					within.Set(uint32(d))
				}
			}
			q.hits.And(within)
		}
	}
	q.final = q.hits
	if len(q.sel) > 0 {
		q.final = q.clone(q.hits)
	}
	for _, bs := range q.sel {
		q.final.And(bs)
	}
	return q, nil
}

// boundQuery cuts a query to maxQueryBytes.
func boundQuery(text string) string {
	if len(text) > maxQueryBytes {
		return strings.ToValidUTF8(text[:maxQueryBytes], "")
	}
	return text
}

// sameSet reports whether a and b are the same set in memory (a space's
// set with the confidential places added is not).
func sameSet(a, b search.Bitset) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// facetBits is the set of documents with value v of facet; for spaces it
// adds the confidential places the actor may locate.
func (s *atlasSnapshot) facetBits(facet, v string, seeConf func(quartier.SpaceCode) bool) search.Bitset {
	bs := s.facets[facet][v]
	if facet != FacetSpace || !seeConf(quartier.SpaceCode(v)) || s.confSpace[v] == nil {
		return bs
	}
	if bs == nil {
		return s.confSpace[v]
	}
	bs = bs.Grown(len(s.docs))
	bs.Or(s.confSpace[v])
	return bs
}

// home reports whether document d has a place in the request's home
// space that the actor may locate.
func (q *query) home(d uint32) bool {
	if q.req.HomeSpace == "" {
		return false
	}
	for _, i := range q.s.points(d) {
		if p := q.s.places[i]; p.Space == q.req.HomeSpace && (!p.Confidential || q.seeConf(p.Space)) {
			return true
		}
	}
	return false
}

func (q *query) score(d uint32) float32 {
	if q.m.All {
		return 0
	}
	return q.s.relevance(q.m, d)
}

// relevance is how well document d answers the words of m: their score,
// lowered for entries overdue for review and paused offers.
func (s *atlasSnapshot) relevance(m *search.Match, d uint32) float32 {
	return m.Scores[d] * s.factor[d]
}

// Search runs a query of the atlas as the actor in ctx may see it:
// confidential places count for the space facet and the radius only where
// the actor may see their address, so neither reveals where a shelter is.
func (a *Service) Search(ctx context.Context, req SearchRequest) (*SearchResult, error) {
	if req.PerPage <= 0 {
		req.PerPage = defaultPerPage
	}
	req.PerPage = min(req.PerPage, maxPerPage)
	req.Page = max(req.Page, 1)
	q, err := a.run(ctx, req)
	if err != nil {
		return nil, err
	}
	defer q.release()
	s := q.s
	res := &SearchResult{Page: req.Page, PerPage: req.PerPage}
	res.Total = q.final.Count()
	res.Pages = (res.Total + req.PerPage - 1) / req.PerPage
	res.Sort = req.Sort
	switch {
	case res.Sort == SortDistance && q.dist == nil, res.Sort == SortRelevance && q.m.All:
		res.Sort = ""
	}
	if res.Sort == "" {
		switch {
		case !q.m.All:
			res.Sort = SortRelevance
		case q.dist != nil:
			res.Sort = SortDistance
		default:
			res.Sort = SortName
		}
	}
	// key ranks a document for the chosen sort, higher first; ties fall
	// back to document order, which is name order. Distance is distance:
	// a club 570 m away in the next space comes before one 4.8 km away in
	// the searcher's own (space borders mean nothing to a family on foot).
	// With a place to start from, relevance is weighed by distance
	// (halved at distanceHalf), so the offer at the very address leads.
	// Known only by its space (no point), the home space comes first: 1e12
	// is above every score.
	key := func(d uint32) float64 {
		k := 0.0
		if q.dist == nil && q.home(d) {
			k = 1e12
		}
		switch res.Sort {
		case SortRelevance:
			if q.dist != nil {
				return float64(q.score(d)) * distanceWeight(q.dist[d])
			}
			k += float64(q.score(d))
		case SortDistance:
			if v := q.dist[d]; v >= 0 {
				return -v
			}
			return -1e11
		}
		return k
	}
	var revealed []string
	// A page beyond the last has no hits; up to the last, Page×PerPage is
	// below Total+PerPage, so neither overflows nor asks for more.
	var page []uint32
	if req.Page <= res.Pages {
		k := req.Page * req.PerPage
		if res.Sort == SortRelevance && q.dist == nil && req.HomeSpace == "" {
			page = topKRelevance(q.final, k, q.m.Scores, s.factor, s.rank)
		} else {
			page = topK(q.final, k, key, s.rank)
		}
		page = page[(req.Page-1)*req.PerPage:]
	}
	// The page's offers and places whole: the snapshot keeps no text.
	ois := make([]int, len(page))
	for i, d := range page {
		ois[i] = int(s.docs[d].offer)
	}
	full, places, err := a.pageWithFacets(ctx, s, ois, func() {
		if !req.NoFacets {
			res.Facets = s.countFacets(q, a.now(), a.holidays)
		}
	})
	if err != nil {
		return nil, err
	}
	if len(page) > 0 {
		// A hit holds its offer whole: grown hit by hit, the list was a
		// third of what a broad search allocated.
		res.Hits = make([]SearchHit, 0, len(page))
	}
	for i, d := range page {
		o := full[i]
		if o == nil {
			// Offers are never deleted; should one be, it is not shown.
			continue
		}
		h := s.hit(d, *o, places, q, a.now(), a.holidays)
		for _, pid := range h.Offer.Places {
			if p, ok := places[pid]; ok && reveals(q.actor, *p) {
				revealed = append(revealed, p.Key)
			}
		}
		res.Hits = append(res.Hits, h)
	}
	if err := a.auditReveal(ctx, "Suche", revealed); err != nil {
		return nil, err
	}
	return res, nil
}

// pageWithFacets returns the page's entries (pageEntries) and runs
// facets meanwhile. A page not shown before is read from the store (half
// a millisecond of a first search at 100,000 offers), and counting the
// facets does not need it, so the two overlap where a second core is
// free; a kept page is taken at once, without a goroutine.
func (a *Service) pageWithFacets(ctx context.Context, s *atlasSnapshot, ois []int, facets func()) ([]*quartier.Offer, map[int64]*quartier.Place, error) {
	if len(ois) == 0 || s.kept(ois) {
		facets()
		return a.pageEntries(ctx, s, ois, true)
	}
	var full []*quartier.Offer
	var places map[int64]*quartier.Place
	err := both(func() error {
		facets()
		return nil
	}, func() error {
		var err error
		full, places, err = a.pageEntries(ctx, s, ois, true)
		return err
	})
	return full, places, err
}

// MapPoint is a place on the atlas map with the number of matching
// offers there.
type MapPoint struct {
	Key    string
	Name   string
	X, Y   float64
	Offers int
	// Offer is the key of the only matching offer at the place, so the
	// marker can link to it; "" when there are several.
	Offer string
}

// maxMapPoints bounds the map layer; beyond it the list is the way in. A
// variable only so that a test can cut the golden city's map.
var maxMapPoints = 5000

// SearchMap returns the places of all offers matching req that the actor
// may locate, for the map beside the list (the list pages, the map shows
// everything). Confidential places appear only for those who may see
// them, and then the reveal is audited.
func (a *Service) SearchMap(ctx context.Context, req SearchRequest) ([]MapPoint, error) {
	q, err := a.run(ctx, req)
	if err != nil {
		return nil, err
	}
	defer q.release()
	s := q.s
	byPlace := map[int64]int{}
	var out []MapPoint
	var revealed []string
	s.inNameOrder(q.final, func(d uint32) bool {
		o := s.offers[s.docs[d].offer]
		for _, pi := range s.points(d) {
			p := s.places[pi]
			if p.Confidential && !q.seeConf(p.Space) {
				continue
			}
			if i, ok := byPlace[p.ID]; ok {
				out[i].Offers++
				out[i].Offer = ""
				continue
			}
			if p.Confidential {
				revealed = append(revealed, p.Key)
			}
			byPlace[p.ID] = len(out)
			out = append(out, MapPoint{Key: p.Key, Name: p.Name, X: p.X, Y: p.Y, Offers: 1, Offer: o.Key})
		}
		return len(out) < maxMapPoints
	})
	if err := a.auditReveal(ctx, "Karte", revealed); err != nil {
		return nil, err
	}
	return out, nil
}

// inNameOrder calls fn with the members of set in name order, the order of
// a full build's documents, until fn returns false. A patched snapshot
// appends documents, so document order is not name order there; where a
// caller stops early (the map's bound), the order decides what is shown.
func (s *atlasSnapshot) inNameOrder(set search.Bitset, fn func(uint32) bool) {
	if n := set.Count(); n*16 < len(s.byName) {
		// Few members: sorting them by rank beats a pass over all.
		ds := make([]uint32, 0, n)
		set.ForEach(func(d uint32) bool { ds = append(ds, d); return true })
		slices.SortFunc(ds, func(a, b uint32) int { return cmp.Compare(s.rank[a], s.rank[b]) })
		for _, d := range ds {
			if !fn(d) {
				return
			}
		}
		return
	}
	for _, d := range s.byName {
		if set.Has(d) && !fn(d) {
			return
		}
	}
}

// hit renders document d, whose offer is o, as the actor may see it
// (places: the whole places of o by ID).
func (s *atlasSnapshot) hit(d uint32, o quartier.Offer, places map[int64]*quartier.Place, q *query, now time.Time, hol func(time.Time) bool) SearchHit {
	doc := s.docs[d]
	if !q.actor.SeesProfessionalContacts() {
		o = o.PublicContacts()
	}
	h := SearchHit{Offer: o, Distance: -1, InHomeSpace: q.home(d), Overdue: doc.overdue, Score: q.score(d),
		OpenNow: o.Status == quartier.OfferActive && o.Hours.OpenAt(now, hol)}
	if q.dist != nil {
		h.Distance = q.dist[d]
	}
	if p, ok := s.providers[o.ProviderID]; ok {
		h.Provider = p.Name
	}
	for _, t := range o.Topics {
		h.TopicLabels = append(h.TopicLabels, s.topicIdx[t].Label)
	}
	for _, pid := range o.Places {
		if p, ok := places[pid]; ok {
			h.Places = append(h.Places, s.placeInfo(redactFor(q.actor, *p)))
		}
	}
	return h
}

// topK returns the first k members of set by descending key, ties in
// ascending rank (nil: document order), with a bounded heap: a page of 20 out of
// 100,000 hits needs no sort, and each document costs one comparison
// against the worst of the best k. The heap holds at most the members,
// whatever k a caller passes.
func topK(set search.Bitset, k int, key func(uint32) float64, rank []uint32) []uint32 {
	if k <= 0 {
		return nil
	}
	t := topHeap{k: k, h: make([]topEntry, 0, min(k, set.Count()))}
	set.ForEach(func(d uint32) bool {
		e := topEntry{key(d), d, d}
		if rank != nil {
			e.rank = rank[d]
		}
		t.add(e)
		return true
	})
	return t.sorted()
}

// topKRelevance is topK with the key of a plain relevance ranking,
// float64(scores[d]×factor[d]), and ranks: the same order, computed in
// the loop over the set's words instead of by a call per member, since a
// broad search ranks most of the atlas (half the time of such a search
// went to the calls).
func topKRelevance(set search.Bitset, k int, scores, factor []float32, rank []uint32) []uint32 {
	if k <= 0 {
		return nil
	}
	t := topHeap{k: k, h: make([]topEntry, 0, min(k, set.Count()))}
	for wi, w := range set {
		for ; w != 0; w &= w - 1 {
			d := uint32(wi*64 + bits.TrailingZeros64(w))
			key := float64(scores[d] * factor[d])
			if len(t.h) == k {
				// Most members rank below the worst of the best k.
				if w0 := &t.h[0]; key < w0.key || key == w0.key && rank[d] > w0.rank {
					continue
				}
			}
			t.add(topEntry{key, rank[d], d})
		}
	}
	return t.sorted()
}

type topEntry struct {
	key  float64
	rank uint32
	doc  uint32
}

// topHeap keeps the best k entries seen, the worst on top.
type topHeap struct {
	k int
	h []topEntry
}

// worse reports whether a ranks below b.
func worse(a, b topEntry) bool { return a.key < b.key || a.key == b.key && a.rank > b.rank }

func (t *topHeap) add(e topEntry) {
	h := t.h
	if len(h) < t.k {
		h = append(h, e)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !worse(h[i], h[p]) {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
		t.h = h
	} else if worse(h[0], e) {
		h[0] = e
		t.down(0)
	}
}

func (t *topHeap) down(i int) {
	h := t.h
	for {
		l, m := 2*i+1, i
		if l < len(h) && worse(h[l], h[m]) {
			m = l
		}
		if r := l + 1; r < len(h) && worse(h[r], h[m]) {
			m = r
		}
		if m == i {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// sorted empties the heap into the documents, best first.
func (t *topHeap) sorted() []uint32 {
	out := make([]uint32, len(t.h))
	for i := len(t.h) - 1; i >= 0; i-- {
		out[i] = t.h[0].doc
		t.h[0] = t.h[len(t.h)-1]
		t.h = t.h[:len(t.h)-1]
		t.down(0)
	}
	return out
}

// countFacets counts, for every value of every facet, the hits with all
// other facets' selections applied: choosing the value would give that
// many results (selected values of the same facet are alternatives).
func (s *atlasSnapshot) countFacets(q *query, now time.Time, hol func(time.Time) bool) []Facet {
	req := q.req
	others := func(facet string) search.Bitset {
		if len(q.sel) == 0 || len(q.sel) == 1 && q.sel[facet] != nil {
			return q.hits
		}
		b := q.clone(q.hits)
		for f, bs := range q.sel {
			if f != facet {
				b.And(bs)
			}
		}
		return b
	}
	// Without selections in other facets every facet counts over the
	// hits: their words are listed once, not once a facet.
	var hitWords []int32
	var hitsSparse, hitsListed bool
	sparseWords := func(b search.Bitset) ([]int32, bool) {
		if len(b) == 0 || len(q.hits) == 0 || &b[0] != &q.hits[0] {
			return b.SparseWords()
		}
		if !hitsListed {
			hitWords, hitsSparse = b.SparseWords()
			hitsListed = true
		}
		return hitWords, hitsSparse
	}
	var out []Facet
	add := func(name, label string, codes []string, labelOf func(string) string, selected []string, bits func(string) search.Bitset) {
		base := others(name)
		// A narrow search touches few words of the sets: count only
		// those; a broad one, the few words of a sparse set.
		words, sparse := sparseWords(base)
		// A narrow base is counted over its few words; looking a value's
		// own list up would cost more than it saves.
		lists, sets := s.sparse[name], s.facets[name]
		if sparse && len(words) <= 64 {
			lists = nil
		}
		f := Facet{Name: name, Label: label}
		for _, c := range codes {
			bs := bits(c)
			cnt := 0
			switch vw, ok := lists[c]; {
			case ok && (!sparse || len(vw) < len(words)) && sameSet(bs, sets[c]):
				cnt = bs.CountAndAt(base, vw)
			case bs == nil:
			case sparse:
				cnt = base.CountAndAt(bs, words)
			default:
				cnt = base.CountAnd(bs)
			}
			isSel := slices.Contains(selected, c)
			if cnt == 0 && !isSel {
				continue
			}
			if f.Values == nil {
				// Room for every value at once: growing the list value
				// by value was a sixth of what a broad search allocated.
				f.Values = make([]FacetValue, 0, len(codes))
			}
			f.Values = append(f.Values, FacetValue{Code: c, Label: labelOf(c), Count: cnt, Selected: isSel})
		}
		out = append(out, f)
	}
	plain := func(facet string) func(string) search.Bitset {
		return func(v string) search.Bitset { return s.facets[facet][v] }
	}
	order := s.facetOrder
	add(FacetSpace, "Sozialraum", order[FacetSpace], func(c string) string { return s.spaceNames[c] }, req.Spaces, func(v string) search.Bitset {
		return s.facetBits(FacetSpace, v, q.seeConf)
	})
	add(FacetTopic, "Thema", order[FacetTopic], func(c string) string { return s.topicIdx[c].Label }, req.Topics, plain(FacetTopic))
	add(FacetTargetGroup, "Zielgruppe", order[FacetTargetGroup], quartier.TargetGroupLabel, req.TargetGroups, plain(FacetTargetGroup))
	add(FacetAge, "Alter", order[FacetAge], func(c string) string { return ageLabels[c] }, req.AgeGroups, plain(FacetAge))
	add(FacetLanguage, "Sprache", order[FacetLanguage], quartier.LanguageName, req.Languages, plain(FacetLanguage))
	add(FacetAccess, "Barrierefreiheit", order[FacetAccess], func(c string) string { return quartier.AccessibilityTerms[c] }, req.Access, plain(FacetAccess))
	var openSel []string
	if req.OpenNow {
		openSel = []string{"ja"}
	}
	add(FacetOpenNow, "Jetzt geöffnet", []string{"ja"}, func(string) string { return "jetzt geöffnet" }, openSel, func(string) search.Bitset { return s.openNow(now, hol) })
	return out
}

// facetWords lists the non-zero words of every sparse facet set (a
// quarter of its words or fewer) for countFacets; the sets that prev
// (nil: none) has unchanged keep its lists.
func (s *atlasSnapshot) facetWords(prev *atlasSnapshot) map[string]map[string][]int32 {
	out := make(map[string]map[string][]int32, len(s.facets))
	for f, m := range s.facets {
		out[f] = map[string][]int32{}
		for v, bs := range m {
			if prev != nil {
				if old := prev.facets[f][v]; len(old) == len(bs) && len(bs) > 0 && &old[0] == &bs[0] {
					if w, ok := prev.sparse[f][v]; ok {
						out[f][v] = w
					}
					continue
				}
			}
			if w := bs.Words(); len(w)*4 <= len(bs) {
				out[f][v] = w
			}
		}
	}
	return out
}

// ageLabels names the age bands by code.
var ageLabels = func() map[string]string {
	m := map[string]string{}
	for _, g := range quartier.AgeGroups {
		m[g.Code] = g.Label
	}
	return m
}()

// facetOrders lists each facet's values in display order: spaces by code,
// topics as the taxonomy orders them, age bands from young to old, the
// rest by code. A snapshot computes it once, not every search.
func (s *atlasSnapshot) facetOrders() map[string][]string {
	o := map[string][]string{
		FacetSpace:       slices.Sorted(maps.Keys(s.spaceNames)),
		FacetTargetGroup: slices.Sorted(maps.Keys(s.facets[FacetTargetGroup])),
		FacetLanguage:    slices.Sorted(maps.Keys(s.facets[FacetLanguage])),
		FacetAccess:      slices.Sorted(maps.Keys(s.facets[FacetAccess])),
	}
	for _, t := range s.topics {
		o[FacetTopic] = append(o[FacetTopic], t.Code)
	}
	for _, g := range quartier.AgeGroups {
		o[FacetAge] = append(o[FacetAge], g.Code)
	}
	return o
}

// ageSpan is an offer's range of ages; noAge for a bound it does not
// state (ages are 0 to 120).
type ageSpan struct{ lo, hi uint8 }

const noAge = math.MaxUint8

// span is a's ages with an end not stated as 0 or textde.MaxAge: an offer
// stating no ages is for every age.
func (a ageSpan) span() (lo, hi int) {
	lo, hi = int(a.lo), int(a.hi)
	if a.lo == noAge {
		lo = 0
	}
	if a.hi == noAge {
		hi = textde.MaxAge
	}
	return lo, hi
}

func newAgeSpan(lo, hi *int) ageSpan {
	a := ageSpan{noAge, noAge}
	if lo != nil {
		a.lo = uint8(*lo)
	}
	if hi != nil {
		a.hi = uint8(*hi)
	}
	return a
}

// youthTop is the age up to which an open range counts when ages are
// compared: youth welfare ends at 27 (SGB VIII § 7).
const youthTop = 27

// ageDocs is the search.AgeDocs of the snapshot for a query naming ages
// lo to hi: the offers whose ages overlap them, as the age bands of the
// filter count (an offer stating no ages is for every age), scored by
// how well each fits: the years both ranges share of the years of
// either, an open end counted to 27. So for "2-Jährige" an offer for 0
// to 3 years comes before a Kita for 0 to 6, which comes before a youth
// centre's 6 to 25 (not found) and an offer stating no ages (found,
// last).
func (s *atlasSnapshot) ageDocs(lo, hi int, bits search.Bitset, scores []float32) {
	live := s.index.Live()
	for d, a := range s.ages {
		l, h := a.span()
		if l > hi || lo > h || !live.Has(uint32(d)) {
			continue
		}
		top := max(youthTop, lo, l)
		h, qh := min(h, top), min(hi, top)
		bits.Set(uint32(d))
		scores[d] = max(scores[d], float32(min(h, qh)-max(l, lo)+1)/float32(max(h, qh)-min(l, lo)+1))
	}
}

// reachDocs is the search.AgeReach of the snapshot: the offers whose ages
// overlap lo to hi, or that state none, as the age bands of the filter
// count them. A word naming young people drops the Kitas its provider's
// name brought; made once per snapshot and range, since the word is
// among the broadest a family types.
func (s *atlasSnapshot) reachDocs(lo, hi int) search.Bitset {
	s.reachMu.Lock()
	defer s.reachMu.Unlock()
	r := textde.AgeRange{Lo: lo, Hi: hi}
	if bs, ok := s.reach[r]; ok {
		return bs
	}
	live := s.index.Live()
	bs := search.NewBitset(len(s.ages))
	for d, a := range s.ages {
		if l, h := a.span(); live.Has(uint32(d)) && l <= hi && lo <= h {
			bs.Set(uint32(d))
		}
	}
	if s.reach == nil {
		s.reach = map[textde.AgeRange]search.Bitset{}
	}
	s.reach[r] = bs
	return bs
}

// ageFilter keeps offers whose age range includes age.
func (s *atlasSnapshot) ageFilter(age int) search.Bitset {
	bs := search.NewBitset(len(s.docs))
	for d, doc := range s.docs {
		if s.offers[doc.offer].ForAge(age) {
			bs.Set(uint32(d))
		}
	}
	return bs
}

// openNow is the set of offers open in the current minute. Opening hours
// change state only on minute boundaries, so one evaluation per minute
// serves every query of that minute.
type openNow struct {
	minute int64
	bits   search.Bitset
}

func (s *atlasSnapshot) openNow(now time.Time, hol func(time.Time) bool) search.Bitset {
	minute := now.Unix() / 60
	if o := s.open.Load(); o != nil && o.minute == minute {
		return o.bits
	}
	s.openMu.Lock()
	defer s.openMu.Unlock()
	if o := s.open.Load(); o != nil && o.minute == minute {
		return o.bits
	}
	bs := search.NewBitset(len(s.docs))
	s.index.Live().ForEach(func(d uint32) bool {
		if s.isOpen(d, now, hol) {
			bs.Set(d)
		}
		return true
	})
	s.open.Store(&openNow{minute: minute, bits: bs})
	return bs
}

// isOpen reports whether document d's offer is open at now.
func (s *atlasSnapshot) isOpen(d uint32, now time.Time, hol func(time.Time) bool) bool {
	return s.offers[s.docs[d].offer].openAt(now, hol)
}

// distances gives each document the distance from p to its nearest place
// the actor may see (-1: none).
func (s *atlasSnapshot) distances(p Point, seeConf func(quartier.SpaceCode) bool) []float64 {
	out := make([]float64, len(s.docs))
	for d := range s.docs {
		best := -1.0
		for _, i := range s.points(uint32(d)) {
			pt := s.places[i]
			if pt.Confidential && !seeConf(pt.Space) {
				continue
			}
			if v := math.Hypot(pt.X-p.X, pt.Y-p.Y); best < 0 || v < best {
				best = v
			}
		}
		out[d] = best
	}
	return out
}

// Origin is where a search starts: an address someone typed or a point
// on the map, with the space it lies in ("offers for my address").
type Origin struct {
	Label     string
	Point     Point
	Space     quartier.SpaceCode
	SpaceName string
	// Approx: only the block of the address is known (a street directory
	// without house coordinates), so the point is the block's and
	// distances are rough.
	Approx bool
}

// OriginFromAddress locates an address typed as "Straße Nr, PLZ [Ort]".
// The street directory answers as it does for /zuordnung (a typed
// Ortsteil or Bezirk narrows the candidates or refuses), and a place of
// the atlas at that address in the block found gives the exact point,
// else the directory's own point or its block's. The atlas's place alone
// answers only where the directory cannot: where the typed postcode pins
// the address and no district is named, or where the directory does not
// list the address (a city without one) and no district is named, since
// the atlas's places name no district to check. Where the directory finds
// the address ambiguous, the atlas's place at one of them is not taken:
// it would be a guess. Confidential places are never used, so a typed
// address cannot confirm where a shelter is.
func (a *Service) OriginFromAddress(ctx context.Context, text string) (*Origin, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	ad := spatial.ParseAddress(text)
	if ad.Street == "" {
		return nil, quartier.Errorf(quartier.EINVALID, "Bitte eine Adresse angeben, z. B. „Schwedter Str. 234, 10435“.")
	}
	label := strings.TrimSpace(text)
	named, err := a.spatial.NamesPlace(ctx, ad.Place)
	if err != nil {
		return nil, err
	}
	if !named && ad.Postcode != "" {
		if p, ok := s.placeAt(ad, nil); ok {
			return a.origin(label, Point{p.X, p.Y}, false), nil
		}
	}
	res, err := a.spatial.LocateAddress(ctx, ad)
	if err == nil {
		loc, block := a.locator(), res.Block().Code
		if p, ok := s.placeAt(ad, func(p quartier.Place) bool { return loc.Locate(orb.Point{p.X, p.Y}).Block().Code == block }); ok {
			return a.origin(label, Point{p.X, p.Y}, false), nil
		}
		return a.origin(label, Point{res.X, res.Y}, !res.Exact), nil
	}
	if quartier.ErrorCode(err) == quartier.ENOTFOUND && !named {
		if p, ok := s.placeAt(ad, nil); ok {
			return a.origin(label, Point{p.X, p.Y}, false), nil
		}
	}
	return nil, err
}

// OriginFromPoint locates a coordinate in any supported CRS.
func (a *Service) OriginFromPoint(ctx context.Context, x, y float64, srid quartier.SRID) (*Origin, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	p, err := a.spatial.ToInstallation(x, y, srid)
	if err != nil {
		return nil, err
	}
	return a.origin("Punkt auf der Karte", Point{p[0], p[1]}, false), nil
}

// addressKey identifies an address for placeAt: the normalised street and
// the house number without spaces, lower case.
func addressKey(street, houseNo string) string {
	return streetdir.NormalizeStreet(street) + "|" + strings.ToLower(strings.ReplaceAll(houseNo, " ", ""))
}

// placeAt finds a public place with a point at the address; the postcode
// must agree when given, and where in is given, in must accept it.
func (s *atlasSnapshot) placeAt(ad spatial.Address, in func(quartier.Place) bool) (quartier.Place, bool) {
	if ad.HouseNo == "" {
		return quartier.Place{}, false
	}
	s.addrOnce.Do(func() {
		s.byAddress = map[string][]int64{}
		for _, p := range s.places {
			if !p.Confidential && p.hasPoint() && p.Street != "" && p.HouseNumber != "" {
				k := addressKey(p.Street, p.HouseNumber)
				s.byAddress[k] = append(s.byAddress[k], p.ID)
			}
		}
	})
	for _, id := range s.byAddress[addressKey(ad.Street, ad.HouseNo)] {
		if p := s.places.get(id); (ad.Postcode == "" || ad.Postcode == p.Postcode) && (in == nil || in(p.place())) {
			return p.place(), true
		}
	}
	return quartier.Place{}, false
}

func (a *Service) origin(label string, p Point, approx bool) *Origin {
	o := &Origin{Label: label, Point: p, Approx: approx}
	loc := a.locator()
	if h, ok := loc.Locate(orb.Point{p.X, p.Y}).HitFor(loc.SpaceLayer()); ok {
		o.Space, o.SpaceName = quartier.SpaceCode(h.Code), h.Name
	}
	return o
}

// distanceHalf is the distance at which a search from an address counts an
// offer's relevance half: about a quarter of an hour on foot.
const distanceHalf = 1000.0

// distanceWeight is the weight of an offer's relevance at distance d in
// metres from the searcher's address; an offer without a place the
// searcher may locate (d < 0) weighs as one far away.
func distanceWeight(d float64) float64 {
	if d < 0 {
		return distanceHalf / (distanceHalf + 20000)
	}
	return distanceHalf / (distanceHalf + d)
}
