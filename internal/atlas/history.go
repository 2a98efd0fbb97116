package atlas

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/quartier/quartier"
)

// HistoryEntry is one change of an entry as shown: the fields it altered,
// never the raw states (which hold a shelter's address).
type HistoryEntry struct {
	ID         int64
	At         time.Time
	Login      string
	Why        string
	Suggestion int64
	Created    bool
	Fields     []quartier.FieldChange
}

// EntryHistory is the history of one entry: its current name and its
// changes, newest first.
type EntryHistory struct {
	Name    string
	Entries []HistoryEntry
}

// History lists the changes of an entry the actor may edit, newest first.
// A confidential place's address and point are left out for anyone who may
// not read them, in every past state too.
func (a *Service) History(ctx context.Context, kind quartier.EntityKind, key string) (*EntryHistory, error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, string(kind), key); err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	var out []HistoryEntry
	var name string
	revealed := false // a confidential address shown in some state
	err := a.store.View(ctx, func(tx Tx) error {
		st := partialState()
		if err := st.needEntry(ctx, tx, kind, key); err != nil {
			return err
		}
		if _, err := st.entry(actor, kind, key); err != nil {
			return err
		}
		name = st.entryName(kind, key)
		changes, err := tx.Changes(ctx, kind, key)
		if err != nil {
			return err
		}
		if err := st.needNames(ctx, tx, changes); err != nil {
			return err
		}
		out = nil
		for i := len(changes) - 1; i >= 0; i-- {
			c := changes[i]
			before, hidBefore, err := st.fields(actor, kind, c.Before)
			if err != nil {
				return err
			}
			after, hidAfter, err := st.fields(actor, kind, c.After)
			if err != nil {
				return err
			}
			revealed = revealed || st.revealsState(actor, kind, c.Before) || st.revealsState(actor, kind, c.After)
			e := HistoryEntry{ID: c.ID, At: c.At, Login: c.Login, Why: c.Why, Suggestion: c.Suggestion, Created: c.Before == nil,
				Fields: quartier.DiffFields(before, after)}
			// A change of a shelter that shows nothing to a reader who
			// may not locate it changed what was redacted: its address or
			// point. Listed as "nothing changed", its date told that and
			// when the shelter moved (security probe), so it is left out.
			if !e.Created && len(e.Fields) == 0 && (hidBefore || hidAfter) {
				continue
			}
			out = append(out, e)
		}
		return nil
	})
	if err := a.audit.IfDenied(ctx, quartier.PermEditAtlas, string(kind), key, err); err != nil {
		return nil, err
	}
	// Every past address of a shelter is as much a read as its page.
	if revealed {
		if err := a.auditReveal(ctx, "Verlauf Ort "+key, []string{key}); err != nil {
			return nil, err
		}
	}
	return &EntryHistory{Name: name, Entries: out}, nil
}

// revealsState reports whether a stored state of a place shows actor a
// confidential address (one fields does not leave out).
func (st *atlasState) revealsState(actor *quartier.Actor, kind quartier.EntityKind, state json.RawMessage) bool {
	if kind != quartier.EntityPlace || state == nil {
		return false
	}
	var p quartier.Place
	if json.Unmarshal(state, &p) != nil {
		return false
	}
	cur, ok := st.places[p.Key]
	confidential := p.Confidential || ok && cur.Confidential
	return confidential && actor.ReadsConfidential(&p) && (!ok || actor.ReadsConfidential(cur)) && (p.Street != "" || p.HasPoint())
}

// needNames reads what the history's fields are named with: the taxonomy,
// and the providers and places (of offers) its states name.
func (st *atlasState) needNames(ctx context.Context, tx Tx, changes []quartier.Change) error {
	var err error
	if st.topics, err = storedTopics(ctx, tx); err != nil {
		return err
	}
	var keys []string
	for _, c := range changes {
		for _, state := range []json.RawMessage{c.Before, c.After} {
			var named struct {
				Provider  string   `json:"provider"`
				PlaceKeys []string `json:"place_keys"`
			}
			// An unreadable state is reported by fields.
			if state == nil || json.Unmarshal(state, &named) != nil {
				continue
			}
			keys = append(keys, named.PlaceKeys...)
			if named.Provider != "" {
				if _, _, err := st.providerOf(ctx, tx, named.Provider); err != nil {
					return err
				}
			}
		}
	}
	return st.need(ctx, tx, nil, keys, nil)
}

// names resolves codes for the history fields.
func (st *atlasState) names() quartier.Names {
	return quartier.Names{Topics: st.topics,
		Provider: func(code string) string { return st.providers[code] },
		Place: func(key string) string {
			if p, ok := st.places[key]; ok {
				return p.Name
			}
			return ""
		}}
}

