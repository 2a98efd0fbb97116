package quartier

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Case-independent work (fallunabhängige Arbeit) is the milieu and
// structural work of a space: projects open to everyone before any case
// exists (the open basketball training with a youth club and a sports
// club, a cooperation with a school, a volunteer group). A project has
// partners from the atlas, goals, a period, its costs booked to the
// milieu or structural line of the space's budget, and participation
// counted per period in aggregate: how many took part, never who.

// PartnerKind is what an atlas key of a project's partner names.
type PartnerKind string

const (
	PartnerOffer    PartnerKind = "offer"    // an offer of the atlas, by its key
	PartnerPlace    PartnerKind = "place"    // a place of the atlas, by its key
	PartnerProvider PartnerKind = "provider" // a provider or alliance, by its code
)

// Label is the kind's German name.
func (k PartnerKind) Label() string {
	switch k {
	case PartnerOffer:
		return "Angebot"
	case PartnerPlace:
		return "Ort"
	case PartnerProvider:
		return "Träger"
	}
	return string(k)
}

// ProjectPartner is one partner of a project: an existing atlas entry and
// the part it plays ("Halle und Trainer").
type ProjectPartner struct {
	Kind PartnerKind `json:"kind"`
	Key  string      `json:"key"`
	Role string      `json:"role,omitempty"`
}

// ParseProjectPartner reads "offer:basketball-nord", optionally with
// "=role" after it.
func ParseProjectPartner(s string) (ProjectPartner, error) {
	ref, role, _ := strings.Cut(s, "=")
	kind, key, ok := strings.Cut(strings.TrimSpace(ref), ":")
	p := ProjectPartner{Kind: PartnerKind(kind), Key: strings.TrimSpace(key), Role: strings.TrimSpace(role)}
	if !ok || p.Key == "" || !slices.Contains([]PartnerKind{PartnerOffer, PartnerPlace, PartnerProvider}, p.Kind) {
		return p, Errorf(EINVALID, "Partner %q: erwartet offer:SCHLÜSSEL, place:SCHLÜSSEL oder provider:CODE, optional =Rolle.", s)
	}
	return p, nil
}

// Project is a piece of milieu or structural work in a space.
type Project struct {
	ID    int64     `json:"-"`
	Code  string    `json:"code"`
	Name  string    `json:"name"`
	Space SpaceCode `json:"space"`
	// Kind is the line type the project's costs are booked to: milieu or
	// structural work, never case work.
	Kind     string           `json:"kind"`
	Goals    string           `json:"goals,omitempty"`
	Partners []ProjectPartner `json:"partners,omitempty"`
	From     time.Time        `json:"from"`
	To       *time.Time       `json:"to,omitempty"` // exclusive; nil while it runs
	Created  time.Time        `json:"created_at"`
}

// Validate checks a project's own fields; that its partners exist is the
// use case's check against the store.
func (p *Project) Validate() error {
	if !validCode(p.Code) {
		return Errorf(EINVALID, "Projekt-Code %q ist ungültig (a–z, 0–9, - und _).", p.Code)
	}
	if strings.TrimSpace(p.Name) == "" {
		return Errorf(EINVALID, "Projekt %s braucht einen Namen.", p.Code)
	}
	if p.Space == "" {
		return Errorf(EINVALID, "Projekt %s braucht einen Sozialraum.", p.Code)
	}
	if p.Kind != LineMilieu && p.Kind != LineStructural {
		return Errorf(EINVALID, "Projekt %s: Art %q ist weder milieu (Milieuarbeit) noch structural (Strukturarbeit); Fallarbeit ist kein Projekt.", p.Code, p.Kind)
	}
	if p.From.IsZero() {
		return Errorf(EINVALID, "Projekt %s braucht einen Beginn.", p.Code)
	}
	if p.To != nil && !p.To.After(p.From) {
		return Errorf(EINVALID, "Projekt %s: das Ende (%s) liegt nicht nach dem Beginn (%s).", p.Code, germanDate(*p.To), germanDate(p.From))
	}
	seen := map[ProjectPartner]bool{}
	for i, pa := range p.Partners {
		key := ProjectPartner{Kind: pa.Kind, Key: pa.Key}
		if seen[key] {
			return Errorf(EINVALID, "Projekt %s: Partner %d (%s %s) ist doppelt.", p.Code, i+1, pa.Kind.Label(), pa.Key)
		}
		seen[key] = true
	}
	return nil
}

// Runs reports whether the project runs on day t.
func (p *Project) Runs(t time.Time) bool { return inPeriod(Day(t), p.From, p.To) }

// ProjectCount is a project's participation in a period, in aggregate:
// how many people took part and how often the project met. It holds no
// names, ages or addresses, so it may be shown to everyone who reads the
// space's figures.
type ProjectCount struct {
	Project      int64     `json:"-"`
	From         time.Time `json:"from"`
	To           time.Time `json:"to"` // exclusive
	Participants int       `json:"participants"`
	Meetings     int       `json:"meetings,omitempty"`
	Note         string    `json:"note,omitempty"`
}

// Validate checks a count.
func (c *ProjectCount) Validate() error {
	if c.From.IsZero() || !c.To.After(c.From) {
		return Errorf(EINVALID, "Der Zeitraum der Teilnahmezahlen braucht ein Ende nach dem Beginn.")
	}
	if c.Participants < 0 || c.Meetings < 0 || c.Participants > 1_000_000 || c.Meetings > 100_000 {
		return Errorf(EINVALID, "Teilnahmezahlen (%d Teilnehmende, %d Termine) liegen nicht zwischen 0 und einer Million.", c.Participants, c.Meetings)
	}
	return nil
}

