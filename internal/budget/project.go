package budget

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/textde"
)

// ProjectStatus is a project with what it has cost and its participation
// counts: aggregate figures only, no personal data.
type ProjectStatus struct {
	quartier.Project
	Booked   quartier.Cents          `json:"booked"`
	Bookings int                     `json:"bookings"`
	Counts   []quartier.ProjectCount `json:"counts,omitempty"`
	// Participants is the sum over the counted periods (people may be
	// counted in several periods: it measures reach per period, not heads).
	Participants int `json:"participants"`
}

// SaveProject makes a project of case-independent work, or changes name,
// goals, partners and period of an existing one (code, space and kind
// stay: bookings were made to its line). Every partner must exist in the
// atlas: an offer or place by its key, a provider or alliance by its code.
func (s *Service) SaveProject(ctx context.Context, p quartier.Project) (*quartier.Project, error) {
	p.Code, p.Name, p.Goals = strings.TrimSpace(p.Code), strings.TrimSpace(p.Name), strings.TrimSpace(p.Goals)
	p.From = quartier.Day(p.From)
	if p.To != nil {
		to := quartier.Day(*p.To)
		p.To = &to
	}
	if err := s.audit.RequireSpace(ctx, quartier.PermManageBudgets, "budget_project", p.Space); err != nil {
		return nil, err
	}
	spaces, err := s.spatial.Spaces(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(spaces, func(sp quartier.Space) bool { return sp.Code == p.Space }) {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Sozialraum %s gibt es im aktuellen Gebietsstand nicht.", p.Space)
	}
	err = audit.Change(ctx, s.audit, s.store, quartier.PermManageBudgets, "budget_project", p.Code, func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.project.create", ObjectType: "budget_project", ObjectID: p.Code}
		if err := p.Validate(); err != nil {
			return ev, err
		}
		for i, pa := range p.Partners {
			ok, err := tx.PartnerExists(ctx, pa)
			if err != nil {
				return ev, err
			}
			if !ok {
				return ev, quartier.Errorf(quartier.ENOTFOUND, "Projekt %s, Partner %d: %s %q gibt es im Atlas nicht.", p.Code, i+1, pa.Kind.Label(), pa.Key)
			}
		}
		old, err := tx.Project(ctx, p.Code)
		switch {
		case quartier.ErrorCode(err) == quartier.ENOTFOUND:
			p.Created = s.now().UTC().Truncate(time.Microsecond)
			err = tx.CreateProject(ctx, &p)
		case err != nil:
		case old.Space != p.Space || old.Kind != p.Kind:
			// The existence of a project outside the actor's spaces does
			// not leak: it reads as a conflict of the code, nothing more.
			err = quartier.Errorf(quartier.ECONFLICT, "Projekt %s gibt es schon (Sozialraum und Art bleiben, wie sie angelegt wurden).", p.Code)
		default:
			ev.Action = "budget.project.update"
			p.ID, p.Created = old.ID, old.Created
			err = tx.UpdateProject(ctx, &p)
		}
		var partners []string
		for _, pa := range p.Partners {
			partners = append(partners, pa.String())
		}
		ev.Detail = textde.Shorten(fmt.Sprintf("%s (%s, %s, ab %s); Partner: %s; Ziele: %s", p.Name, p.Space, quartier.WorkKindLabel(p.Kind),
			p.From.Format(quartier.GermanDateLayout), strings.Join(partners, ", "), p.Goals), 2000)
		return ev, err
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// RecordParticipation replaces the participation count of a project for
// the period starting at c.From. Who keeps the space's budgets or records
// hours in it (the staff running the project) may record it; it is a
// count, never a list of people.
func (s *Service) RecordParticipation(ctx context.Context, code string, c quartier.ProjectCount) error {
	perm := quartier.PermManageBudgets
	if a := quartier.ActorFrom(ctx); !a.Can(perm) && a.Can(quartier.PermRecordHours) {
		perm = quartier.PermRecordHours
	}
	c.From, c.To, c.Note = quartier.Day(c.From), quartier.Day(c.To), strings.TrimSpace(c.Note)
	return audit.Change(ctx, s.audit, s.store, perm, "budget_project", code, func(tx Tx) (audit.Event, error) {
		ev := audit.Event{Action: "budget.project.count", ObjectType: "budget_project", ObjectID: code}
		p, err := tx.Project(ctx, code)
		if err != nil {
			return ev, err
		}
		if !quartier.ActorFrom(ctx).CanInSpace(perm, p.Space) {
			return ev, audit.Denial(quartier.Errorf(quartier.ENOTFOUND, "Das Projekt %s wurde nicht gefunden.", code))
		}
		if err := c.Validate(); err != nil {
			return ev, err
		}
		if !p.Runs(c.From) {
			return ev, quartier.Errorf(quartier.EINVALID, "Projekt %s läuft am %s nicht (Beginn %s).", code, c.From.Format(quartier.GermanDateLayout), p.From.Format(quartier.GermanDateLayout))
		}
		c.Project = p.ID
		ev.Detail = fmt.Sprintf("%s: %d Teilnehmende, %d Termine", quartier.Term{From: c.From, To: c.To}, c.Participants, c.Meetings)
		return ev, tx.SaveProjectCount(ctx, &c)
	})
}

// Projects are the projects of a space with their costs and counts, for
// those who read its figures; the reading is audited like the figures.
func (s *Service) Projects(ctx context.Context, space quartier.SpaceCode) ([]ProjectStatus, error) {
	if err := s.audit.RequireSpace(ctx, quartier.PermReadBudgets, "budget_project", space); err != nil {
		return nil, err
	}
	var out []ProjectStatus
	err := s.store.View(ctx, func(tx Tx) error {
		out = nil
		ps, err := tx.Projects(ctx, space)
		if err != nil {
			return err
		}
		for _, p := range ps {
			st := ProjectStatus{Project: p}
			if st.Booked, st.Bookings, err = tx.ProjectBookings(ctx, p.ID); err != nil {
				return err
			}
			if st.Counts, err = tx.ProjectCounts(ctx, p.ID); err != nil {
				return err
			}
			for _, c := range st.Counts {
				st.Participants += c.Participants
			}
			out = append(out, st)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, s.audit.Read(ctx, audit.Event{Action: "budget.projects", ObjectType: "budget_project", ObjectID: string(space),
		Detail: fmt.Sprintf("%d Projekte", len(out))})
}

// projectFor finds the project a booking names and checks that it fits:
// the same space, a line of the project's kind, a day in its period.
func projectFor(ctx context.Context, tx Tx, b *quartier.Budget, line *quartier.Line, on time.Time, code string) (*quartier.Project, error) {
	if code == "" {
		return nil, nil
	}
	p, err := tx.Project(ctx, code)
	if err != nil {
		return nil, err
	}
	switch {
	case p.Space != b.Space:
		return nil, quartier.Errorf(quartier.EINVALID, "Projekt %s gehört zum Sozialraum %s, nicht zu %s.", code, p.Space, b.Space)
	case line.Type != p.Kind:
		return nil, quartier.Errorf(quartier.EINVALID, "Projekt %s ist %s; die Zeile %s ist %s.", code, quartier.WorkKindLabel(p.Kind), line.Code, line.Label)
	case !p.Runs(on):
		return nil, quartier.Errorf(quartier.EINVALID, "Projekt %s läuft am %s nicht (Beginn %s).", code, on.Format(quartier.GermanDateLayout), p.From.Format(quartier.GermanDateLayout))
	}
	return p, nil
}

func linkProject(ctx context.Context, tx Tx, entry int64, p *quartier.Project) error {
	if p == nil {
		return nil
	}
	return tx.LinkEntryProject(ctx, entry, p.ID)
}

func projectNote(p *quartier.Project) string {
	if p == nil {
		return ""
	}
	return "; Projekt " + p.Code
}
