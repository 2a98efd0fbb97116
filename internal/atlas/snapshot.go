package atlas

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/search"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/textde"
)

// atlasSnapshot is the atlas in memory: the places and providers, of the
// offers what searching needs (offerRec), the public view everybody
// without a grant gets, and the search index with its facets. It is immutable; App swaps it whole when the stored
// generation, the day (offers start and end by date) or the lookup index
// (area names) changes.
type atlasSnapshot struct {
	gen     int64
	local   int64 // Service.atlasWrites when built
	day     time.Time
	loc     *spatial.Locator
	checked atomic.Int64 // wall-clock unix nanos of the last generation check

	topics    []quartier.Topic
	topicIdx  map[string]quartier.Topic
	providers map[int64]quartier.Provider
	places    placeRecs   // unredacted, by ID
	ptexts    *placeTexts // the places' shared values
	offers    []*offerRec // all, ended ones too, by ID
	// full is the whole offers, aligned with offers, and places, once
	// read (records).
	full   atomic.Pointer[wholeAtlas]
	fullMu sync.Mutex
	// shown: whole offers of the result pages served, by index into
	// offers, at most maxShown (see pageEntries).
	shown  sync.Map
	nShown atomic.Int64

	offerByKey map[string]int   // → index into offers
	placeByKey map[string]int64 // → place ID
	spaceNames map[string]string
	blockNames map[string]string
	// byAddress finds public places by address (search origins); built on
	// first use, most snapshots never need it.
	addrOnce  sync.Once
	byAddress map[string][]int64
	synonyms  *textde.Synonyms
	synText   string
	// public is the view of anonymous callers, made on first use: a
	// server that only searches never needs the copy.
	publicOnce sync.Once
	public     *View

	index *search.Index
	docs  []atlasDoc
	// pts holds the documents' places (indexes into places), each
	// document's from docs[d].first on; a patch appends, like docs.
	pts []int32
	// factor is each document's ranking penalty (overdue, paused), kept
	// apart from docs so that ranking 80,000 hits reads 320 kB, not docs.
	factor []float32
	// ages is each document's range of ages, for a query that names an
	// age (ageDocs): 200 kB at 100,000 offers, read in order, where the
	// offers' records are scattered.
	ages []ageSpan
	// reach holds, per range of ages a query word names ("Jugendliche"),
	// the live documents whose ages overlap it or that state none
	// (reachDocs): 12.5 kB a range at 100,000 offers, made on first use.
	reachMu sync.Mutex
	reach   map[textde.AgeRange]search.Bitset
	// docOf is each offer's live document (-1: none, the offer is not
	// current); rank is each document's place in name order, which ties
	// of a ranking fall back to, and byName the live documents in that
	// order. A full build numbers the documents in name order, a patch
	// appends (see patch.go).
	docOf     []int32
	rank      []uint32
	byName    []uint32
	facets    map[string]map[string]search.Bitset // facet → value → documents (public view)
	confSpace map[string]search.Bitset            // space → documents with a confidential place there
	// sparse holds the non-zero words of the facet sets that have few
	// (most spaces: a few hundred offers each), so that counting a value
	// costs its words, not the index's (facetWords).
	sparse     map[string]map[string][]int32
	facetOrder map[string][]string // facet → values in display order
	open       atomic.Pointer[openNow]
	openMu     sync.Mutex
	// pubs are the published atlas per audience class, with what has
	// been derived from it (the HSDS documents); made on first use.
	pubs [audiences]struct {
		once sync.Once
		p    *Publication
	}
	// list is what the publications list (publicationList); a patched
	// snapshot makes it from its predecessor's, listFrom.
	listOnce sync.Once
	list     atomic.Pointer[pubList]
	listFrom atomic.Pointer[listChange]
}

// atlasDoc is one searchable offer: 12 bytes, where a slice of its
// places' points alone took 72 (100,000 of them).
type atlasDoc struct {
	offer   int32  // index into atlasSnapshot.offers
	first   uint32 // its places with a point: pts[first:first+n]
	n       uint16
	overdue bool
	paused  bool
}

