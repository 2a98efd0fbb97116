package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/quartier/quartier"
)

func (t *Tx) SaveTopics(ctx context.Context, ts []quartier.Topic) error {
	if err := t.exec(ctx, "Themen", t.d.Q.DeleteTopics); err != nil {
		return err
	}
	for i, x := range ts {
		if err := t.exec(ctx, "Das Thema "+x.Code, t.d.Q.CreateTopic, x.Code, x.Label, x.Parent, i); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) Topics(ctx context.Context) ([]quartier.Topic, error) {
	var out []quartier.Topic
	err := t.query(ctx, "Themen", t.d.Q.Topics, func(rows *sql.Rows) error {
		var x quartier.Topic
		if err := rows.Scan(&x.Code, &x.Label, &x.Parent); err != nil {
			return err
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// list joins codes for a comma-separated column; split undoes it.
func list(xs []string) string { return strings.Join(xs, ",") }

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func placeArgs(p *quartier.Place) []any {
	return []any{p.Key, p.Name, nullID(p.ProviderID), p.Street, p.HouseNumber, p.Postcode, p.City, p.X, p.Y, p.Block, string(p.Space),
		p.Confidential, p.ContactPath, list(p.Accessibility), p.AccessibilityNote, p.Source, dateArg(p.VerifiedOn), p.UpdatedAt}
}

func (t *Tx) CreatePlace(ctx context.Context, p *quartier.Place) error {
	p.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond)
	args := placeArgs(p)
	args[len(args)-1] = t.d.Time(p.UpdatedAt)
	id, err := t.insert(ctx, "Der Ort "+p.Key, t.d.Q.CreatePlace, args...)
	p.ID = id
	return err
}

func (t *Tx) UpdatePlace(ctx context.Context, p *quartier.Place) error {
	p.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond)
	args := placeArgs(p)
	args[len(args)-1] = t.d.Time(p.UpdatedAt)
	return t.updateOne(ctx, "Der Ort "+p.Key, t.d.Q.UpdatePlace, append([]any{p.ID}, args...)...)
}

func (t *Tx) SetPlaceAreas(ctx context.Context, id int64, block string, space quartier.SpaceCode) error {
	return t.updateOne(ctx, "Der Ort", t.d.Q.SetPlaceAreas, id, block, string(space))
}

func (t *Tx) Places(ctx context.Context) ([]quartier.Place, error) {
	return t.places(ctx, t.d.Q.Places)
}

func (t *Tx) ChangedPlaces(ctx context.Context, after int64) ([]quartier.Place, error) {
	return t.places(ctx, t.d.Q.ChangedPlaces, after)
}

func (t *Tx) PlacesByKey(ctx context.Context, keys []string) ([]quartier.Place, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	col, args := inList(keys)
	return t.places(ctx, fmt.Sprintf(t.d.Q.PlacesIn, "key", col), args...)
}

func (t *Tx) PlacesByID(ctx context.Context, ids []int64) ([]quartier.Place, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	col, args := inList(padIDs(ids))
	return t.places(ctx, fmt.Sprintf(t.d.Q.PlacesIn, "id", col), args...)
}

func (t *Tx) OffersByKey(ctx context.Context, keys []string) ([]quartier.Offer, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	col, args := inList(keys)
	return t.offers(ctx, fmt.Sprintf(t.d.Q.OffersIn, "key", col), args...)
}

func (t *Tx) OffersByID(ctx context.Context, ids []int64) ([]quartier.Offer, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	col, args := inList(padIDs(ids))
	return t.offers(ctx, fmt.Sprintf(t.d.Q.OffersIn, "id", col), args...)
}

// pageIDs is the length of the ID lists a result page reads its offers
// and places with: shorter lists are padded to it, so that the
// statements have one text, prepared once (pageQueries).
const pageIDs = 32

// padIDs pads ids up to pageIDs by repeating the last; IN ignores the
// repeats.
func padIDs(ids []int64) []int64 {
	if len(ids) >= pageIDs {
		return ids
	}
	out := make([]int64, pageIDs)
	n := copy(out, ids)
	for i := n; i < pageIDs; i++ {
		out[i] = ids[n-1]
	}
	return out
}

// pageQueries are the statements a result page reads its offers and
// places with (OffersByID and PlacesByID of up to pageIDs).
func pageQueries(d *Dialect) []string {
	ids := make([]int64, pageIDs)
	col, _ := inList(ids)
	return []string{fmt.Sprintf(d.Q.OffersIn, "id", col), fmt.Sprintf(d.Q.PlacesIn, "id", col)}
}

// inList is the placeholders $1, $2, … of values, and values as
// arguments.
func inList[T any](values []T) (string, []any) {
	var b strings.Builder
	args := make([]any, len(values))
	for i, v := range values {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", i+1)
		args[i] = v
	}
	return b.String(), args
}

func (t *Tx) AtlasChanges(ctx context.Context, after int64) (int, error) {
	var n int
	err := t.queryRow(ctx, t.d.Q.AtlasChanges, after).Scan(&n)
	return n, t.mapErr(err, "Änderungen des Atlas")
}

func (t *Tx) PruneAtlasChanges(ctx context.Context, upTo int64) error {
	return t.exec(ctx, "Änderungen des Atlas", t.d.Q.PruneAtlasChanges, upTo)
}

func (t *Tx) places(ctx context.Context, q string, args ...any) ([]quartier.Place, error) {
	var out []quartier.Place
	in := interner{} // see offers
	err := t.query(ctx, "Orte", q, func(rows *sql.Rows) error {
		var p quartier.Place
		var provider sql.NullInt64
		var access string
		if err := rows.Scan(&p.ID, &p.Key, &p.Name, &provider, &p.Street, &p.HouseNumber, &p.Postcode, &p.City, &p.X, &p.Y, &p.Block, &p.Space,
			&p.Confidential, &p.ContactPath, &access, &p.AccessibilityNote, &p.Source, date{&p.VerifiedOn}, timestamp{&p.UpdatedAt}, &p.Provider); err != nil {
			return err
		}
		p.ProviderID, p.Accessibility = provider.Int64, split(in.get(access))
		p.City, p.Postcode, p.Block, p.Space, p.Source, p.Provider = in.get(p.City), in.get(p.Postcode), in.get(p.Block), quartier.SpaceCode(in.get(string(p.Space))), in.get(p.Source), in.get(p.Provider)
		out = append(out, p)
		return nil
	}, args...)
	return out, err
}

func (t *Tx) offerArgs(o *quartier.Offer) ([]any, error) {
	hours, err := json.Marshal(o.Hours)
	if err != nil {
		return nil, err
	}
	contacts, err := json.Marshal(o.Contacts)
	if err != nil {
		return nil, err
	}
	return []any{o.Key, o.Name, o.Description, nullID(o.ProviderID), list(o.Topics), list(o.TargetGroups), optInt(o.MinAge), optInt(o.MaxAge),
		list(o.Languages), o.Costs, string(o.Status), optDate(o.ValidFrom), optDate(o.ValidTo), string(hours), string(contacts),
		o.Website, o.Source, dateArg(o.VerifiedOn), t.d.Time(o.UpdatedAt), optInt(o.Capacity)}, nil
}

func optInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func (t *Tx) CreateOffer(ctx context.Context, o *quartier.Offer) error {
	o.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond)
	args, err := t.offerArgs(o)
	if err != nil {
		return t.mapErr(err, "Das Angebot "+o.Key)
	}
	if o.ID, err = t.insert(ctx, "Das Angebot "+o.Key, t.d.Q.CreateOffer, args...); err != nil {
		return err
	}
	return t.saveOfferPlaces(ctx, o)
}

func (t *Tx) UpdateOffer(ctx context.Context, o *quartier.Offer) error {
	o.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond)
	args, err := t.offerArgs(o)
	if err != nil {
		return t.mapErr(err, "Das Angebot "+o.Key)
	}
	if err := t.updateOne(ctx, "Das Angebot "+o.Key, t.d.Q.UpdateOffer, append([]any{o.ID}, args...)...); err != nil {
		return err
	}
	if err := t.exec(ctx, "Orte des Angebots "+o.Key, t.d.Q.DeleteOfferPlaces, o.ID); err != nil {
		return err
	}
	return t.saveOfferPlaces(ctx, o)
}

func (t *Tx) saveOfferPlaces(ctx context.Context, o *quartier.Offer) error {
	for _, p := range o.Places {
		if err := t.exec(ctx, "Ort des Angebots "+o.Key, t.d.Q.CreateOfferPlace, o.ID, p); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) Offers(ctx context.Context) ([]quartier.Offer, error) {
	return t.offers(ctx, t.d.Q.Offers)
}

func (t *Tx) ChangedOffers(ctx context.Context, after int64) ([]quartier.Offer, error) {
	return t.offers(ctx, t.d.Q.ChangedOffers, after)
}

// offers reads offers with q (offerSelect).
func (t *Tx) offers(ctx context.Context, q string, args ...any) ([]quartier.Offer, error) {
	var out []quartier.Offer
	// What many offers hold alike (codes, lists, opening hours from the
	// same template, the source) is kept once: at 100,000 offers the
	// copies were a third of the atlas in memory. Offers are values that
	// nobody changes in place, so sharing is safe.
	in := interner{}
	hoursOf := map[string]quartier.OpeningHours{}
	lists := map[string][]string{}
	list := func(s string) []string {
		l, ok := lists[s]
		if !ok {
			l = split(s)
			lists[s] = l
		}
		return l
	}
	err := t.query(ctx, "Angebote", q, func(rows *sql.Rows) error {
		var o quartier.Offer
		var provider, minAge, maxAge, capacity sql.NullInt64
		var topics, groups, langs, status, hours, contacts, places string
		if err := rows.Scan(&o.ID, &o.Key, &o.Name, &o.Description, &provider, &topics, &groups, &minAge, &maxAge, &langs, &o.Costs, &status,
			nullDate{&o.ValidFrom}, nullDate{&o.ValidTo}, &hours, &contacts, &o.Website, &o.Source, date{&o.VerifiedOn}, timestamp{&o.UpdatedAt}, &o.Provider, &capacity, &places); err != nil {
			return err
		}
		var err error
		if o.Places, err = idList(places); err != nil {
			return err
		}
		o.ProviderID, o.Topics, o.TargetGroups, o.Languages, o.Status = provider.Int64, list(topics), list(groups), list(langs), quartier.OfferStatus(in.get(status))
		o.Costs, o.Website, o.Source, o.Provider = in.get(o.Costs), in.get(o.Website), in.get(o.Source), in.get(o.Provider)
		if minAge.Valid {
			v := int(minAge.Int64)
			o.MinAge = &v
		}
		if maxAge.Valid {
			v := int(maxAge.Int64)
			o.MaxAge = &v
		}
		if capacity.Valid {
			v := int(capacity.Int64)
			o.Capacity = &v
		}
		// The call's own map first: a reading of the whole atlas shares
		// equal hours even when they are more than the store's cache
		// keeps (the snapshot's records keep one copy of each).
		h, ok := hoursOf[hours]
		if !ok {
			if h, err = t.hours.get(hours); err != nil {
				return err
			}
			hoursOf[hours] = h
		}
		o.Hours = h
		if o.Contacts, err = decodeContacts(contacts); err != nil {
			return err
		}
		for i := range o.Contacts {
			c := &o.Contacts[i]
			c.Role, c.Visibility = in.get(c.Role), quartier.Visibility(in.get(string(c.Visibility)))
		}
		out = append(out, o)
		return nil
	}, args...)
	return out, err
}

// idList reads the IDs of offerSelect's list of places.
func idList(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	out := make([]int64, 0, strings.Count(s, ",")+1)
	for v := range strings.SplitSeq(s, ",") {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("the list of places %q: %w", s, err)
		}
		out = append(out, id)
	}
	return out, nil
}

// interner keeps one copy of each string it is given.
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	in[s] = s
	return s
}

// hoursCache keeps opening hours decoded by their JSON for the store's
// life: offers share a few templates of hours ("Mo–Fr 8–16"), and a
// result page of 20 offers spent half of its decoding on them. Decoded
// hours are shared like the interned strings above, never changed in
// place.
type hoursCache struct {
	mu sync.Mutex
	m  map[string]quartier.OpeningHours
}

// maxCachedHours bounds the cache; beyond it, it starts afresh.
const maxCachedHours = 1024

func (c *hoursCache) get(text string) (quartier.OpeningHours, error) {
	c.mu.Lock()
	h, ok := c.m[text]
	c.mu.Unlock()
	if ok {
		return h, nil
	}
	h, err := decodeHours(text)
	if err != nil {
		return h, err
	}
	// An append by whoever holds a copy must not write into the shared
	// arrays.
	h.Weekly, h.Exceptions = slices.Clip(h.Weekly), slices.Clip(h.Exceptions)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedHours {
		c.m = map[string]quartier.OpeningHours{}
	}
	c.m[text] = h
	c.mu.Unlock()
	return h, nil
}