// WorkKind is a kind of work that hours are recorded for: the line types
// as shipped (case, milieu, structural).
var WorkKinds = []string{LineCase, LineMilieu, LineStructural}

// WorkKindLabel is the German name of a kind of work.
func WorkKindLabel(k string) string {
	switch k {
	case LineCase:
		return "Fallarbeit"
	case LineMilieu:
		return "Milieuarbeit"
	case LineStructural:
		return "Strukturarbeit"
	}
	return k
}

// StaffHours are the hours one person worked in a team in one week on one
// kind of work (and optionally one project). They are personal data of
// the staff: the person and their team lead see the rows, everyone else
// sees sums per team and space.
type StaffHours struct {
	UserID     int64     `json:"-"`
	Login      string    `json:"login,omitempty"` // filled when read
	Team       string    `json:"team"`
	Week       time.Time `json:"week"` // the Monday
	Kind       string    `json:"kind"`
	Project    int64     `json:"-"`
	Hundredths int64     `json:"hundredths"` // 3850 = 38,5 hours
	RecordedBy string    `json:"recorded_by"`
	At         time.Time `json:"at"`
}

// WeekOf is the Monday of t's week.
func WeekOf(t time.Time) time.Time {
	d := Day(t)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// Validate checks a record of hours.
func (h *StaffHours) Validate() error {
	if h.UserID == 0 || h.Team == "" {
		return Errorf(EINVALID, "Stunden brauchen eine Person und ein Team.")
	}
	if !slices.Contains(WorkKinds, h.Kind) {
		return Errorf(EINVALID, "Unbekannte Arbeitsart %q (case, milieu, structural).", h.Kind)
	}
	if h.Week.IsZero() || !h.Week.Equal(WeekOf(h.Week)) {
		return Errorf(EINVALID, "Die Woche wird mit ihrem Montag angegeben.")
	}
	// 7 × 24 hours bounds what one person can work in one week.
	if h.Hundredths <= 0 || h.Hundredths > 168_00 {
		return Errorf(EINVALID, "%s Stunden in einer Woche liegen nicht über 0 und bis 168.", Hundredths(h.Hundredths))
	}
	if h.Project != 0 && h.Kind == LineCase {
		return Errorf(EINVALID, "Fallarbeit gehört zu keinem Projekt; Projekte sind Milieu- oder Strukturarbeit.")
	}
	return nil
}

// TeamTarget is the share of a team's hours reserved for case-independent
// work (milieu and structural), as its job descriptions set it.
type TeamTarget struct {
	Team    string    `json:"team"`
	Percent int       `json:"percent"`
	Basis   string    `json:"basis,omitempty"` // e.g. "Stellenbeschreibungen 2025"
	SetAt   time.Time `json:"set_at"`
}

// HoursCell is what one person recorded in one team, week and kind,
// summed over projects: the unit the hours reports are built from. It
// names the person by ID only, for counting people; no report shows it.
type HoursCell struct {
	Team       string
	Week       time.Time
	Kind       string
	UserID     int64
	Hundredths int64
}

// ProjectTx stores projects, their counts, the link of a booking to a
// project, staff hours and team targets.
type ProjectTx interface {
	// CreateProject stores p and sets its ID; ECONFLICT for a code in use.
	CreateProject(ctx context.Context, p *Project) error
	// UpdateProject replaces name, goals, partners and period of p.ID.
	UpdateProject(ctx context.Context, p *Project) error
	// Project by code; ENOTFOUND when there is none.
	Project(ctx context.Context, code string) (*Project, error)
	ProjectByID(ctx context.Context, id int64) (*Project, error)
	// Projects of a space ("" = all), by space and code.
	Projects(ctx context.Context, space SpaceCode) ([]Project, error)
	// PartnerExists reports whether the atlas holds an offer or place with
	// the key, or a provider or alliance with the code.
	PartnerExists(ctx context.Context, p ProjectPartner) (bool, error)
	// SaveProjectCount replaces the count of the project and period start.
	SaveProjectCount(ctx context.Context, c *ProjectCount) error
	ProjectCounts(ctx context.Context, project int64) ([]ProjectCount, error)
	// LinkEntryProject records that a booking belongs to a project.
	LinkEntryProject(ctx context.Context, entry, project int64) error
	// EntryProject is the project an entry is linked to, 0 for none.
	EntryProject(ctx context.Context, entry int64) (int64, error)
	// ProjectBookings sums the entries linked to a project by kind
	// (reversals of linked entries included: they carry the link too).
	ProjectBookings(ctx context.Context, project int64) (booked Cents, entries int, err error)

	// SaveStaffHours replaces the hours of the person, team, week, kind
	// and project.
	SaveStaffHours(ctx context.Context, h *StaffHours) error
	// StaffHoursOf are the rows of a team ("" = all teams) and, when
	// user is not 0, one person, with weeks in [from, to).
	StaffHoursOf(ctx context.Context, team string, user int64, from, to time.Time) ([]StaffHours, error)
	// DeleteStaffHoursBefore deletes the hours of weeks before before and
	// returns how many rows it deleted.
	DeleteStaffHoursBefore(ctx context.Context, before time.Time) (int64, error)
	// HoursCells gives the hours per team, week, kind and person over
	// weeks in [from, to) of the teams of space ("" = all), ordered by
	// team, week, kind and person.
	HoursCells(ctx context.Context, space SpaceCode, from, to time.Time) ([]HoursCell, error)
	SaveTeamTarget(ctx context.Context, t *TeamTarget) error
	TeamTargets(ctx context.Context) ([]TeamTarget, error)
}

func (p ProjectPartner) String() string {
	s := fmt.Sprintf("%s:%s", p.Kind, p.Key)
	if p.Role != "" {
		s += "=" + p.Role
	}
	return s
}
