package budget

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// MinPeople is the fewest people a team's hours are shown for in the
// report: below it, the sums of a team would be one person's hours, so
// the team's figures are withheld (they still count in the space's, which
// is withheld too when its withheld teams have fewer than MinPeople).
const MinPeople = 3

// HoursRequest records the hours of one person in one team and week on
// one kind of work. Login "" is the acting person; another login is for
// the team lead recording for the team's staff.
type HoursRequest struct {
	Login   string
	Team    string
	Week    time.Time // any day of the week
	Kind    string
	Project string // code, optional: milieu or structural work in a project
	Hours   int64  // hundredths
}

// RecordHours replaces the hours of a person, team, week, kind and
// project. Everyone with hours.record records their own hours in the
// teams of their spaces; a team lead (ASD team lead, provider lead) also
// those of others in the team. The hours are personal data: the audit
// entry names whose they are.
func (s *Service) RecordHours(ctx context.Context, req HoursRequest) error {
	week := quartier.WeekOf(req.Week)
	id := req.Team + " " + week.Format(quartier.DateLayout)
	return audit.Change(ctx, s.audit, s.store, quartier.PermRecordHours, "staff_hours", id, func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.hours", ObjectType: "staff_hours", ObjectID: id}
		a := quartier.ActorFrom(ctx)
		team, err := teamOf(ctx, tx, req.Team)
		if err != nil {
			return ev, err
		}
		if !member(a, team) {
			return ev, audit.Denial(quartier.Errorf(quartier.ENOTFOUND, "Team %s wurde nicht gefunden.", req.Team))
		}
		h := quartier.StaffHours{UserID: a.UserID, Login: a.Label(), Team: team.Code, Week: week, Kind: req.Kind, Hundredths: req.Hours,
			RecordedBy: a.Label(), At: s.now().UTC().Truncate(time.Microsecond)}
		if req.Login != "" && req.Login != a.Login {
			if !leads(a, team) {
				return ev, audit.Denial(quartier.Errorf(quartier.EFORBIDDEN, "Die Stunden anderer erfasst nur die Leitung des Teams %s.", team.Code))
			}
			u, err := tx.UserByLogin(ctx, req.Login)
			if err != nil {
				return ev, quartier.Errorf(quartier.ENOTFOUND, "Konto %q gibt es nicht.", req.Login)
			}
			h.UserID, h.Login = u.ID, u.Login
		}
		if h.UserID == 0 {
			return ev, quartier.Errorf(quartier.EINVALID, "Stunden gehören einer Person: ohne eigenes Konto (Kommandozeile) mit dem Login der Person angeben.")
		}
		if req.Project != "" {
			p, err := tx.Project(ctx, req.Project)
			if err != nil {
				return ev, err
			}
			if p.Space != team.Space || p.Kind != req.Kind {
				return ev, quartier.Errorf(quartier.EINVALID, "Projekt %s ist %s im Sozialraum %s; die Stunden sind %s im Team %s (Sozialraum %s).",
					p.Code, quartier.WorkKindLabel(p.Kind), p.Space, quartier.WorkKindLabel(req.Kind), team.Code, team.Space)
			}
			h.Project = p.ID
		}
		if err := h.Validate(); err != nil {
			return ev, err
		}
		if open := HoursOpen(s.now()); week.Before(open) {
			return ev, quartier.Errorf(quartier.EINVALID, "Die Stunden des Monats %s sind abgeschlossen: ein Monat wird bis zum %d. des Folgemonats erfasst, danach zeigen ihn die Berichte unverändert (eine späte Änderung gäbe sonst die Stunden einer Person preis).",
				week.Format("01/2006"), HoursClosingDay)
		}
		// The entry names the record — whose, which team, week and kind —
		// but not the hours: the log is kept for years, and the hours are
		// the staff's personal data the row itself holds.
		ev.Detail = fmt.Sprintf("Stunden von %s: %s, Team %s, Woche ab %s", h.Login, quartier.WorkKindLabel(h.Kind), team.Code, week.Format(quartier.GermanDateLayout))
		if req.Project != "" {
			ev.Detail += ", Projekt " + req.Project
		}
		return ev, tx.SaveStaffHours(ctx, &h)
	})
}

