package spatial

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/textde"
)

// AreaDetail is everything the area page shows: the area, its blocks, the
// areas of other layers it lies in, and for a social space who works there.
type AreaDetail struct {
	Layer   quartier.Layer
	Version quartier.Version
	Area    quartier.Area
	// Blocks of a composed area, with names.
	Blocks []AreaRef
	// Within lists, for a block, the area of every other layer.
	Within []Hit
	// Space data (only on the space layer).
	Assignments []quartier.Assignment // history, oldest first
	Current     *Assignee             // in force today, nil if none
	names       map[string]string     // provider or alliance code → name, of the assignees
	Teams       []quartier.Team
	Duo         []quartier.Leadership // history, oldest first
}

// Assignee is the provider or alliance responsible for a space, resolved for
// display with the alliance's members.
type Assignee struct {
	Assignment quartier.Assignment
	Provider   *quartier.Provider
	Alliance   *quartier.Alliance
	Members    []quartier.Provider // alliance members, lead first
}

// AssigneeName is the name of a provider or alliance in the space's
// history, its code if it has none.
func (d *AreaDetail) AssigneeName(code string) string {
	if n, ok := d.names[code]; ok && n != "" {
		return n
	}
	return code
}

// CurrentDuo returns the leadership in force at t, by role.
func (d *AreaDetail) CurrentDuo(t time.Time) []quartier.Leadership {
	var out []quartier.Leadership
	for _, l := range d.Duo {
		if l.ValidAt(t) {
			out = append(out, l)
		}
	}
	return out
}

