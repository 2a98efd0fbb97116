package spatial

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/geo"
)

// The organisation of the spaces one record at a time, as the office keeps
// it in the browser: the same validation as the setup file (setup.go) and
// the bulk assignments (spaces.go), one audit entry per change. History is
// kept where the domain has validity (assignments, leadership duo: ended,
// never overwritten); providers, alliances, teams and rooms change in
// place, and their audit entries say what was there before.

// Organisation is what the maintainers of the spaces see: every provider
// and alliance, and per space its assignments, teams with rooms and
// leadership duo, each with its history.
type Organisation struct {
	Providers []quartier.Provider // by code
	Alliances []quartier.Alliance // by code, lead first
	Spaces    []SpaceOrganisation // by code
	Today     time.Time
	names     map[string]string
	// For OutsideScope: who reads, and every assignment read (also of
	// spaces a newer Gebietsstand dropped).
	actor       *quartier.Actor
	assignments []quartier.Assignment
}

// OutsideScope lists the spaces outside the reader's scope in which a
// provider or alliance is responsible today or later: where any is, the
// reader may not change it (UpdateProvider, UpdateAlliance). Complete for
// the organisation of all spaces.
func (o *Organisation) OutsideScope(code string) []string {
	return outsideScope(o.actor, code, o.Alliances, o.assignments, o.Today)
}

// SpaceOrganisation is who works in one space.
type SpaceOrganisation struct {
	Space       quartier.Space
	Assignments []quartier.Assignment // oldest first
	Teams       []quartier.Team
	Duo         []quartier.Leadership // oldest first
	// Editable is set when the actor maintains this space (scope).
	Editable bool
	today    time.Time
}

// Current is the assignment in force today, nil if none.
func (s *SpaceOrganisation) Current() *quartier.Assignment {
	for i := range s.Assignments {
		if s.Assignments[i].ValidAt(s.today) {
			return &s.Assignments[i]
		}
	}
	return nil
}

// Open is the assignment without an end, the one EndAssignment ends (it
// may start in the future); nil if none.
func (s *SpaceOrganisation) Open() *quartier.Assignment {
	for i := range s.Assignments {
		if s.Assignments[i].ValidTo == nil {
			return &s.Assignments[i]
		}
	}
	return nil
}

// CurrentDuo is the leadership in office today, by role.
func (s *SpaceOrganisation) CurrentDuo() []quartier.Leadership {
	var out []quartier.Leadership
	for _, l := range s.Duo {
		if l.ValidAt(s.today) {
			out = append(out, l)
		}
	}
	return out
}

// OpenRoles are the roles held without an end (EndLeadership ends them).
func (s *SpaceOrganisation) OpenRoles() []quartier.Leadership {
	var out []quartier.Leadership
	for _, l := range s.Duo {
		if l.ValidTo == nil {
			out = append(out, l)
		}
	}
	return out
}

// Name is the name of a provider or alliance, its code if unknown.
func (o *Organisation) Name(code string) string {
	if n, ok := o.names[code]; ok {
		return n
	}
	return code
}

// Space is the organisation of one space, nil if the current space layer
// does not draw it.
func (o *Organisation) Space(code quartier.SpaceCode) *SpaceOrganisation {
	for i := range o.Spaces {
		if o.Spaces[i].Space.Code == code {
			return &o.Spaces[i]
		}
	}
	return nil
}

// Provider returns the provider with code, nil if none.
func (o *Organisation) Provider(code string) *quartier.Provider {
	for i := range o.Providers {
		if o.Providers[i].Code == code {
			return &o.Providers[i]
		}
	}
	return nil
}

// Alliance returns the alliance with code, nil if none.
func (o *Organisation) Alliance(code string) *quartier.Alliance {
	for i := range o.Alliances {
		if o.Alliances[i].Code == code {
			return &o.Alliances[i]
		}
	}
	return nil
}