// worksIn reports whether grant g records hours in team: it gives
// hours.record in the team's space, names the team if it is scoped to one,
// and is on the team's side — a provider's grant for the provider's teams,
// the office's for the office's.
func worksIn(g *quartier.Grant, team *quartier.Team) bool {
	switch {
	case g.Role == quartier.RoleSystem:
		return true
	case !g.Has(quartier.PermRecordHours):
		return false
	case g.Scope.Kind == quartier.ScopeTeam && g.Scope.Ref != team.Code:
		return false
	case g.Spaces != nil && !slices.Contains(g.Spaces, team.Space):
		return false
	case g.Role == quartier.RoleProviderStaff || g.Role == quartier.RoleProviderLead:
		return team.Provider != "" && team.Provider == g.Provider
	}
	return team.Provider == ""
}

// member reports whether a records their own hours in team.
func member(a *quartier.Actor, team *quartier.Team) bool {
	return a != nil && slices.ContainsFunc(a.Grants, func(g quartier.Grant) bool { return worksIn(&g, team) })
}

// leads reports whether a records and reads the hours of team's staff:
// the team lead of the office (ASD) or of the provider.
func leads(a *quartier.Actor, team *quartier.Team) bool {
	return a != nil && slices.ContainsFunc(a.Grants, func(g quartier.Grant) bool {
		lead := g.Role == quartier.RoleSystem || g.Role == quartier.RoleASDLead || g.Role == quartier.RoleProviderLead
		return lead && worksIn(&g, team)
	})
}

// HoursTeam is a team the acting person records hours in; Lead: they also
// record and read those of the team's staff.
type HoursTeam struct {
	quartier.Team
	Lead bool
}

// HoursTeams are the teams the acting person records hours in, in code
// order (the form's choice; teams are no personal data).
func (s *Service) HoursTeams(ctx context.Context) ([]HoursTeam, error) {
	if err := s.audit.Require(ctx, quartier.PermRecordHours, "team", ""); err != nil {
		return nil, err
	}
	a := quartier.ActorFrom(ctx)
	var out []HoursTeam
	err := s.store.View(ctx, func(tx Tx) error {
		teams, err := tx.Teams(ctx, "")
		for i := range teams {
			if member(a, &teams[i]) {
				out = append(out, HoursTeam{Team: teams[i], Lead: leads(a, &teams[i])})
			}
		}
		return err
	})
	slices.SortFunc(out, func(x, y HoursTeam) int { return strings.Compare(x.Code, y.Code) })
	return out, err
}

func teamOf(ctx context.Context, tx Tx, code string) (*quartier.Team, error) {
	teams, err := tx.Teams(ctx, "")
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(teams, func(t quartier.Team) bool { return t.Code == code })
	if i < 0 {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Team %s wurde nicht gefunden.", code)
	}
	return &teams[i], nil
}

// Hours are the rows of hours of a team in weeks starting in [from, to):
// the acting person's own, or — for the team's lead — everyone's
// (login "" = all of the team). Every reading is audited with whose rows
// were read.
func (s *Service) Hours(ctx context.Context, teamCode, login string, from, to time.Time) ([]quartier.StaffHours, error) {
	a := quartier.ActorFrom(ctx)
	if err := s.audit.Require(ctx, quartier.PermRecordHours, "staff_hours", teamCode); err != nil {
		return nil, err
	}
	var out []quartier.StaffHours
	err := s.store.View(ctx, func(tx Tx) error {
		team, err := teamOf(ctx, tx, teamCode)
		if err != nil {
			return err
		}
		user := a.UserID
		switch {
		case !member(a, team):
			return quartier.Errorf(quartier.ENOTFOUND, "Team %s wurde nicht gefunden.", teamCode)
		case login == a.Login && a.Login != "":
		case !leads(a, team):
			if login != "" {
				return quartier.Errorf(quartier.EFORBIDDEN, "Die Stunden anderer sieht nur die Leitung des Teams %s.", team.Code)
			}
		case login == "":
			user = 0
		default:
			u, err := tx.UserByLogin(ctx, login)
			if err != nil {
				return quartier.Errorf(quartier.ENOTFOUND, "Konto %q gibt es nicht.", login)
			}
			user = u.ID
		}
		out, err = tx.StaffHoursOf(ctx, team.Code, user, quartier.WeekOf(from), to)
		return err
	})
	if err != nil {
		return nil, s.audit.IfDenied(ctx, quartier.PermRecordHours, "staff_hours", teamCode, err)
	}
	var whose []string
	for _, h := range out {
		if !slices.Contains(whose, h.Login) {
			whose = append(whose, h.Login)
		}
	}
	return out, s.audit.Read(ctx, audit.Event{Action: "budget.hours.read", ObjectType: "staff_hours", ObjectID: teamCode,
		Detail: fmt.Sprintf("%d Zeilen von %s, Wochen %s–%s", len(out), strings.Join(whose, ", "), from.Format(quartier.GermanDateLayout), to.Format(quartier.GermanDateLayout))})
}

