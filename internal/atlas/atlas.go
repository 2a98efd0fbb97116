package atlas

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/spatial"
)

// Import brings providers, places and offers in one transaction:
// all of it or nothing. Entries are matched by key; existing ones are
// replaced, so a repeated import updates.
type Import struct {
	Source    string // attribution, e.g. "Geoportal Berlin, dl-de/zero-2.0"
	Providers []quartier.Provider
	Places    []quartier.Place // Provider: provider code
	Offers    []OfferEntry
	// Progress receives one step per place and offer (a city's atlas of
	// 100,000 offers takes seconds).
	Progress quartier.Progress
}

// OfferEntry is an offer with its places named by key.
type OfferEntry struct {
	quartier.Offer
	PlaceKeys []string
}

// ImportReport counts what an import did.
type ImportReport struct {
	Providers, Places, Offers int
	// Outside lists places whose point lies in no block: kept, but without
	// space, so nobody finds them by area.
	Outside []string
}

// ImportAtlas checks every entry first and writes nothing if one is wrong.
// Each created or changed entry gets a history entry "Import <source>".
func (a *Service) ImportAtlas(ctx context.Context, imp Import) (*ImportReport, error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "atlas", ""); err != nil {
		return nil, err
	}
	rep := &ImportReport{}
	today := a.today()
	why := quartier.WhyImport(imp.Source)
	prog := quartier.ProgressOr(imp.Progress)
	prog.Start("Atlas", len(imp.Places)+len(imp.Offers))
	defer prog.Done()
	err := a.atlasEdit(ctx, "atlas", "import", func(tx Tx, st *atlasState) (audit.Event, error) {
		*rep = ImportReport{}
		if err := st.needImport(ctx, tx, imp); err != nil {
			return audit.Event{}, err
		}
		for _, p := range imp.Providers {
			_, known, err := st.providerOf(ctx, tx, p.Code)
			if err != nil {
				return audit.Event{}, err
			}
			if known {
				continue
			}
			if err := p.Validate(); err != nil {
				return audit.Event{}, err
			}
			if err := tx.CreateProvider(ctx, &p); err != nil {
				return audit.Event{}, err
			}
			st.providerID[p.Code] = p.ID
			rep.Providers++
		}
		for _, p := range imp.Places {
			if p.Source == "" {
				p.Source = imp.Source
			}
			if p.VerifiedOn.IsZero() {
				p.VerifiedOn = today
			}
			if err := a.putPlace(ctx, tx, st, &p, why, 0); err != nil {
				return audit.Event{}, err
			}
			if p.HasPoint() && p.Block == "" {
				rep.Outside = append(rep.Outside, p.Key)
			}
			rep.Places++
			prog.Add(1)
		}
		for _, ao := range imp.Offers {
			if ao.Source == "" {
				ao.Source = imp.Source
			}
			if ao.VerifiedOn.IsZero() {
				ao.VerifiedOn = today
			}
			if _, err := a.putOffer(ctx, tx, st, ao, why, 0); err != nil {
				return audit.Event{}, err
			}
			rep.Offers++
			prog.Add(1)
		}
		return audit.Event{Action: "atlas.import", ObjectType: "atlas",
			Detail: fmt.Sprintf("%d Träger, %d Orte, %d Angebote; Quelle: %s", rep.Providers, rep.Places, rep.Offers, imp.Source)}, nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// needImport reads the stored entries an import touches: those with its
// keys (update or create, the history's before, the scope of the old
// state), the places its offers name by key, and the places of the
// stored offers. A small file into a big atlas reads a little.
func (st *atlasState) needImport(ctx context.Context, tx Tx, imp Import) error {
	offers := make([]string, 0, len(imp.Offers))
	places := make([]string, 0, len(imp.Places))
	for _, p := range imp.Places {
		places = append(places, p.Key)
	}
	for _, o := range imp.Offers {
		offers = append(offers, o.Key)
		places = append(places, o.PlaceKeys...)
	}
	return st.need(ctx, tx, offers, places, nil)
}

// topics reads the taxonomy, storing the shipped one on first use.
func (a *Service) topics(ctx context.Context, tx Tx) (map[string]quartier.Topic, error) {
	ts, err := tx.Topics(ctx)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		ts = quartier.DefaultTopics()
		if err := tx.SaveTopics(ctx, ts); err != nil {
			return nil, err
		}
	}
	return quartier.TopicIndex(ts), nil
}

// placeAreas fills block and space from the place's point. A point far
// outside the installation is an input error (a wrong CRS, swapped x/y),
// not a place without area.
func (a *Service) placeAreas(loc *spatial.Locator, p *quartier.Place) error {
	p.Block, p.Space = "", ""
	if !p.HasPoint() {
		return nil
	}
	// 20 km: a place just across the city border (a shelter in the
	// neighbouring district) is fine, a point in another country is not.
	if b, ok := loc.InstallationBound(20000); ok && !b.Contains(orb.Point{p.X, p.Y}) {
		return quartier.Errorf(quartier.EINVALID, "Ort %s: die Koordinate %.1f, %.1f (%s) liegt mehr als 20 km außerhalb der Gebiete dieser Installation (falsches Koordinatensystem oder x und y vertauscht?).", p.Key, p.X, p.Y, a.spatial.SRID())
	}
	res := loc.Locate(orb.Point{p.X, p.Y})
	p.Block = res.Block().Code
	if h, ok := res.HitFor(loc.SpaceLayer()); ok {
		p.Space = quartier.SpaceCode(h.Code)
	}
	return nil
}

// ReassignPlaces recomputes block and space of every place from the
// current areas; it runs after each rebuild of the lookup index, so a new
// Gebietsstand moves places with it. Returns how many changed.
func (a *Service) ReassignPlaces(ctx context.Context) (int, error) {
	loc := a.locator()
	// moved lists the places whose areas differ from the stored ones.
	moved := func(tx Tx) ([]quartier.Place, error) {
		places, err := tx.Places(ctx)
		if err != nil {
			return nil, err
		}
		var out []quartier.Place
		for _, p := range places {
			block, space := p.Block, p.Space
			if err := a.placeAreas(loc, &p); err != nil {
				// Stored before the CRS was fixed: keep, report in the log.
				a.log.Warn("Ort außerhalb der Installation", "key", p.Key, "err", err)
				continue
			}
			if p.Block != block || p.Space != space {
				out = append(out, p)
			}
		}
		return out, nil
	}
	// Look first: on most starts nothing moved, and read-only commands
	// must not take the write lock.
	var pending []quartier.Place
	if err := a.store.View(ctx, func(tx Tx) (err error) {
		pending, err = moved(tx)
		return err
	}); err != nil || len(pending) == 0 {
		return 0, err
	}
	changed := 0
	err := a.store.Update(ctx, func(tx Tx) error {
		ps, err := moved(tx)
		if err != nil || len(ps) == 0 {
			return err
		}
		for _, p := range ps {
			if err := tx.SetPlaceAreas(ctx, p.ID, p.Block, p.Space); err != nil {
				return err
			}
		}
		changed = len(ps)
		if err := a.atlasChanged(ctx, tx); err != nil {
			return err
		}
		return a.audit.Write(ctx, tx, audit.Event{Action: "atlas.reassign", ObjectType: "place", Detail: strconv.Itoa(changed) + " Orte neuen Gebieten zugeordnet"})
	})
	if err == nil && changed > 0 {
		a.atlasWrites.Add(1)
	}
	return changed, err
}

// View is what one actor may see of the atlas. Views are shared
// between requests: callers must not modify them.
type View struct {
	Topics    []quartier.Topic
	Providers map[int64]quartier.Provider
	Places    map[int64]quartier.Place
	Offers    []quartier.Offer // current offers only (not ended, within their period)
}

// View returns the atlas as the actor may see it: confidential places
// redacted unless the actor may read them in the place's space, contacts
// for professionals only to signed-in staff, ended offers left out. The
// filtering happens here, so every page, API and export built on it
// inherits it. Anonymous callers share one precomputed view.
func (a *Service) View(ctx context.Context) (*View, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	full, err := a.records(ctx, s)
	if err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	if !actor.SeesProfessionalContacts() {
		return s.publicView(a.now(), full), nil
	}
	var revealed []string
	for _, p := range full.places {
		if reveals(actor, *p) {
			revealed = append(revealed, p.Key)
		}
	}
	slices.Sort(revealed)
	if err := a.auditReveal(ctx, "Atlas", revealed); err != nil {
		return nil, err
	}
	return s.view(actor, a.now(), full), nil
}

// Topics are the topic taxonomy of the atlas (public data), from the
// snapshot.
func (a *Service) Topics(ctx context.Context) ([]quartier.Topic, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	return s.topics, nil
}

// Shown returns the name of the offer or place with the key as the atlas
// shows it to everyone (View): a current offer, any place. ok is false
// when it shows none. It reads the snapshot's records, not the atlas.
func (a *Service) Shown(ctx context.Context, kind quartier.EntityKind, key string) (name string, ok bool, err error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return "", false, err
	}
	switch kind {
	case quartier.EntityOffer:
		if i, found := s.offerByKey[key]; found && s.offers[i].Current(a.now()) {
			return s.offers[i].Name, true, nil
		}
	case quartier.EntityPlace:
		if id, found := s.placeByKey[key]; found {
			if p := s.places.get(id); p != nil {
				return p.Name, true, nil
			}
		}
	}
	return "", false, nil
}