// fields renders a stored state (nil: none) as the actor may see it;
// hidden reports that a confidential address was left out.
func (st *atlasState) fields(actor *quartier.Actor, kind quartier.EntityKind, state json.RawMessage) (_ []quartier.Field, hidden bool, _ error) {
	if state == nil {
		return nil, false, nil
	}
	bad := func(err error) error {
		return quartier.WrapError(quartier.EINTERNAL, err, "Ein früherer Stand des Eintrags ist unlesbar.")
	}
	if kind == quartier.EntityOffer {
		var o offerSnapshot
		if err := json.Unmarshal(state, &o); err != nil {
			return nil, false, bad(err)
		}
		return o.Fields(st.names(), o.PlaceKeys), false, nil
	}
	var p quartier.Place
	if err := json.Unmarshal(state, &p); err != nil {
		return nil, false, bad(err)
	}
	// Judged on the place as it is now as well: a place made confidential
	// later hides its address in the states before that, too.
	if cur, ok := st.places[p.Key]; ok && !actor.ReadsConfidential(cur) || !actor.ReadsConfidential(&p) {
		confidential, path := p.Confidential, p.ContactPath
		p.Confidential = true
		p = p.Redacted()
		p.Confidential, p.ContactPath = confidential, path
		hidden = true
	}
	return p.Fields(st.names()), hidden, nil
}

// DueEntry is an entry whose verification runs out soon or ran out.
type DueEntry struct {
	Kind       quartier.EntityKind
	Key        string
	Name       string
	Provider   string               // code; "" none
	Spaces     []quartier.SpaceCode // of its places the actor may locate
	VerifiedOn time.Time
	DueOn      time.Time
	Overdue    bool
}

// ReviewSoon is how far ahead the reminder list looks.
const ReviewSoon = 30 // days

// DueFilter narrows the reminder list and pages it: an office with
// thousands of entries works through it by space, provider or kind.
type DueFilter struct {
	Space    quartier.SpaceCode  // "" every space
	Provider string              // code or part of the name, any case; "" every provider
	Kind     quartier.EntityKind // "" places and offers
	Page     int                 // from 1
	PerPage  int                 // default and at most DuePageMax
}

// DuePageMax bounds one page of the reminder list.
const DuePageMax = 100

// DueList is one page of the reminder list and how many match in all.
type DueList struct {
	Entries []DueEntry
	Total   int
	Overdue int // of Total
	Page    int
	Pages   int
}

// ReviewDue is the reminder list: entries the actor may edit whose
// verification is overdue or runs out within ReviewSoon days, oldest
// first. Ended offers are left out: they are kept, not checked.
func (a *Service) ReviewDue(ctx context.Context, f DueFilter) (*DueList, error) {
	all, err := a.reviewDue(ctx, f)
	if err != nil {
		return nil, err
	}
	per := f.PerPage
	if per <= 0 || per > DuePageMax {
		per = DuePageMax
	}
	l := &DueList{Total: len(all), Pages: max(1, (len(all)+per-1)/per)}
	l.Page = min(max(f.Page, 1), l.Pages)
	for _, e := range all {
		if e.Overdue {
			l.Overdue++
		}
	}
	from := (l.Page - 1) * per
	l.Entries = all[from:min(from+per, len(all))]
	return l, nil
}

func (a *Service) reviewDue(ctx context.Context, f DueFilter) ([]DueEntry, error) {
	if err := a.audit.Require(ctx, quartier.PermEditAtlas, "atlas", "due"); err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	today := a.today()
	horizon := today.AddDate(0, 0, ReviewSoon)
	var out []DueEntry
	provider := strings.ToLower(strings.TrimSpace(f.Provider))
	add := func(e DueEntry, places []*quartier.Place, names map[string]string) {
		e.DueOn = quartier.ReviewDate(e.VerifiedOn)
		if e.DueOn.After(horizon) || f.Kind != "" && e.Kind != f.Kind {
			return
		}
		if provider != "" && !strings.Contains(strings.ToLower(e.Provider), provider) && !strings.Contains(strings.ToLower(names[e.Provider]), provider) {
			return
		}
		// A place the actor may not locate lends no space: filtering by
		// space must not tell where a shelter is.
		for _, p := range places {
			if p.Space != "" && actor.ReadsConfidential(p) && !slices.Contains(e.Spaces, p.Space) {
				e.Spaces = append(e.Spaces, p.Space)
			}
		}
		if f.Space != "" && !slices.Contains(e.Spaces, f.Space) {
			return
		}
		e.Overdue = e.DueOn.Before(today)
		out = append(out, e)
	}
	err := a.store.View(ctx, func(tx Tx) error {
		st, err := a.loadAtlas(ctx, tx)
		if err != nil {
			return err
		}
		out = nil
		for _, p := range st.places {
			if actor.EditsPlace(p) {
				add(DueEntry{Kind: quartier.EntityPlace, Key: p.Key, Name: p.Name, Provider: p.Provider, VerifiedOn: p.VerifiedOn}, []*quartier.Place{p}, st.providers)
			}
		}
		for _, o := range st.offers {
			if o.Status != quartier.OfferEnded && st.mayEditOffer(actor, o) {
				add(DueEntry{Kind: quartier.EntityOffer, Key: o.Key, Name: o.Name, Provider: o.Provider, VerifiedOn: o.VerifiedOn}, st.offerPlaces(o), st.providers)
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		if !out[i].VerifiedOn.Equal(out[j].VerifiedOn) {
			return out[i].VerifiedOn.Before(out[j].VerifiedOn)
		}
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Key < out[j].Key
	})
	return out, err
}