// SetTeamTarget sets the share of a team's hours reserved for
// case-independent work, as its job descriptions say.
func (s *Service) SetTeamTarget(ctx context.Context, teamCode string, percent int, basis string) error {
	return audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "team", teamCode, func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.hours.target", ObjectType: "team", ObjectID: teamCode}
		team, err := teamOf(ctx, tx, teamCode)
		if err != nil {
			return ev, err
		}
		if !quartier.ActorFrom(ctx).CanInSpace(quartier.PermManageBudgets, team.Space) {
			return ev, audit.Denial(quartier.Errorf(quartier.ENOTFOUND, "Team %s wurde nicht gefunden.", teamCode))
		}
		if percent < 0 || percent > 100 {
			return ev, quartier.Errorf(quartier.EINVALID, "Der Sollanteil %d %% liegt nicht zwischen 0 und 100 %%.", percent)
		}
		ev.Detail = fmt.Sprintf("%d %% fallunabhängige Arbeit; Grundlage: %s", percent, strings.TrimSpace(basis))
		return ev, tx.SaveTeamTarget(ctx, &quartier.TeamTarget{Team: team.Code, Percent: percent, Basis: strings.TrimSpace(basis), SetAt: s.now().UTC()})
	})
}

// HoursFigures are hours of a team or space by kind, and the share of
// case-independent work (milieu and structural) against the target.
type HoursFigures struct {
	Team   string           `json:"team,omitempty"`
	Space  string           `json:"space"`
	People int              `json:"people"`
	ByKind map[string]int64 `json:"by_kind,omitempty"` // hundredths
	Total  int64            `json:"total"`
	// ActualPercent is the case-independent share in tenths of a percent.
	ActualPermille int64 `json:"actual_permille"`
	// TargetPercent is the team's target, or for a space the targets of
	// its teams weighted by their hours; -1 when none is set.
	TargetPercent int `json:"target_percent"`
	// Withheld: fewer than MinPeople recorded, the figures are not shown.
	Withheld bool `json:"withheld,omitempty"`
}

