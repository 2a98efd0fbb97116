package allocation

import (
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/testcity"
)

// TestProposalDenialAudited: a planner of one space may manage
// indicators but not compute a share of the whole city; the refusal of
// her preview and save is in the audit log like every denial inside a
// use case (it was answered without an entry).
func TestProposalDenialAudited(t *testing.T) {
	s := newService(t)
	req := Request{Name: "Dezentrale Mittel", Year: 2025, Rule: rule(quartier.AllocationTerm{Indicator: "kinder", Weight: 1})}
	denials := func() int {
		t.Helper()
		es, err := s.audit.Entries(testcity.Operator(), quartier.AuditFilter{Action: string(quartier.PermReadIndicators), ObjectType: "allocation"})
		if err != nil {
			t.Fatal(err)
		}
		return testcity.Outcomes(es, quartier.OutcomeDenied)
	}
	west := testcity.Role(quartier.RolePlanner, "west")
	before := denials()
	if _, err := s.Preview(west, req); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("preview: %v", err)
	}
	if _, err := s.Save(west, req); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Fatalf("save: %v", err)
	}
	if n := denials() - before; n != 2 {
		t.Errorf("%d denial entries, want 2", n)
	}
}