// Area returns the current version of an area with its context.
func (a *Service) Area(ctx context.Context, layerCode, code string) (*AreaDetail, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	d := &AreaDetail{}
	err := a.store.View(ctx, func(tx Tx) error {
		l, v, err := layerVersion(ctx, tx, layerCode)
		if err != nil {
			return err
		}
		ar, err := tx.AreaByCode(ctx, v.ID, code)
		if err != nil {
			return err
		}
		d.Layer, d.Version, d.Area = *l, *v, *ar
		if len(ar.Blocks) > 0 {
			if d.Blocks, err = blockNames(ctx, tx, ar.Blocks); err != nil {
				return err
			}
		}
		if l.Space {
			return a.fillSpace(ctx, tx, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if d.Layer.Kind == quartier.LayerBlock {
		if r, ok := a.Locator().LocateBlock(code); ok {
			for _, h := range r.Hits {
				if h.Layer != layerCode {
					d.Within = append(d.Within, h)
				}
			}
		}
	}
	return d, nil
}

func blockNames(ctx context.Context, tx Tx, codes []string) ([]AreaRef, error) {
	blocks, err := currentBlocks(ctx, tx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(blocks))
	for _, b := range blocks {
		names[b.Code] = b.Name
	}
	out := make([]AreaRef, len(codes))
	for i, c := range codes {
		out[i] = AreaRef{Code: c, Name: names[c]}
	}
	return out, nil
}

func (a *Service) fillSpace(ctx context.Context, tx Tx, d *AreaDetail) error {
	var err error
	code := quartier.SpaceCode(d.Area.Code)
	if d.Assignments, err = tx.Assignments(ctx, code); err != nil {
		return err
	}
	if d.Teams, err = tx.Teams(ctx, code); err != nil {
		return err
	}
	if d.Duo, err = tx.Leaderships(ctx, code); err != nil {
		return err
	}
	d.names = map[string]string{}
	for _, as := range d.Assignments {
		if _, ok := d.names[as.Assignee]; ok {
			continue
		}
		if as.ProviderID != 0 {
			p, err := tx.ProviderByCode(ctx, as.Assignee)
			if err != nil {
				return err
			}
			d.names[as.Assignee] = p.Name
		} else {
			al, err := tx.AllianceByCode(ctx, as.Assignee)
			if err != nil {
				return err
			}
			d.names[as.Assignee] = al.Name
		}
	}
	today := a.today()
	for _, as := range d.Assignments {
		if as.ValidAt(today) {
			if d.Current, err = resolveAssignee(ctx, tx, as, today); err != nil {
				return err
			}
		}
	}
	return nil
}

// resolveAssignee names the assignee of as, an alliance with its members on day.
func resolveAssignee(ctx context.Context, tx Tx, as quartier.Assignment, day time.Time) (*Assignee, error) {
	out := &Assignee{Assignment: as}
	if as.ProviderID != 0 {
		p, err := tx.ProviderByCode(ctx, as.Assignee)
		if err != nil {
			return nil, err
		}
		out.Provider = p
		return out, nil
	}
	al, err := tx.AllianceByCode(ctx, as.Assignee)
	if err != nil {
		return nil, err
	}
	out.Alliance = al
	for _, m := range al.MembersAt(day) {
		p, err := tx.ProviderByCode(ctx, m.Provider)
		if err != nil {
			return nil, err
		}
		if m.Lead {
			out.Members = append([]quartier.Provider{*p}, out.Members...)
		} else {
			out.Members = append(out.Members, *p)
		}
	}
	return out, nil
}

// AssignRequest makes a provider or alliance responsible for a space from a
// date on. The previous open assignment of the space ends that day; history
// is never overwritten.
type AssignRequest struct {
	Line      int // source line in a bulk file, for located errors
	Space     quartier.SpaceCode
	Assignee  string // provider or alliance code
	ValidFrom time.Time
	ValidTo   *time.Time
	Note      string
}

// Assign records one assignment.
func (a *Service) Assign(ctx context.Context, req AssignRequest) error {
	return a.AssignAll(ctx, []AssignRequest{req})
}

// AssignAll records many assignments in one transaction (the bulk CSV):
// either all of them hold or none is written.
func (a *Service) AssignAll(ctx context.Context, reqs []AssignRequest) error {
	if err := a.audit.Require(ctx, quartier.PermManageSpaces, "assignment", ""); err != nil {
		return err
	}
	for _, r := range reqs {
		if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "assignment", r.Space); err != nil {
			return err
		}
	}
	sort.SliceStable(reqs, func(i, j int) bool { return reqs[i].ValidFrom.Before(reqs[j].ValidFrom) })
	// One entry for the whole table, naming every assignment in it.
	ev := audit.Event{Action: "assignment.create", ObjectType: "space"}
	var what []string
	for _, r := range reqs {
		what = append(what, string(r.Space)+": "+r.Assignee+" ab "+r.ValidFrom.Format(quartier.GermanDateLayout))
	}
	if len(reqs) == 1 {
		ev.ObjectID = string(reqs[0].Space)
	} else {
		ev.Action = "assignment.import"
	}
	ev.Detail = textde.Shorten(strings.Join(what, "; "), 2000)
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "assignment", ev.ObjectID, func(tx Tx) (audit.Event, error) {
		spaces, err := currentSpaces(ctx, tx)
		if err != nil {
			return ev, err
		}
		for _, r := range reqs {
			if err := assign(ctx, tx, spaces, r); err != nil {
				if r.Line > 0 {
					return ev, quartier.WrapError(quartier.ErrorCode(err), err, "Zeile %d: %s", r.Line, quartier.ErrorMessage(err))
				}
				return ev, err
			}
		}
		return ev, nil
	})
}

func assign(ctx context.Context, tx Tx, spaces map[quartier.SpaceCode]quartier.Space, r AssignRequest) error {
	if err := knownSpace(spaces, r.Space); err != nil {
		return err
	}
	space := spaces[r.Space]
	as := quartier.Assignment{Space: r.Space, Assignee: r.Assignee, ValidFrom: quartier.Day(r.ValidFrom), ValidTo: r.ValidTo, Note: r.Note}
	if p, err := tx.ProviderByCode(ctx, r.Assignee); err == nil {
		as.ProviderID = p.ID
	} else if al, err2 := tx.AllianceByCode(ctx, r.Assignee); err2 == nil {
		as.AllianceID = al.ID
	} else {
		return atField("assignee", quartier.Errorf(quartier.ENOTFOUND, "Träger oder Trägerverbund %q ist unbekannt.", r.Assignee))
	}
	if err := as.Validate(); err != nil {
		return err
	}
	history, err := tx.Assignments(ctx, r.Space)
	if err != nil {
		return err
	}
	for _, h := range history {
		if !h.ValidFrom.Before(as.ValidFrom) {
			return atField("valid_from", quartier.Errorf(quartier.ECONFLICT, "In %s gibt es schon eine Zuständigkeit ab %s (%s); die Geschichte wird nicht überschrieben.",
				space.Label(), h.ValidFrom.Format(quartier.GermanDateLayout), h.Assignee))
		}
		if h.ValidTo != nil && h.ValidTo.After(as.ValidFrom) {
			return atField("valid_from", quartier.Errorf(quartier.ECONFLICT, "In %s ist %s noch bis %s zuständig.", space.Label(), h.Assignee, h.ValidTo.Format(quartier.GermanDateLayout)))
		}
		if h.ValidTo == nil {
			if err := tx.EndAssignment(ctx, h.ID, as.ValidFrom); err != nil {
				return err
			}
		}
	}
	return tx.CreateAssignment(ctx, &as)
}

// Spaces lists the social spaces of the current space layer version, in
// code order. It reads the lookup index (names, no geometry), which every
// import rebuilds: forms and lists name spaces on every request, and
// decoding the spaces' outlines for that cost milliseconds each time.
func (a *Service) Spaces(ctx context.Context) ([]quartier.Space, error) {
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return nil, err
	}
	for _, ll := range a.Locator().layers {
		if !ll.layer.Space {
			continue
		}
		out := make([]quartier.Space, 0, len(ll.areas))
		for _, ar := range ll.areas {
			out = append(out, spaceOf(ll.layer, ll.version, ar.Code, ar.Name))
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
		return out, nil
	}
	return nil, quartier.Errorf(quartier.EINVALID, "Es gibt noch keine Sozialraumebene.")
}

func spaceOf(l quartier.Layer, v quartier.Version, code, name string) quartier.Space {
	return quartier.Space{Code: quartier.SpaceCode(code), Name: name, Layer: l.Code, VersionID: v.ID,
		ReferenceDate: v.ReferenceDate, ValidFrom: v.ValidFrom, ValidTo: v.ValidTo}
}

// currentSpaces are the spaces of the current space layer version by code.
func currentSpaces(ctx context.Context, tx Tx) (map[quartier.SpaceCode]quartier.Space, error) {
	layers, err := tx.Layers(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range layers {
		if !l.Space {
			continue
		}
		v, err := currentVersion(ctx, tx, l.ID)
		if err != nil || v == nil {
			return nil, err
		}
		areas, err := tx.Areas(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		m := make(map[quartier.SpaceCode]quartier.Space, len(areas))
		for _, ar := range areas {
			m[quartier.SpaceCode(ar.Code)] = spaceOf(l, *v, ar.Code, ar.Name)
		}
		return m, nil
	}
	return nil, quartier.Errorf(quartier.EINVALID, "Es gibt noch keine Sozialraumebene.")
}