// points are the places of document d with a point, as records;
// confidential ones count only for actors who may see them.
func (s *atlasSnapshot) points(d uint32) []int32 {
	doc := &s.docs[d]
	return s.pts[doc.first : doc.first+uint32(doc.n)]
}

// Field weights of an offer document: its name matters most, then what it
// is about, who runs it and where, then the running text.
const (
	fieldName = iota
	fieldTopic
	fieldWho
	fieldText
	fieldWhere
)

var fieldWeights = [...]float32{fieldName: 3, fieldTopic: 2, fieldWho: 1.5, fieldText: 1, fieldWhere: 1}

// Facet names, as in URLs of the atlas page.
const (
	FacetSpace       = "raum"
	FacetTopic       = "thema"
	FacetTargetGroup = "zielgruppe"
	FacetAge         = "alter"
	FacetLanguage    = "sprache"
	FacetAccess      = "barrierefrei"
	FacetOpenNow     = "offen"
)

const settingSynonyms = "atlas.synonyms"

// atlasRecheck is how stale a snapshot may get against writes of other
// processes (a CLI import, a second server); writes of this process are
// seen at once.
const atlasRecheck = time.Second

// snapshot returns a current atlas snapshot, rebuilding it when needed.
// While one request rebuilds, others keep answering from the old one.
func (a *Service) snapshot(ctx context.Context) (*atlasSnapshot, error) {
	s := a.atlas.Load()
	if s != nil && a.fresh(s) && time.Now().UnixNano()-s.checked.Load() < int64(atlasRecheck) {
		return s, nil
	}
	if s != nil && !a.atlasMu.TryLock() {
		return s, nil
	}
	if s == nil {
		a.atlasMu.Lock()
	}
	defer a.atlasMu.Unlock()
	if cur := a.atlas.Load(); cur != s {
		if a.fresh(cur) {
			return cur, nil
		}
		// Patch the latest: a snapshot that was patched once must not be
		// patched again (see search.Index.Patch).
		s = cur
	}
	local := a.atlasWrites.Load()
	var gen int64
	if err := a.store.View(ctx, func(tx Tx) error {
		var err error
		gen, err = atlasGeneration(ctx, tx)
		return err
	}); err != nil {
		return nil, err
	}
	if s != nil && s.gen == gen && a.fresh(s) {
		s.local = local
		s.checked.Store(time.Now().UnixNano())
		return s, nil
	}
	if s != nil && s.gen != gen && s.day.Equal(a.today()) && s.loc == a.locator() {
		ch, err := a.readChanges(ctx, s)
		if err != nil {
			return nil, err
		}
		if ch != nil {
			if ns := s.patch(ch, local, a.now(), a.holidays); ns != nil {
				a.atlas.Store(ns)
				return ns, nil
			}
		}
	}
	ns, err := a.buildSnapshot(ctx, local)
	if err != nil {
		return nil, err
	}
	a.atlas.Store(ns)
	return ns, nil
}

// readAtlas is the start of every atlas read: public data, so anyone may,
// and the filtering per actor happens on the snapshot.
func (a *Service) readAtlas(ctx context.Context) (*atlasSnapshot, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	return a.snapshot(ctx)
}

// fresh reports whether s still fits the day, the areas and this
// process's own writes.
func (a *Service) fresh(s *atlasSnapshot) bool {
	return s.day.Equal(a.today()) && s.loc == a.locator() && s.local == a.atlasWrites.Load()
}

