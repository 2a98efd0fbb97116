package atlas

import (
	"context"
	"sync"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// Audience is a class of callers who are given the same published atlas
// documents (HSDS). What is derived from the atlas for publication is
// cached once per snapshot and class, never per person, so a class must
// not depend on who in it asks: confidential places are withheld in every
// class, even from those who may read them elsewhere.
type Audience int

const (
	// AudiencePublic: anonymous callers. Contacts for the public only.
	AudiencePublic Audience = iota
	// AudienceStaff: signed-in staff. Contacts for professionals too.
	AudienceStaff
	audiences
)

func (a Audience) String() string {
	if a == AudienceStaff {
		return "Fachkräfte"
	}
	return "öffentlich"
}

// Publication is the atlas of one snapshot as one audience class sees it
// in published documents, with a memo of what has been derived from it.
// It lives and dies with its snapshot: after any change of the atlas, the
// day or the areas, callers get a new Publication, so nothing derived can
// be served stale. Everything in it is shared: callers must not modify it.
type Publication struct {
	Audience Audience
	View     *View
	// Generation is the stored atlas generation of the snapshot.
	Generation int64
	memo       sync.Map // key → *derived
	snap       *atlasSnapshot
}

// SearchKeys runs the atlas search on the publication's snapshot and
// returns the keys of the offers text finds, best first, as the atlas
// ranks them without a place (relevance, then name), so that an API's
// search gives what the atlas page gives. ok is false when text has no
// searchable word: then every offer matches.
func (p *Publication) SearchKeys(text string) (keys []string, ok bool) {
	s := p.snap
	m := s.index.Match(boundQuery(text), s.synonyms)
	defer m.Release()
	if m.All {
		return nil, false
	}
	for _, d := range topK(m.Bits, m.Count(), func(d uint32) float64 { return float64(s.relevance(m, d)) }, s.rank) {
		keys = append(keys, s.offers[s.docs[d].offer].Key)
	}
	return keys, true
}

type derived struct {
	once sync.Once
	v    any
	err  error
}

// Derive returns build(p), built at most once per publication and key:
// callers that arrive while it is built wait for that build instead of
// starting their own. A failed build is kept too (the same input fails
// the same way). One key must always be used with the same T.
func Derive[T any](p *Publication, key string, build func(*Publication) (T, error)) (T, error) {
	e, ok := p.memo.Load(key)
	if !ok {
		e, _ = p.memo.LoadOrStore(key, &derived{})
	}
	d := e.(*derived)
	d.once.Do(func() { d.v, d.err = build(p) })
	if d.err != nil {
		var zero T
		return zero, d.err
	}
	return d.v.(T), nil
}

// audienceOf is the class of actor: staff is anyone with a grant in force.
func audienceOf(actor *quartier.Actor) Audience {
	if actor.SeesProfessionalContacts() {
		return AudienceStaff
	}
	return AudiencePublic
}

// Published returns the atlas as the actor's audience class may see it in
// published documents (the HSDS API): public data, so anyone may read it.
func (a *Service) Published(ctx context.Context) (*Publication, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	full, err := a.records(ctx, s)
	if err != nil {
		return nil, err
	}
	return s.publication(audienceOf(quartier.ActorFrom(ctx)), a.now(), full), nil
}

// publication is the snapshot's Publication for aud, made on first use.
func (s *atlasSnapshot) publication(aud Audience, now time.Time, full *wholeAtlas) *Publication {
	slot := &s.pubs[aud]
	slot.once.Do(func() {
		v := s.publicView(now, full)
		if aud == AudienceStaff {
			// The places exactly as the public sees them: a shelter's
			// address is for nobody in a published document.
			v = &View{Topics: s.topics, Providers: s.providers, Places: v.Places, Offers: currentOffers(full.offers, now, true)}
		}
		slot.p = &Publication{Audience: aud, View: v, Generation: s.gen, snap: s}
	})
	return slot.p
}

// PublishedExport is Published for a whole-atlas file (HSDS export.json,
// export.zip: file names it for the audit log). The public class's files
// are open data, meant to be shared, so anyone may have them; contacts for
// professionals leave in bulk only with the permission for bulk exports,
// so signed-in staff without it get the public files. The download is
// audited (anonymous ones tallied, see auditDownload).
func (a *Service) PublishedExport(ctx context.Context, file string) (*Publication, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	aud, actor := AudiencePublic, quartier.ActorFrom(ctx)
	if audienceOf(actor) == AudienceStaff && actor.Can(quartier.PermExport) {
		aud = AudienceStaff
	}
	if err := a.audit.Download(ctx, audit.Event{Action: audit.ActionAtlasExport, ObjectType: "atlas", ObjectID: "hsds/" + file, Detail: "Fassung: " + aud.String()}); err != nil {
		return nil, err
	}
	full, err := a.records(ctx, s)
	if err != nil {
		return nil, err
	}
	return s.publication(aud, a.now(), full), nil
}