// Responsibility is an assignment seen from a provider or alliance: Via
// names the alliance through which a provider is responsible.
type Responsibility struct {
	Space      quartier.Space
	Assignment quartier.Assignment
	Via        string
}

// Responsibilities are the assignments of a provider or alliance in every
// space, directly or (for a provider) through its alliances while it was a
// member, oldest first.
func (o *Organisation) Responsibilities(code string) []Responsibility {
	var out []Responsibility
	for _, s := range o.Spaces {
		for _, as := range s.Assignments {
			if as.Assignee == code {
				out = append(out, Responsibility{Space: s.Space, Assignment: as})
			} else if al := o.Alliance(as.Assignee); al != nil && al.HasMember(code, as.ValidFrom, as.ValidTo) {
				out = append(out, Responsibility{Space: s.Space, Assignment: as, Via: al.Code})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Responsibility) int { return a.Assignment.ValidFrom.Compare(b.Assignment.ValidFrom) })
	return out
}

// Organisation reads the organisation of all spaces (space "") or of one,
// for whoever maintains it: the forms are for the permission to maintain
// the spaces, and a space outside the actor's scope answers "not found".
func (a *Service) Organisation(ctx context.Context, space quartier.SpaceCode) (*Organisation, error) {
	if space == "" {
		if err := a.audit.Require(ctx, quartier.PermManageSpaces, "organisation", ""); err != nil {
			return nil, err
		}
	} else if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "space", space); err != nil {
		return nil, err
	}
	actor := quartier.ActorFrom(ctx)
	o := &Organisation{Today: a.today(), names: map[string]string{}, actor: actor}
	list, err := a.Spaces(ctx)
	if err != nil && (space != "" || quartier.ErrorCode(err) != quartier.EINVALID) {
		return nil, err // no space layer yet: the overview has providers and alliances only
	}
	spaces := make(map[quartier.SpaceCode]quartier.Space, len(list))
	for _, sp := range list {
		spaces[sp.Code] = sp
	}
	if space != "" {
		if err := knownSpace(spaces, space); err != nil {
			return nil, err
		}
	}
	err = a.store.View(ctx, func(tx Tx) error {
		var err error
		if o.Providers, err = tx.Providers(ctx); err != nil {
			return err
		}
		if o.Alliances, err = tx.Alliances(ctx); err != nil {
			return err
		}
		if len(spaces) == 0 {
			return nil // no space layer yet: providers and alliances only
		}
		assignments, err := tx.Assignments(ctx, space)
		if err != nil {
			return err
		}
		o.assignments = assignments
		teams, err := tx.Teams(ctx, space)
		if err != nil {
			return err
		}
		duo, err := tx.Leaderships(ctx, space)
		if err != nil {
			return err
		}
		for _, sp := range list {
			c := sp.Code
			if space != "" && c != space {
				continue
			}
			so := SpaceOrganisation{Space: sp, Editable: actor.CanInSpace(quartier.PermManageSpaces, c), today: o.Today}
			for _, as := range assignments {
				if as.Space == c {
					so.Assignments = append(so.Assignments, as)
				}
			}
			for _, t := range teams {
				if t.Space == c {
					so.Teams = append(so.Teams, t)
				}
			}
			for _, l := range duo {
				if l.Space == c {
					so.Duo = append(so.Duo, l)
				}
			}
			o.Spaces = append(o.Spaces, so)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range o.Providers {
		o.names[p.Code] = p.Name
	}
	for _, al := range o.Alliances {
		o.names[al.Code] = al.Name
	}
	return o, nil
}

// OnProvidersChanged registers fn to run after a committed change of
// providers (the atlas shows their names and reloads).
func (a *Service) OnProvidersChanged(fn func()) {
	a.rebuildMu.Lock()
	defer a.rebuildMu.Unlock()
	a.onProviders = append(a.onProviders, fn)
}

func (a *Service) providersChanged() {
	a.rebuildMu.Lock()
	fns := slices.Clone(a.onProviders)
	a.rebuildMu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// CreateProvider records a new provider.
func (a *Service) CreateProvider(ctx context.Context, p quartier.Provider) error {
	err := audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "provider", p.Code, func(tx Tx) (audit.Event, error) {
		return audit.Event{Action: "provider.create", ObjectType: "provider", ObjectID: p.Code, Detail: p.Name}, createProvider(ctx, tx, &p)
	})
	if err == nil {
		a.providersChanged()
	}
	return err
}

// UpdateProvider changes the name, short name, kind and website of the
// provider with p.Code. A provider responsible in spaces is changed only by
// someone who maintains all of them.
func (a *Service) UpdateProvider(ctx context.Context, p quartier.Provider) error {
	err := audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "provider", p.Code, func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "provider.update", ObjectType: "provider", ObjectID: p.Code}
		old, err := tx.ProviderByCode(ctx, p.Code)
		if err != nil {
			return ev, err
		}
		if err := a.requireResponsible(ctx, tx, "Den Träger "+old.Name, p.Code); err != nil {
			return ev, err
		}
		if err := p.Validate(); err != nil {
			return ev, err
		}
		p.ID = old.ID
		ev.Detail = changes(
			change{"Name", old.Name, p.Name}, change{"Kurzname", old.ShortName, p.ShortName},
			change{"Art", old.Kind.Label(), p.Kind.Label()}, change{"Website", old.Website, p.Website})
		return ev, tx.UpdateProvider(ctx, &p)
	})
	if err == nil {
		a.providersChanged()
	}
	return err
}

