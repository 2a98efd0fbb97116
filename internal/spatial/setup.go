package spatial

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/paulmach/orb"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/geo"
)

// Setup is the organisation of the social spaces as one JSON file: who the
// providers are, which alliances they form, who is responsible where since
// when, the teams with their rooms and the leadership duo. Offices keep this
// file under version control and load it with `quartier import setup`.
type Setup struct {
	Providers   []quartier.Provider `json:"providers"`
	Alliances   []SetupAlliance     `json:"alliances"`
	Assignments []SetupAssignment   `json:"assignments"`
	Teams       []SetupTeam         `json:"teams"`
	Duo         []SetupLeadership   `json:"duo"`
}

// SetupAlliance is an alliance with its members: either Members and Lead
// (members from the alliance's beginning, open-ended) or Memberships,
// each with its period and whether it leads in it.
type SetupAlliance struct {
	Code        string            `json:"code"`
	Name        string            `json:"name"`
	Lead        string            `json:"lead,omitempty"`    // provider code of the lead member
	Members     []string          `json:"members,omitempty"` // provider codes, lead included
	Memberships []SetupMembership `json:"memberships,omitempty"`
}

// SetupMembership is one period of a provider's membership; an empty
// ValidFrom is "since the alliance began", an empty ValidTo open.
type SetupMembership struct {
	Provider  string `json:"provider"`
	Lead      bool   `json:"lead,omitempty"`
	ValidFrom string `json:"valid_from,omitempty"`
	ValidTo   string `json:"valid_to,omitempty"`
}

// memberships is the alliance's members as periods, whichever way given.
func (sa SetupAlliance) memberships() ([]SetupMembership, error) {
	if len(sa.Memberships) == 0 {
		out := make([]SetupMembership, len(sa.Members))
		for i, m := range sa.Members {
			out[i] = SetupMembership{Provider: m, Lead: m == sa.Lead}
		}
		return out, nil
	}
	if len(sa.Members) > 0 || sa.Lead != "" {
		return nil, atField("members", quartier.Errorf(quartier.EINVALID,
			"Verbund %s: Mitglieder entweder als members und lead oder als memberships (mit Zeiträumen) angeben, nicht beides.", sa.Code))
	}
	return sa.Memberships, nil
}

type SetupAssignment struct {
	Space     quartier.SpaceCode `json:"space"`
	Assignee  string             `json:"assignee"`
	ValidFrom string             `json:"valid_from"`
	ValidTo   string             `json:"valid_to,omitempty"`
	Note      string             `json:"note,omitempty"`
}

type SetupTeam struct {
	Code     string             `json:"code"`
	Space    quartier.SpaceCode `json:"space"`
	Kind     string             `json:"kind"`
	Name     string             `json:"name"`
	Provider string             `json:"provider,omitempty"`
	Rooms    []SetupRoom        `json:"rooms,omitempty"`
}

type SetupRoom struct {
	quartier.Room
	// Lon/Lat (WGS84) or X/Y (installation CRS) place the room on the map.
	Lon *float64 `json:"lon,omitempty"`
	Lat *float64 `json:"lat,omitempty"`
	X   *float64 `json:"x,omitempty"`
	Y   *float64 `json:"y,omitempty"`
}

type SetupLeadership struct {
	Space     quartier.SpaceCode `json:"space"`
	Role      string             `json:"role"`
	Person    quartier.Person    `json:"person"`
	ValidFrom string             `json:"valid_from"`
	ValidTo   string             `json:"valid_to,omitempty"`
}

// MaxSetupBytes bounds a setup file; a large city's file is a few hundred KB.
const MaxSetupBytes = 8 << 20

// ReadSetup decodes a setup file strictly: unknown fields are errors, because
// a misspelt key would otherwise silently drop data.
func ReadSetup(r io.Reader) (*Setup, error) {
	dec := json.NewDecoder(io.LimitReader(r, MaxSetupBytes+1))
	dec.DisallowUnknownFields()
	var s Setup
	if err := dec.Decode(&s); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, quartier.WrapError(quartier.EINVALID, err, "Setup-Datei: Syntaxfehler bei Byte %d.", se.Offset)
		case errors.As(err, &te):
			return nil, quartier.WrapError(quartier.EINVALID, err, "Setup-Datei: Feld %q hat den falschen Typ (Byte %d).", te.Field, te.Offset)
		}
		return nil, quartier.WrapError(quartier.EINVALID, err, "Setup-Datei unlesbar: %v", err)
	}
	return &s, nil
}

