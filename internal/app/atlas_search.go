package app

import (
	"container/heap"
	"context"
	"math"
	"slices"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/search"
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
	HomeSpace string
	Sort      string // "", "relevance", "distance", "name"
	Page      int    // from 1
	PerPage   int    // default 20, at most 100
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
	// Words are the analysed query words, for marking matches.
	Words []string
}

// SearchHit is an offer as the actor may see it, with its places.
type SearchHit struct {
	Offer  quartier.Offer
	Places []quartier.Place // redacted per actor
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

// Ranking penalties: an entry nobody has checked for longer than the
// review cycle may be out of date; a paused offer cannot be used now.
const (
	overdueFactor = 0.75
	pausedFactor  = 0.9
)

// Search runs a query of the atlas as the actor in ctx may see it:
// confidential places count for the space facet and the radius only where
// the actor may see their address, so neither reveals where a shelter is.
func (a *App) Search(ctx context.Context, req SearchRequest) (*SearchResult, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	s, err := a.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	n := len(s.docs)
	if req.PerPage <= 0 {
		req.PerPage = 20
	}
	req.PerPage = min(req.PerPage, 100)
	req.Page = max(req.Page, 1)

	m := s.index.Match(req.Text, s.synonyms)
	defer m.Release()
	hits := search.Full(n)
	if !m.All {
		hits = m.Bits.Clone()
	}

	// Each facet's selection as a set; nil = nothing selected.
	seeConf := func(space string) bool { return actor.CanInSpace(quartier.PermReadConfidential, space) }
	sel := map[string]search.Bitset{}
	union := func(facet string, values []string) search.Bitset {
		if len(values) == 0 {
			return nil
		}
		out := search.NewBitset(n)
		for _, v := range values {
			if bs := s.facets[facet][v]; bs != nil {
				out.Or(bs)
			}
			if facet == FacetSpace && seeConf(v) {
				if bs := s.confSpace[v]; bs != nil {
					out.Or(bs)
				}
			}
		}
		return out
	}
	sel[FacetSpace] = union(FacetSpace, req.Spaces)
	sel[FacetTopic] = union(FacetTopic, req.Topics)
	sel[FacetTargetGroup] = union(FacetTargetGroup, req.TargetGroups)
	sel[FacetLanguage] = union(FacetLanguage, req.Languages)
	sel[FacetAge] = union(FacetAge, req.AgeGroups)
	if len(req.Access) > 0 {
		all := search.Full(n)
		for _, v := range req.Access {
			if bs := s.facets[FacetAccess][v]; bs != nil {
				all.And(bs)
			} else {
				all = search.NewBitset(n)
			}
		}
		sel[FacetAccess] = all
	}
	if req.OpenNow {
		sel[FacetOpenNow] = s.openNow(a.now(), a.holidays)
	}
	// Filters that are not facets narrow the hits for every count.
	if req.Age > 0 {
		hits.And(s.ageFilter(req.Age))
	}
	var dist []float64
	if req.Near != nil {
		dist = s.distances(*req.Near, seeConf)
		if req.Radius > 0 {
			within := search.NewBitset(n)
			for d, v := range dist {
				if v >= 0 && v <= req.Radius {
					within.Set(uint32(d))
				}
			}
			hits.And(within)
		}
	}

	res := &SearchResult{Page: req.Page, PerPage: req.PerPage, Words: m.Words}
	res.Facets = s.countFacets(hits, sel, req, a.now(), a.holidays, seeConf)
	final := hits
	for _, bs := range sel {
		final.And(bs)
	}
	res.Total = final.Count()
	res.Pages = (res.Total + req.PerPage - 1) / req.PerPage

	res.Sort = req.Sort
	switch {
	case res.Sort == SortDistance && dist == nil, res.Sort == SortRelevance && m.All:
		res.Sort = ""
	}
	if res.Sort == "" {
		switch {
		case !m.All:
			res.Sort = SortRelevance
		case dist != nil:
			res.Sort = SortDistance
		default:
			res.Sort = SortName
		}
	}
	home := func(d uint32) bool {
		if req.HomeSpace == "" {
			return false
		}
		for _, p := range s.docs[d].points {
			if p.space == req.HomeSpace && (!p.conf || seeConf(p.space)) {
				return true
			}
		}
		return false
	}
	score := func(d uint32) float32 {
		if m.All {
			return 0
		}
		v := m.Scores[d]
		if s.docs[d].overdue {
			v *= overdueFactor
		}
		if s.docs[d].paused {
			v *= pausedFactor
		}
		return v
	}
	// better orders two documents for the chosen sort; ties fall back to
	// document order, which is name order.
	better := func(x, y uint32) bool {
		if hx, hy := home(x), home(y); hx != hy {
			return hx
		}
		switch res.Sort {
		case SortRelevance:
			if sx, sy := score(x), score(y); sx != sy {
				return sx > sy
			}
		case SortDistance:
			dx, dy := dist[x], dist[y]
			if dx != dy {
				return dy < 0 || dx >= 0 && dx < dy
			}
		}
		return x < y
	}
	for _, d := range topK(final, (req.Page)*req.PerPage, better)[min((req.Page-1)*req.PerPage, res.Total):] {
		res.Hits = append(res.Hits, s.hit(d, actor, dist, home(d), score(d)))
	}
	return res, nil
}

// hit renders document d as actor may see it.
func (s *atlasSnapshot) hit(d uint32, actor *quartier.Actor, dist []float64, home bool, score float32) SearchHit {
	doc := s.docs[d]
	o := s.offers[doc.offer]
	if !isStaff(actor) {
		o = o.PublicContacts()
	}
	h := SearchHit{Offer: o, Distance: -1, InHomeSpace: home, Overdue: doc.overdue, Score: score}
	if dist != nil {
		h.Distance = dist[d]
	}
	for _, pid := range o.Places {
		if p, ok := s.places[pid]; ok {
			h.Places = append(h.Places, redactFor(actor, p))
		}
	}
	return h
}

// topK returns the first k members of set in the order of better, by a
// bounded heap: a page of 20 out of 100,000 hits needs no full sort.
func topK(set search.Bitset, k int, better func(x, y uint32) bool) []uint32 {
	h := &docHeap{worse: func(x, y uint32) bool { return better(y, x) }}
	set.ForEach(func(d uint32) bool {
		if len(h.docs) < k {
			heap.Push(h, d)
		} else if k > 0 && better(d, h.docs[0]) {
			h.docs[0] = d
			heap.Fix(h, 0)
		}
		return true
	})
	out := make([]uint32, len(h.docs))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(uint32)
	}
	return out
}