// CreateAlliance records a new alliance of known providers.
func (a *Service) CreateAlliance(ctx context.Context, sa SetupAlliance) error {
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "alliance", sa.Code, func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "alliance.create", ObjectType: "alliance", ObjectID: sa.Code}
		al, err := alliance(ctx, tx, sa)
		if err != nil {
			return ev, err
		}
		ev.Detail = sa.Name + "; Mitglieder: " + memberList(al.Members)
		return ev, atField("code", tx.CreateAlliance(ctx, al))
	})
}

// UpdateAlliance changes the name and the memberships of the alliance
// with sa.Code, under the same rule as UpdateProvider. History is kept as
// for assignments: a membership that began before today comes back with
// the same provider, start and lead (it may be given an end), and one that
// ended before today comes back unchanged; a change of lead ends the
// periods and starts new ones.
func (a *Service) UpdateAlliance(ctx context.Context, sa SetupAlliance) error {
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "alliance", sa.Code, func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "alliance.update", ObjectType: "alliance", ObjectID: sa.Code}
		old, err := tx.AllianceByCode(ctx, sa.Code)
		if err != nil {
			return ev, err
		}
		if err := a.requireResponsible(ctx, tx, "Den Trägerverbund "+old.Name, sa.Code); err != nil {
			return ev, err
		}
		al, err := alliance(ctx, tx, sa)
		if err != nil {
			return ev, err
		}
		al.ID = old.ID
		if err := keepsHistory(old, al, a.today()); err != nil {
			return ev, err
		}
		ev.Detail = changes(change{"Name", old.Name, al.Name}, change{"Mitglieder", memberList(old.Members), memberList(al.Members)})
		return ev, tx.UpdateAlliance(ctx, al)
	})
}