// HoursReport sums the hours recorded in the whole months of [from, to)
// (see HoursPeriod) per team and per space for those who read the
// spaces' figures. It shows no person: only sums of whole cells of at
// least MinPeople people (see hoursgroups.go); a team or space that would
// need less is withheld.
func (s *Service) HoursReport(ctx context.Context, space quartier.SpaceCode, from, to time.Time) (teams, spaces []HoursFigures, err error) {
	a := quartier.ActorFrom(ctx)
	if space != "" {
		err = s.audit.RequireSpace(ctx, quartier.PermReadBudgets, "staff_hours", space)
	} else {
		err = s.audit.Require(ctx, quartier.PermReadBudgets, "staff_hours", "")
	}
	if err != nil {
		return nil, nil, err
	}
	from, to = HoursPeriod(from, to)
	open := HoursOpen(s.now())
	if to.After(open) {
		to = open // months still being recorded are not shown: they would change
	}
	err = s.store.View(ctx, func(tx Tx) error {
		teams, spaces = nil, nil
		all, err := tx.Teams(ctx, space)
		if err != nil {
			return err
		}
		targets, err := tx.TeamTargets(ctx)
		if err != nil {
			return err
		}
		y0, y1 := HoursYears(from, to)
		cells, err := tx.HoursCells(ctx, space, y0, y1)
		if err != nil {
			return err
		}
		h := newHoursCells(cells)
		bySpace := map[string][]string{}
		var order []string
		for _, t := range all {
			if !a.CanInSpace(quartier.PermReadBudgets, t.Space) {
				continue
			}
			sp := string(t.Space)
			if bySpace[sp] == nil {
				order = append(order, sp)
			}
			bySpace[sp] = append(bySpace[sp], t.Code)
		}
		withheldIn := map[string]bool{}
		weighted := map[string]int64{} // by space: Σ target × hours of teams with a target
		targeted := map[string]int64{} // by space: hours of teams with a target
		for _, t := range all {
			if !a.CanInSpace(quartier.PermReadBudgets, t.Space) {
				continue
			}
			f := HoursFigures{Team: t.Code, Space: string(t.Space), TargetPercent: -1}
			if i := slices.IndexFunc(targets, func(g quartier.TeamTarget) bool { return g.Team == t.Code }); i >= 0 {
				f.TargetPercent = targets[i].Percent
			}
			g, ok := h.figure([]string{t.Code}, bySpace[f.Space], from, to, open)
			if f.TargetPercent >= 0 {
				weighted[f.Space] += int64(f.TargetPercent) * g.total
				targeted[f.Space] += g.total
			}
			if !ok || len(g.people) < MinPeople {
				withheldIn[f.Space] = true
				f.Withheld = true
			} else {
				f.figures(g)
			}
			teams = append(teams, f)
		}
		slices.Sort(order)
		for _, code := range order {
			sp := HoursFigures{Space: code, TargetPercent: -1}
			g, ok := h.figure(bySpace[code], bySpace[code], from, to, open)
			if !ok || len(g.people) < MinPeople {
				sp.Withheld = true
				spaces = append(spaces, sp)
				continue
			}
			sp.figures(g)
			// The target weighted by hours would weigh the withheld teams'
			// hours against each other: shown only when every team is.
			if targeted[code] > 0 && !withheldIn[code] {
				sp.TargetPercent = int((weighted[code] + targeted[code]/2) / targeted[code])
			}
			spaces = append(spaces, sp)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return teams, spaces, s.audit.Read(ctx, audit.Event{Action: "budget.hours.report", ObjectType: "staff_hours", ObjectID: string(space),
		Detail: fmt.Sprintf("Monate %s–%s, %d Teams", from.Format("01/2006"), to.AddDate(0, 0, -1).Format("01/2006"), len(teams))})
}

func (f *HoursFigures) figures(g *hoursGroup) {
	f.People = len(g.people)
	f.ByKind = g.byKind
	f.Total = g.total
	f.ActualPermille = independentPermille(g.byKind, g.total)
}

func independentPermille(byKind map[string]int64, total int64) int64 {
	if total == 0 {
		return 0
	}
	ind := byKind[quartier.LineMilieu] + byKind[quartier.LineStructural]
	return (ind*1000 + total/2) / total
}

// HoursRetention is how many full calendar years after the year of a week
// its hours are kept by default: the rows are personal data of the staff
// (data minimisation, Art. 5 (1) c, e GDPR; working-time records are kept
// two years, § 16 (2) ArbZG). A year report published before then keeps
// its comparison with hourly billing; reports of purged years show no
// hours.
const HoursRetention = 2

// PurgeHours deletes the hours of weeks before the first of January
// keepYears years before this year (a week counts in the year of its
// Monday, as in the reports). Run by the installation (serve does it at
// start and every hour); one audit entry names how many rows it deleted,
// none when there was nothing to delete.
func (s *Service) PurgeHours(ctx context.Context, keepYears int) (int64, error) {
	if keepYears < 1 {
		return 0, quartier.Errorf(quartier.EINVALID, "Die Aufbewahrungsfrist der Arbeitsstunden muss mindestens ein Jahr sein (%d).", keepYears)
	}
	if err := s.audit.Require(ctx, quartier.PermManageBudgets, "staff_hours", ""); err != nil {
		return 0, err
	}
	if !quartier.ActorFrom(ctx).CanInSpace(quartier.PermManageBudgets, quartier.AllSpaces) {
		// The rows of every space go: only for whoever keeps them all.
		return 0, s.audit.IfDenied(ctx, quartier.PermManageBudgets, "staff_hours", "", quartier.Errorf(quartier.EFORBIDDEN, "Stunden löscht nur, wer die Haushalte aller Sozialräume führt."))
	}
	before := time.Date(s.now().Year()-keepYears, 1, 1, 0, 0, 0, 0, time.UTC)
	var n int64
	err := audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "staff_hours", "", func(tx Tx) (audit.Event, error) {
		var err error
		if n, err = tx.DeleteStaffHoursBefore(ctx, before); err != nil {
			return audit.Event{}, err
		}
		if n == 0 {
			return audit.Event{}, errNothingToPurge
		}
		return audit.Event{Action: "budget.hours.purge", ObjectType: "staff_hours",
			Detail: fmt.Sprintf("%d Zeilen mit Arbeitsstunden gelöscht (Wochen vor dem %s, Aufbewahrung %d Jahre)", n, before.Format(quartier.GermanDateLayout), keepYears)}, nil
	})
	if errors.Is(err, errNothingToPurge) {
		return 0, nil
	}
	return n, err
}

// errNothingToPurge rolls back a run that deleted nothing, so that the
// hourly job leaves no audit entry of its own.
var errNothingToPurge = errors.New("nothing to purge")
