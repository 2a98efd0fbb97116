package budget_test

import (
	"context"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/testcity"
)

func basketball() quartier.Project {
	return quartier.Project{Code: "basketball", Name: "Offenes Basketballtraining", Space: "west", Kind: quartier.LineStructural,
		Goals: "Jugendliche erreichen, bevor es einen Fall gibt", From: day(2025, 1, 1),
		Partners: []quartier.ProjectPartner{{Kind: quartier.PartnerProvider, Key: "awo", Role: "Jugendclub"}, {Kind: quartier.PartnerProvider, Key: "nord-verbund"}}}
}

// A project's bookings, reversals included, add up to what it cost; its
// counts are figures per period; bad partners, lines and periods are
// refused with the place of the fault.
func TestProjects(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	if _, err := c.b.SaveProject(op, basketball()); err != nil {
		t.Fatal(err)
	}
	book := func(line, project string, amount quartier.Cents) (*budget.Posted, error) {
		return c.b.Book(op, budget.BookRequest{Space: "west", Line: line, On: day(2025, 3, 1), Amount: amount, Project: project, Why: "Hallenmiete"})
	}
	p1 := posted(t)(book("structural", "basketball", 120_000))
	posted(t)(book("structural", "basketball", 30_000))
	posted(t)(book("structural", "", 99_900))
	posted(t)(c.b.Reverse(op, p1.Entry.ID, "falsche Rechnung"))
	if err := c.b.RecordParticipation(op, "basketball", quartier.ProjectCount{From: day(2025, 1, 1), To: day(2025, 4, 1), Participants: 23, Meetings: 12}); err != nil {
		t.Fatal(err)
	}
	if err := c.b.RecordParticipation(op, "basketball", quartier.ProjectCount{From: day(2025, 1, 1), To: day(2025, 4, 1), Participants: 25, Meetings: 12}); err != nil {
		t.Fatal(err)
	}
	ps, err := c.b.Projects(testcity.Role(quartier.RoleController, "west"), "west")
	if err != nil || len(ps) != 1 {
		t.Fatalf("%v %+v", err, ps)
	}
	if p := ps[0]; p.Booked != 30_000 || p.Bookings != 3 || p.Participants != 25 || len(p.Counts) != 1 || len(p.Partners) != 2 {
		t.Errorf("project status %+v", p)
	}

	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"case line", func() error { _, err := book("case", "basketball", 100); return err }(), "Strukturarbeit"},
		{"unknown project", func() error { _, err := book("structural", "fussball", 100); return err }(), "fussball"},
		{"unknown partner", func() error {
			p := basketball()
			p.Code, p.Partners = "schule", []quartier.ProjectPartner{{Kind: quartier.PartnerOffer, Key: "gibt-es-nicht"}}
			_, err := c.b.SaveProject(op, p)
			return err
		}(), `Partner 1: Angebot "gibt-es-nicht"`},
		{"case work is no project", func() error {
			p := basketball()
			p.Code, p.Kind = "fall", quartier.LineCase
			_, err := c.b.SaveProject(op, p)
			return err
		}(), "Fallarbeit ist kein Projekt"},
		{"count before the start", c.b.RecordParticipation(op, "basketball", quartier.ProjectCount{From: day(2024, 1, 1), To: day(2024, 4, 1), Participants: 3}), "läuft am 01.01.2024 nicht"},
		{"other space", func() error {
			_, err := c.b.SaveProject(testcity.Role(quartier.RoleController, "ost"), basketball())
			return err
		}(), "nicht gefunden"},
		{"reader may not count", c.b.RecordParticipation(testcity.Role(quartier.RolePlanner, "west"), "basketball", quartier.ProjectCount{From: day(2025, 4, 1), To: day(2025, 7, 1), Participants: 3}), "Keine Berechtigung"},
	} {
		if tc.err == nil || !strings.Contains(quartier.ErrorMessage(tc.err), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.name, tc.err, tc.want)
		}
	}
	// Refused bookings wrote nothing.
	if st := c.status(t, op, "west", 2025)[0]; st.Line("structural").Booked != 30_000+99_900 || st.Line("case").Booked != 0 {
		t.Errorf("booked structural %s, case %s", st.Line("structural").Booked, st.Line("case").Booked)
	}
	var n int
	if err := c.Store.View(context.Background(), func(tx quartier.Tx) error {
		es, err := tx.AuditEntries(context.Background(), quartier.AuditFilter{Action: "budget.project.count", Limit: 100})
		n = len(es)
		return err
	}); err != nil || n < 2 {
		t.Errorf("%d count entries in the audit log: %v", n, err)
	}
}