// keepsHistory refuses an update that would rewrite the past of an
// alliance's memberships (see UpdateAlliance); a membership is known by
// its provider and start.
func keepsHistory(old, al *quartier.Alliance, today time.Time) error {
	for _, o := range old.Members {
		if !o.ValidFrom.Before(today) {
			continue // starts today or later: still a plan
		}
		i := slices.IndexFunc(al.Members, func(n quartier.AllianceMember) bool {
			return n.Provider == o.Provider && n.ValidFrom.Equal(o.ValidFrom)
		})
		if i < 0 {
			return atField("members", quartier.Errorf(quartier.ECONFLICT,
				"Die Mitgliedschaft von %s (%s) hat begonnen und bleibt im Verlauf; beenden Sie sie mit einem Enddatum.", o.Provider, o.Period()))
		}
		n := al.Members[i]
		field := fmt.Sprintf("members.%d", i)
		ended := o.ValidTo != nil && !o.ValidTo.After(today)
		switch {
		case n.Lead != o.Lead:
			return atField(field, quartier.Errorf(quartier.ECONFLICT,
				"Die Federführung von %s (%s) wird nicht rückwirkend geändert; beenden Sie die Mitgliedschaft und tragen Sie ab dem Wechsel eine neue ein.", o.Provider, o.Period()))
		case ended && (n.ValidTo == nil || !n.ValidTo.Equal(*o.ValidTo)):
			return atField(field, quartier.Errorf(quartier.ECONFLICT,
				"Die Mitgliedschaft von %s (%s) ist beendet und bleibt, wie sie war.", o.Provider, o.Period()))
		}
	}
	return nil
}

// requireResponsible refuses a change of a provider or alliance that is
// responsible (today or later, directly or through an alliance) in a space
// the actor does not maintain: the change would reach into that space.
// Assignments are public, so naming the spaces betrays nothing.
func (a *Service) requireResponsible(ctx context.Context, tx Tx, what, code string) error {
	alliances, err := tx.Alliances(ctx)
	if err != nil {
		return err
	}
	assignments, err := tx.Assignments(ctx, "")
	if err != nil {
		return err
	}
	if outside := outsideScope(quartier.ActorFrom(ctx), code, alliances, assignments, a.today()); len(outside) > 0 {
		return quartier.Errorf(quartier.EFORBIDDEN, "%s ändern darf nur, wer alle Sozialräume pflegt, in denen er zuständig ist; außerhalb Ihres Geltungsbereichs: %s.",
			what, strings.Join(outside, ", "))
	}
	return nil
}

// outsideScope lists the spaces outside actor's scope where code is
// responsible (today or later, directly or through an alliance it is a
// member of while the alliance is assigned).
func outsideScope(actor *quartier.Actor, code string, alliances []quartier.Alliance, assignments []quartier.Assignment, today time.Time) []string {
	byCode := map[string]*quartier.Alliance{}
	for i := range alliances {
		byCode[alliances[i].Code] = &alliances[i]
	}
	var outside []string
	for _, as := range assignments {
		if as.ValidTo != nil && !as.ValidTo.After(today) {
			continue
		}
		from := as.ValidFrom
		if from.Before(today) {
			from = today
		}
		al := byCode[as.Assignee]
		responsible := as.Assignee == code || al != nil && al.HasMember(code, from, as.ValidTo)
		if responsible && !actor.CanInSpace(quartier.PermManageSpaces, as.Space) && !slices.Contains(outside, string(as.Space)) {
			outside = append(outside, string(as.Space))
		}
	}
	return outside
}

// EndAssignment ends the open assignment of a space on validTo (the first
// day without it); the space then has no provider until a new assignment.
func (a *Service) EndAssignment(ctx context.Context, space quartier.SpaceCode, validTo time.Time) error {
	if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "space", space); err != nil {
		return err
	}
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "space", string(space), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "assignment.end", ObjectType: "space", ObjectID: string(space)}
		history, err := tx.Assignments(ctx, space)
		if err != nil {
			return ev, err
		}
		for _, h := range history {
			if h.ValidTo != nil {
				continue
			}
			end := quartier.Day(validTo)
			h.ValidTo = &end
			if err := h.Validate(); err != nil {
				return ev, err
			}
			ev.Detail = h.Assignee + " bis " + end.Format(quartier.GermanDateLayout)
			return ev, tx.EndAssignment(ctx, h.ID, end)
		}
		return ev, atField("valid_to", quartier.Errorf(quartier.ECONFLICT, "Im Sozialraum %s ist keine Zuständigkeit offen, die enden könnte.", space))
	})
}