// ImportSetup writes a setup in one transaction; any fault rolls all of it
// back and names the entry.
func (a *Service) ImportSetup(ctx context.Context, s *Setup) error {
	if err := a.audit.Require(ctx, quartier.PermManageSpaces, "setup", ""); err != nil {
		return err
	}
	// A setup file touches many spaces; every one must be in scope.
	for _, space := range s.spaces() {
		if err := a.audit.RequireSpace(ctx, quartier.PermManageSpaces, "setup", space); err != nil {
			return err
		}
	}
	tr, err := geo.Transformer(quartier.WGS84, a.SRID())
	if err != nil {
		return err
	}
	err = audit.Change(ctx, a.audit, a.store, quartier.PermManageSpaces, "setup", "", func(tx Tx) (audit.Event, error) {
		for i := range s.Providers {
			p := s.Providers[i]
			if err := createProvider(ctx, tx, &p); err != nil {
				return audit.Event{}, located("providers", i, err)
			}
		}
		for i, sa := range s.Alliances {
			if err := createAlliance(ctx, tx, sa); err != nil {
				return audit.Event{}, located("alliances", i, err)
			}
		}
		spaces, err := currentSpaces(ctx, tx)
		if err != nil {
			return audit.Event{}, err
		}
		for i, sa := range s.Assignments {
			r, err := sa.request()
			if err == nil {
				err = assign(ctx, tx, spaces, r)
			}
			if err != nil {
				return audit.Event{}, located("assignments", i, err)
			}
		}
		for i, st := range s.Teams {
			if err := createTeam(ctx, tx, spaces, st, tr); err != nil {
				return audit.Event{}, located("teams", i, err)
			}
		}
		for i, sl := range s.Duo {
			if err := createLeadership(ctx, tx, spaces, sl); err != nil {
				return audit.Event{}, located("duo", i, err)
			}
		}
		return audit.Event{Action: "setup.import", ObjectType: "setup", Detail: fmt.Sprintf("%d Träger, %d Verbünde, %d Zuständigkeiten, %d Teams, %d Leitungsrollen",
			len(s.Providers), len(s.Alliances), len(s.Assignments), len(s.Teams), len(s.Duo))}, nil
	})
	if err == nil && len(s.Providers) > 0 {
		a.providersChanged()
	}
	return err
}

// spaces lists every space the setup touches.
func (s *Setup) spaces() []quartier.SpaceCode {
	var out []quartier.SpaceCode
	for _, x := range s.Assignments {
		out = append(out, x.Space)
	}
	for _, x := range s.Teams {
		out = append(out, x.Space)
	}
	for _, x := range s.Duo {
		out = append(out, x.Space)
	}
	return out
}

func located(list string, i int, err error) error {
	return quartier.WrapError(quartier.ErrorCode(err), err, "%s[%d]: %s", list, i, quartier.ErrorMessage(err))
}

func (sa SetupAssignment) request() (AssignRequest, error) {
	from, err := quartier.ParseDate(sa.ValidFrom)
	if err != nil {
		return AssignRequest{}, atField("valid_from", err)
	}
	to, err := optionalDate(sa.ValidTo)
	if err != nil {
		return AssignRequest{}, atField("valid_to", err)
	}
	return AssignRequest{Space: sa.Space, Assignee: sa.Assignee, ValidFrom: from, ValidTo: to, Note: sa.Note}, nil
}

func optionalDate(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := quartier.ParseDate(s)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// atField names the input a finding belongs to, for an error that does
// not name one itself (a conflict found in the store, an unknown code).
func atField(field string, err error) error {
	var e *quartier.Error
	if !errors.As(err, &e) || len(e.Problems) > 0 || e.Code == quartier.EINTERNAL {
		return err
	}
	return &quartier.Error{Code: e.Code, Message: e.Message, Problems: []quartier.Problem{
		{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: -1, Code: field, Message: e.Message}}}
}

func createProvider(ctx context.Context, tx Tx, p *quartier.Provider) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return atField("code", tx.CreateProvider(ctx, p))
}

// alliance resolves the members of sa and validates the alliance.
func alliance(ctx context.Context, tx Tx, sa SetupAlliance) (*quartier.Alliance, error) {
	al := &quartier.Alliance{Code: sa.Code, Name: sa.Name}
	ms, err := sa.memberships()
	if err != nil {
		return nil, err
	}
	for i, sm := range ms {
		field := fmt.Sprintf("members.%d", i)
		p, err := tx.ProviderByCode(ctx, sm.Provider)
		if err != nil {
			return nil, atField(field, quartier.Errorf(quartier.ENOTFOUND, "Mitglied %q des Verbunds %s ist kein bekannter Träger.", sm.Provider, sa.Code))
		}
		m := quartier.AllianceMember{ProviderID: p.ID, Provider: p.Code, Lead: sm.Lead}
		if sm.ValidFrom != "" {
			if m.ValidFrom, err = quartier.ParseDate(sm.ValidFrom); err != nil {
				return nil, atField(field, quartier.Errorf(quartier.EINVALID, "Mitglied %s des Verbunds %s: Beginn %s", sm.Provider, sa.Code, quartier.ErrorMessage(err)))
			}
		}
		if m.ValidTo, err = optionalDate(sm.ValidTo); err != nil {
			return nil, atField(field, quartier.Errorf(quartier.EINVALID, "Mitglied %s des Verbunds %s: Ende %s", sm.Provider, sa.Code, quartier.ErrorMessage(err)))
		}
		al.Members = append(al.Members, m)
	}
	return al, al.Validate()
}