func (a *Service) buildSnapshot(ctx context.Context, local int64) (*atlasSnapshot, error) {
	s := &atlasSnapshot{local: local, day: a.today(), loc: a.locator(), providers: map[int64]quartier.Provider{}}
	// The whole offers and places are read for the index and then left:
	// the snapshot keeps their records.
	var full []quartier.Offer
	var placeArr []placeRec
	whole := map[int64]*quartier.Place{}
	err := a.store.View(ctx, func(tx Tx) error {
		var err error
		if s.gen, err = atlasGeneration(ctx, tx); err != nil {
			return err
		}
		if s.topics, err = tx.Topics(ctx); err != nil {
			return err
		}
		if s.synText, err = tx.Setting(ctx, settingSynonyms); err != nil {
			return err
		}
		provs, err := tx.Providers(ctx)
		if err != nil {
			return err
		}
		for _, p := range provs {
			s.providers[p.ID] = p
		}
		places, err := tx.Places(ctx)
		if err != nil {
			return err
		}
		// In ID order, as the store reads them.
		slices.SortFunc(places, func(a, b quartier.Place) int { return cmp.Compare(a.ID, b.ID) })
		s.places, s.ptexts = make(placeRecs, len(places)), newPlaceTexts()
		placeArr = make([]placeRec, len(places))
		for i := range places {
			placeArr[i] = newPlaceRec(&places[i], s.ptexts)
			s.places[i] = &placeArr[i]
			whole[places[i].ID] = &places[i]
		}
		full, err = tx.Offers(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	rc := newRecorder()
	s.offers = make([]*offerRec, len(full))
	offerArr := make([]offerRec, len(full))
	for i := range full {
		rc.fill(&offerArr[i], &full[i])
		s.offers[i] = &offerArr[i]
	}
	rc.pack(offerArr, placeArr)
	if len(s.topics) == 0 {
		s.topics = quartier.DefaultTopics()
	}
	s.topicIdx = quartier.TopicIndex(s.topics)
	s.offerByKey, s.placeByKey = map[string]int{}, map[string]int64{}
	for i, o := range s.offers {
		s.offerByKey[o.Key] = i
	}
	for _, p := range s.places {
		s.placeByKey[p.Key] = p.ID
	}
	s.spaceNames, s.blockNames = s.areaNames()
	if s.synText == "" {
		s.synText = textde.DefaultSynonyms
	}
	if s.synonyms, err = textde.ParseSynonyms(a.analyzer, s.synText); err != nil {
		// Stored lists were checked when saved; a broken one must not
		// take the atlas down, only its synonyms.
		a.log.Warn("Synonymliste unlesbar", "err", err)
		s.synonyms = nil
	}
	s.indexOffers(a.analyzer, a.now(), full, whole)
	s.checked.Store(time.Now().UnixNano())
	return s, nil
}

// view is the atlas as actor may see it (nil: anonymous); w is the whole
// atlas (records).
func (s *atlasSnapshot) view(actor *quartier.Actor, now time.Time, w *wholeAtlas) *View {
	v := &View{Topics: s.topics, Providers: s.providers, Places: make(map[int64]quartier.Place, len(w.places))}
	for id, p := range w.places {
		v.Places[id] = redactFor(actor, *p)
	}
	v.Offers = currentOffers(w.offers, now, actor.SeesProfessionalContacts())
	return v
}

// currentOffers are the offers of full running at now; contacts for
// professionals only for staff.
func currentOffers(full []*quartier.Offer, now time.Time, staff bool) []quartier.Offer {
	var out []quartier.Offer
	for _, op := range full {
		o := *op
		if !o.Current(now) {
			continue
		}
		if !staff {
			o = o.PublicContacts()
		}
		out = append(out, o)
	}
	return out
}

// reveals reports whether actor is shown the location of a confidential
// place, which is audited.
func reveals(actor *quartier.Actor, p quartier.Place) bool {
	return p.Confidential && actor.ReadsConfidential(&p)
}

// redactFor removes what actor may not see of p.
func redactFor(actor *quartier.Actor, p quartier.Place) quartier.Place {
	// One rule with editing: the ASD of the space and the provider that
	// runs the place see its address.
	if !actor.ReadsConfidential(&p) {
		return p.Redacted()
	}
	return p
}

// indexOffers builds the search index over the current offers (full:
// the whole offers, aligned with s.offers; places: the whole places by
// ID), in the order of their names so that ties list alphabetically.
func (s *atlasSnapshot) indexOffers(an *textde.Analyzer, now time.Time, full []quartier.Offer, places map[int64]*quartier.Place) {
	var cur []int
	for i := range s.offers {
		if s.offers[i].Current(now) {
			cur = append(cur, i)
		}
	}
	slices.SortStableFunc(cur, func(i, j int) int {
		return strings.Compare(textde.Fold(s.offers[i].Name), textde.Fold(s.offers[j].Name))
	})
	b := search.NewBuilder(an, fieldWeights[:]...)
	b.SetLocating(fieldWhere)
	b.SetPhrase(fieldName, fieldTopic, fieldWho)
	s.facets = map[string]map[string]search.Bitset{}
	s.confSpace = map[string]search.Bitset{}
	n := len(cur)
	mark := func(m map[string]search.Bitset, value string, d uint32) {
		bs := m[value]
		if bs == nil {
			bs = search.NewBitset(n)
			m[value] = bs
		}
		bs.Set(d)
	}
	s.docOf = make([]int32, len(s.offers))
	for i := range s.docOf {
		s.docOf[i] = -1
	}
	for _, oi := range cur {
		fields, access := s.docFields(&full[oi], places)
		d := b.Add(fields[:]...)
		s.addDoc(oi, &full[oi], d, access, now, mark)
		s.byName = append(s.byName, d)
		s.rank = append(s.rank, d)
	}
	s.index = b.Build()
	s.facetOrder = s.facetOrders()
	s.sparse = s.facetWords(nil)
}

// addDoc records offer oi (o whole) as document d: its places, ranking
// factor and facet values (mark sets d in the set of a value of a facet's
// map).
func (s *atlasSnapshot) addDoc(oi int, o *quartier.Offer, d uint32, access map[string]bool, now time.Time, mark func(m map[string]search.Bitset, value string, d uint32)) {
	doc := atlasDoc{offer: int32(oi), first: uint32(len(s.pts)), overdue: o.Overdue(now), paused: o.Status == quartier.OfferPaused}
	for _, pid := range o.Places {
		if i, ok := s.places.index(pid); ok && s.places[i].hasPoint() {
			s.pts = append(s.pts, int32(i))
			doc.n++
		}
	}
	s.docs = append(s.docs, doc)
	s.docOf[oi] = int32(d)
	f := float32(1)
	if doc.overdue {
		f *= overdueFactor
	}
	if doc.paused {
		f *= pausedFactor
	}
	s.factor = append(s.factor, f)
	s.ages = append(s.ages, newAgeSpan(o.MinAge, o.MaxAge))
	facet := func(name string) map[string]search.Bitset {
		m := s.facets[name]
		if m == nil {
			m = map[string]search.Bitset{}
			s.facets[name] = m
		}
		return m
	}
	for _, t := range o.Topics {
		for code := t; code != ""; code = s.topicIdx[code].Parent {
			mark(facet(FacetTopic), code, d)
		}
	}
	for _, g := range o.TargetGroups {
		mark(facet(FacetTargetGroup), g, d)
	}
	for _, l := range o.Languages {
		mark(facet(FacetLanguage), l, d)
	}
	for t := range access {
		mark(facet(FacetAccess), t, d)
	}
	for _, g := range quartier.AgeGroups {
		if o.InAgeGroup(g) {
			mark(facet(FacetAge), g.Code, d)
		}
	}
	for _, i := range s.points(d) {
		switch p := s.places[i]; {
		case p.Space == "":
		case p.Confidential:
			mark(s.confSpace, string(p.Space), d)
		default:
			mark(facet(FacetSpace), string(p.Space), d)
		}
	}
}

// publicView is the atlas as anonymous callers see it; w: records.
func (s *atlasSnapshot) publicView(now time.Time, w *wholeAtlas) *View {
	s.publicOnce.Do(func() { s.public = s.view(nil, now, w) })
	return s.public
}

// docFields is the text of an offer's search document, one string per
// field, and the accessibility terms of its places (places: the whole
// places by ID, at least o's).
func (s *atlasSnapshot) docFields(o *quartier.Offer, places map[int64]*quartier.Place) ([len(fieldWeights)]string, map[string]bool) {
	var topic, who, where, text []string
	for _, t := range o.Topics {
		for code := t; code != ""; code = s.topicIdx[code].Parent {
			topic = append(topic, s.topicIdx[code].Label)
		}
	}
	for _, g := range o.TargetGroups {
		topic = append(topic, quartier.TargetGroupLabel(g))
	}
	if p, ok := s.providers[o.ProviderID]; ok {
		who = append(who, p.Name, p.ShortName)
	}
	text = append(text, o.Description, o.Costs, o.Hours.Note)
	for _, l := range o.Languages {
		text = append(text, quartier.LanguageName(l))
	}
	access := map[string]bool{}
	for _, pid := range o.Places {
		p, ok := places[pid]
		if !ok || s.places.get(pid) == nil {
			continue
		}
		who = append(who, p.Name)
		for _, t := range p.Accessibility {
			access[t] = true
		}
		// A confidential place's address and area never enter the text:
		// a search for its street must not find it. The house number is
		// part of the address people type ("Frankfurter Allee 16A",
		// "Peter-Huchel-Str. 35"): without it, such a query found nothing.
		if !p.Confidential {
			where = append(where, p.Street, p.HouseNumber, p.Postcode, p.City, s.spaceNames[string(p.Space)], s.blockNames[p.Block])
		}
	}
	var fields [len(fieldWeights)]string
	fields[fieldName] = o.Name
	// One line each: a phrase does not run from one label or name into
	// the next (search.Builder.SetPhrase).
	fields[fieldTopic] = strings.Join(topic, "\n")
	fields[fieldWho] = strings.Join(who, "\n")
	fields[fieldText] = strings.Join(text, " ")
	fields[fieldWhere] = strings.Join(where, " ")
	return fields, access
}

// SearchDocuments returns the text of every search document, in name
// order, for `quartier bench` to load the same documents into another
// engine. The last field is the address and area (the locating field).
func (a *Service) SearchDocuments(ctx context.Context) ([][]string, error) {
	s, err := a.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	// Read, not kept: a benchmark's copy must not stay with the snapshot.
	w, err := a.readRecords(ctx, s)
	if err != nil {
		return nil, err
	}
	var out [][]string
	for _, d := range s.byName {
		f, _ := s.docFields(w.offers[s.docs[d].offer], w.places)
		out = append(out, f[:])
	}
	return out, nil
}

// SearchPlan returns the term sets of a query and how many documents its
// words match (no filters), for comparison with another engine.
func (a *Service) SearchPlan(ctx context.Context, text string) (search.Plan, int, error) {
	s, err := a.snapshot(ctx)
	if err != nil {
		return nil, 0, err
	}
	m := s.index.Match(text, s.synonyms)
	defer m.Release()
	return s.index.Plan(text, s.synonyms), m.Count(), nil
}

// Analyzer is the text analysis of the search, for `quartier bench`.
func (a *Service) Analyzer() *textde.Analyzer { return a.analyzer }

// areaNames maps the codes of spaces and blocks to their names, for the
// search text ("Kita Moabit" finds the Kitas of the space Moabit).
func (s *atlasSnapshot) areaNames() (spaces, blocks map[string]string) {
	spaces, blocks = map[string]string{}, map[string]string{}
	if s.loc == nil {
		return spaces, blocks
	}
	for _, l := range s.loc.Layers() {
		m := spaces
		switch {
		case l.Kind == quartier.LayerBlock:
			m = blocks
		case !l.Space:
			continue
		}
		for _, ar := range s.loc.Areas(l.Code) {
			m[ar.Code] = ar.Name
		}
	}
	return spaces, blocks
}