// CreateTeam records a team of a space (with rooms, if given).
func (a *Service) CreateTeam(ctx context.Context, st SetupTeam) error {
	if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "space", st.Space); err != nil {
		return err
	}
	tr, err := geo.Transformer(quartier.WGS84, a.SRID())
	if err != nil {
		return err
	}
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "space", string(st.Space), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "team.create", ObjectType: "space", ObjectID: string(st.Space), Detail: st.Code + ": " + st.Name}
		spaces, err := currentSpaces(ctx, tx)
		if err != nil {
			return ev, err
		}
		return ev, createTeam(ctx, tx, spaces, st, tr)
	})
}

// teamIn finds the team with code among the teams of space.
func teamIn(ctx context.Context, tx Tx, space quartier.SpaceCode, code string) (*quartier.Team, error) {
	teams, err := tx.Teams(ctx, space)
	if err != nil {
		return nil, err
	}
	for i := range teams {
		if teams[i].Code == code {
			return &teams[i], nil
		}
	}
	return nil, quartier.Errorf(quartier.ENOTFOUND, "Das Team %s gibt es im Sozialraum %s nicht.", code, space)
}

// roomIn finds the room with id among the rooms of the teams of space.
func roomIn(ctx context.Context, tx Tx, space quartier.SpaceCode, id int64) (*quartier.Team, *quartier.Room, error) {
	teams, err := tx.Teams(ctx, space)
	if err != nil {
		return nil, nil, err
	}
	for i := range teams {
		for j := range teams[i].Rooms {
			if teams[i].Rooms[j].ID == id {
				return &teams[i], &teams[i].Rooms[j], nil
			}
		}
	}
	return nil, nil, quartier.Errorf(quartier.ENOTFOUND, "Die Räumlichkeit %d gibt es im Sozialraum %s nicht.", id, space)
}

// RenameTeam gives a team of space a new name (its code, space, kind and
// provider stay: another provider's team is a new team).
func (a *Service) RenameTeam(ctx context.Context, space quartier.SpaceCode, code, name string) error {
	if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "space", space); err != nil {
		return err
	}
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "space", string(space), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "team.update", ObjectType: "space", ObjectID: string(space)}
		t, err := teamIn(ctx, tx, space, code)
		if err != nil {
			return ev, err
		}
		ev.Detail = code + ": " + changes(change{"Name", t.Name, name})
		t.Name = name
		if err := t.Validate(); err != nil {
			return ev, err
		}
		return ev, tx.UpdateTeam(ctx, t)
	})
}

// AddRoom records a room of a team of space.
func (a *Service) AddRoom(ctx context.Context, space quartier.SpaceCode, team string, sr SetupRoom) error {
	if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "space", space); err != nil {
		return err
	}
	tr, err := geo.Transformer(quartier.WGS84, a.SRID())
	if err != nil {
		return err
	}
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "space", string(space), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "room.create", ObjectType: "space", ObjectID: string(space), Detail: team + ": " + roomText(&sr.Room)}
		t, err := teamIn(ctx, tx, space, team)
		if err != nil {
			return ev, err
		}
		r, err := room(sr, tr)
		if err != nil {
			return ev, err
		}
		r.TeamID = t.ID
		return ev, tx.CreateRoom(ctx, r)
	})
}

// UpdateRoom changes a room of a team of space.
func (a *Service) UpdateRoom(ctx context.Context, space quartier.SpaceCode, id int64, sr SetupRoom) error {
	if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "space", space); err != nil {
		return err
	}
	tr, err := geo.Transformer(quartier.WGS84, a.SRID())
	if err != nil {
		return err
	}
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "space", string(space), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "room.update", ObjectType: "space", ObjectID: string(space)}
		t, old, err := roomIn(ctx, tx, space, id)
		if err != nil {
			return ev, err
		}
		r, err := room(sr, tr)
		if err != nil {
			return ev, err
		}
		r.ID, r.TeamID = old.ID, old.TeamID
		ev.Detail = t.Code + ": " + changes(change{"Räumlichkeit", roomText(old), roomText(r)}, change{"Öffnungszeiten", old.OpeningHours, r.OpeningHours},
			change{"Telefon", old.Phone, r.Phone}, change{"Lage", pointText(old), pointText(r)})
		return ev, tx.UpdateRoom(ctx, r)
	})
}