func createAlliance(ctx context.Context, tx Tx, sa SetupAlliance) error {
	al, err := alliance(ctx, tx, sa)
	if err != nil {
		return err
	}
	return atField("code", tx.CreateAlliance(ctx, al))
}

// knownSpace refuses a space the current space layer does not draw.
func knownSpace(spaces map[quartier.SpaceCode]quartier.Space, space quartier.SpaceCode) error {
	if _, ok := spaces[space]; !ok {
		return atField("space", quartier.Errorf(quartier.ENOTFOUND, "Sozialraum %s gibt es im aktuellen Gebietsstand nicht.", space))
	}
	return nil
}

func createTeam(ctx context.Context, tx Tx, spaces map[quartier.SpaceCode]quartier.Space, st SetupTeam, tr func(orb.Point) orb.Point) error {
	if err := knownSpace(spaces, st.Space); err != nil {
		return err
	}
	t := quartier.Team{Code: st.Code, Space: st.Space, Kind: quartier.TeamKind(st.Kind), Name: st.Name, Provider: st.Provider}
	if st.Provider != "" {
		p, err := tx.ProviderByCode(ctx, st.Provider)
		if err != nil {
			return atField("provider", quartier.Errorf(quartier.ENOTFOUND, "Träger %q des Teams %s ist unbekannt.", st.Provider, st.Code))
		}
		t.ProviderID = p.ID
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if err := tx.CreateTeam(ctx, &t); err != nil {
		return atField("code", err)
	}
	for j, sr := range st.Rooms {
		r, err := room(sr, tr)
		if err != nil {
			return fmt.Errorf("rooms[%d]: %w", j, err)
		}
		r.TeamID = t.ID
		if err := tx.CreateRoom(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// room places a room given with a point in the installation's CRS (X, Y)
// or in WGS84 (Lon, Lat) and validates it.
func room(sr SetupRoom, tr func(orb.Point) orb.Point) (*quartier.Room, error) {
	r := sr.Room
	switch {
	case sr.X != nil && sr.Y != nil:
		r.Location = &orb.Point{*sr.X, *sr.Y}
	case sr.Lon != nil && sr.Lat != nil:
		p := tr(orb.Point{*sr.Lon, *sr.Lat})
		r.Location = &p
	}
	return &r, r.Validate()
}

func createLeadership(ctx context.Context, tx Tx, spaces map[quartier.SpaceCode]quartier.Space, sl SetupLeadership) error {
	if err := knownSpace(spaces, sl.Space); err != nil {
		return err
	}
	from, err := quartier.ParseDate(sl.ValidFrom)
	if err != nil {
		return atField("valid_from", err)
	}
	to, err := optionalDate(sl.ValidTo)
	if err != nil {
		return atField("valid_to", err)
	}
	p := sl.Person
	if p.Name == "" {
		return atField("person", quartier.Errorf(quartier.EINVALID, "Die Leitungsrolle in %s braucht eine Person mit Namen.", sl.Space))
	}
	if err := tx.CreatePerson(ctx, &p); err != nil {
		return err
	}
	l := quartier.Leadership{Space: sl.Space, Role: quartier.DuoRole(sl.Role), PersonID: p.ID, Person: p, ValidFrom: quartier.Day(from), ValidTo: to}
	if err := l.Validate(); err != nil {
		return err
	}
	// A role has one holder at a time: the predecessor's term ends when the
	// successor's begins, and an earlier start than the predecessor's is a
	// conflict rather than a silent rewrite of history.
	history, err := tx.Leaderships(ctx, sl.Space)
	if err != nil {
		return err
	}
	for _, h := range history {
		if h.Role != l.Role {
			continue
		}
		if !h.ValidFrom.Before(l.ValidFrom) || (h.ValidTo != nil && h.ValidTo.After(l.ValidFrom)) {
			return atField("valid_from", quartier.Errorf(quartier.ECONFLICT, "Die Rolle %s in %s ist ab %s schon besetzt (%s).", l.Role.Label(), sl.Space, h.ValidFrom.Format(quartier.GermanDateLayout), h.Person.Name))
		}
		if h.ValidTo == nil {
			if err := tx.EndLeadership(ctx, h.ID, l.ValidFrom); err != nil {
				return err
			}
		}
	}
	return tx.CreateLeadership(ctx, &l)
}