// docHeap keeps the worst of the best k at its root.
type docHeap struct {
	docs  []uint32
	worse func(x, y uint32) bool
}

func (h *docHeap) Len() int           { return len(h.docs) }
func (h *docHeap) Less(i, j int) bool { return h.worse(h.docs[i], h.docs[j]) }
func (h *docHeap) Swap(i, j int)      { h.docs[i], h.docs[j] = h.docs[j], h.docs[i] }
func (h *docHeap) Push(x any)         { h.docs = append(h.docs, x.(uint32)) }
func (h *docHeap) Pop() any {
	x := h.docs[len(h.docs)-1]
	h.docs = h.docs[:len(h.docs)-1]
	return x
}

// countFacets counts, for every value of every facet, the hits with all
// other facets' selections applied: choosing the value would give that
// many results (selected values of the same facet are alternatives).
func (s *atlasSnapshot) countFacets(hits search.Bitset, sel map[string]search.Bitset, req SearchRequest, now time.Time, hol func(time.Time) bool, seeConf func(string) bool) []Facet {
	others := func(facet string) search.Bitset {
		b := hits.Clone()
		for f, bs := range sel {
			if f != facet {
				b.And(bs)
			}
		}
		return b
	}
	var out []Facet
	add := func(name, label string, codes []string, labelOf func(string) string, selected []string, bits func(string) search.Bitset) {
		base := others(name)
		f := Facet{Name: name, Label: label}
		for _, c := range codes {
			bs := bits(c)
			cnt := 0
			if bs != nil {
				cnt = base.CountAnd(bs)
			}
			isSel := slices.Contains(selected, c)
			if cnt == 0 && !isSel {
				continue
			}
			f.Values = append(f.Values, FacetValue{Code: c, Label: labelOf(c), Count: cnt, Selected: isSel})
		}
		out = append(out, f)
	}
	plain := func(facet string) func(string) search.Bitset {
		return func(v string) search.Bitset { return s.facets[facet][v] }
	}
	spaceNames, _ := s.areaNames()
	spaceCodes := make([]string, 0, len(spaceNames))
	for c := range spaceNames {
		spaceCodes = append(spaceCodes, c)
	}
	slices.Sort(spaceCodes)
	add(FacetSpace, "Sozialraum", spaceCodes, func(c string) string { return spaceNames[c] }, req.Spaces, func(v string) search.Bitset {
		bs := s.facets[FacetSpace][v]
		if c := s.confSpace[v]; c != nil && seeConf(v) {
			if bs == nil {
				return c
			}
			bs = bs.Clone()
			bs.Or(c)
		}
		return bs
	})
	var topicCodes []string
	for _, t := range s.topics {
		topicCodes = append(topicCodes, t.Code)
	}
	add(FacetTopic, "Thema", topicCodes, func(c string) string { return s.topicIdx[c].Label }, req.Topics, plain(FacetTopic))
	add(FacetTargetGroup, "Zielgruppe", sortedKeys(s.facets[FacetTargetGroup]), targetGroupLabel, req.TargetGroups, plain(FacetTargetGroup))
	var ageCodes []string
	ageLabel := map[string]string{}
	for _, g := range quartier.AgeGroups {
		ageCodes = append(ageCodes, g.Code)
		ageLabel[g.Code] = g.Label
	}
	add(FacetAge, "Alter", ageCodes, func(c string) string { return ageLabel[c] }, req.AgeGroups, plain(FacetAge))
	add(FacetLanguage, "Sprache", sortedKeys(s.facets[FacetLanguage]), quartier.LanguageName, req.Languages, plain(FacetLanguage))
	add(FacetAccess, "Barrierefreiheit", sortedKeys(s.facets[FacetAccess]), func(c string) string { return quartier.AccessibilityTerms[c] }, req.Access, plain(FacetAccess))
	var openSel []string
	if req.OpenNow {
		openSel = []string{"ja"}
	}
	add(FacetOpenNow, "Jetzt geöffnet", []string{"ja"}, func(string) string { return "jetzt geöffnet" }, openSel, func(string) search.Bitset { return s.openNow(now, hol) })
	return out
}

func sortedKeys(m map[string]search.Bitset) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// targetGroupLabel names a target group code until the vocabulary has a
// label for it.
func targetGroupLabel(code string) string { return code }

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
	for d, doc := range s.docs {
		o := &s.offers[doc.offer]
		if o.Status == quartier.OfferActive && o.Hours.OpenAt(now, hol) {
			bs.Set(uint32(d))
		}
	}
	s.open.Store(&openNow{minute: minute, bits: bs})
	return bs
}

// distances gives each document the distance from p to its nearest place
// the actor may see (-1: none).
func (s *atlasSnapshot) distances(p Point, seeConf func(string) bool) []float64 {
	out := make([]float64, len(s.docs))
	for d, doc := range s.docs {
		best := -1.0
		for _, pt := range doc.points {
			if pt.conf && !seeConf(pt.space) {
				continue
			}
			if v := math.Hypot(pt.x-p.X, pt.y-p.Y); best < 0 || v < best {
				best = v
			}
		}
		out[d] = best
	}
	return out
}