// RemoveRoom removes a room of a team of space.
func (a *Service) RemoveRoom(ctx context.Context, space quartier.SpaceCode, id int64) error {
	if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "space", space); err != nil {
		return err
	}
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "space", string(space), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "room.delete", ObjectType: "space", ObjectID: string(space)}
		t, r, err := roomIn(ctx, tx, space, id)
		if err != nil {
			return ev, err
		}
		ev.Detail = t.Code + ": " + roomText(r)
		return ev, tx.DeleteRoom(ctx, id)
	})
}

// AppointLeader puts a person in a duo role of a space from a date on; the
// predecessor's term ends that day.
func (a *Service) AppointLeader(ctx context.Context, sl SetupLeadership) error {
	if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "space", sl.Space); err != nil {
		return err
	}
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "space", string(sl.Space), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "leadership.create", ObjectType: "space", ObjectID: string(sl.Space),
			Detail: quartier.DuoRole(sl.Role).Label() + ": " + sl.Person.Name + " ab " + sl.ValidFrom}
		spaces, err := currentSpaces(ctx, tx)
		if err != nil {
			return ev, err
		}
		return ev, createLeadership(ctx, tx, spaces, sl)
	})
}

// EndLeadership ends the open term of a duo role in a space on validTo.
func (a *Service) EndLeadership(ctx context.Context, space quartier.SpaceCode, role quartier.DuoRole, validTo time.Time) error {
	if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "space", space); err != nil {
		return err
	}
	return audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "space", string(space), func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "leadership.end", ObjectType: "space", ObjectID: string(space)}
		history, err := tx.Leaderships(ctx, space)
		if err != nil {
			return ev, err
		}
		for _, h := range history {
			if h.Role != role || h.ValidTo != nil {
				continue
			}
			end := quartier.Day(validTo)
			h.ValidTo = &end
			if err := h.Validate(); err != nil {
				return ev, err
			}
			ev.Detail = role.Label() + ": " + h.Person.Name + " bis " + end.Format(quartier.GermanDateLayout)
			return ev, tx.EndLeadership(ctx, h.ID, end)
		}
		return ev, atField("role", quartier.Errorf(quartier.ECONFLICT, "Die Rolle %s ist in %s nicht besetzt.", role.Label(), space))
	})
}

// change is one field of a record before and after, for audit entries.
type change struct{ field, before, after string }

// changes words what changed ("Name: AWO → AWO Weimar"), or says nothing did.
func changes(cs ...change) string {
	var out []string
	for _, c := range cs {
		if c.before != c.after {
			out = append(out, fmt.Sprintf("%s: %s → %s", c.field, orDash(c.before), orDash(c.after)))
		}
	}
	if len(out) == 0 {
		return "keine Änderung"
	}
	return strings.Join(out, "; ")
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// memberList words the memberships of an alliance with their periods,
// the lead marked: "awo (federführend, von Anfang an), htg (seit 01.03.2025)".
func memberList(members []quartier.AllianceMember) string {
	out := make([]string, len(members))
	for i, m := range members {
		what := m.Period()
		if m.Lead {
			what = "federführend, " + what
		}
		out[i] = m.Provider + " (" + what + ")"
	}
	return strings.Join(out, ", ")
}

func roomText(r *quartier.Room) string {
	return strings.TrimSpace(fmt.Sprintf("%s, %s %s, %s %s", r.Name, r.Street, r.HouseNo, r.Postcode, r.City))
}

func pointText(r *quartier.Room) string {
	if r.Location == nil {
		return ""
	}
	return fmt.Sprintf("%.1f, %.1f", r.Location[0], r.Location[1])
}
