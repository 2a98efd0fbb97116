package budget_test

import (
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

// TestLateEntryChangesNoShownMonth (found by the security probe): a
// controller who read a closed month before and after one person's late
// entry got her hours as the difference, and the people count rising
// from 3 to 4 said it was one person. A month is recorded until the 10th
// of the next and shown only after: a late entry is refused, and the
// month reads the same.
func TestLateEntryChangesNoShownMonth(t *testing.T) {
	c := open(t, day(2025, 6, 20))
	for _, login := range []string{"anna", "ben", "cem"} {
		if err := c.b.RecordHours(c.staff(t, login, quartier.RoleASD), budget.HoursRequest{Team: "asd-west", Week: day(2025, 6, 2), Kind: "case", Hours: 30_00}); err != nil {
			t.Fatal(err)
		}
	}
	ctl := contextOf(quartier.RoleController, "west")
	// While June is recorded it is not shown (it would change).
	if open, _, err := c.b.HoursReport(ctl, "west", day(2025, 6, 1), day(2025, 7, 1)); err != nil || !open[0].Withheld || open[0].Total != 0 {
		t.Errorf("June shown while open: %+v %v", open, err)
	}
	*c.now = day(2025, 8, 1)
	before, _, err := c.b.HoursReport(ctl, "west", day(2025, 6, 1), day(2025, 7, 1))
	if err != nil || before[0].Withheld || before[0].Total != 90_00 {
		t.Fatalf("closed June: %+v %v", before, err)
	}
	// Dora records her June week in August: refused.
	err = c.b.RecordHours(c.staff(t, "dora", quartier.RoleASD), budget.HoursRequest{Team: "asd-west", Week: day(2025, 6, 9), Kind: "case", Hours: 7_25})
	if err == nil || !strings.Contains(quartier.ErrorMessage(err), "abgeschlossen") {
		t.Errorf("a late entry: %v", err)
	}
	after, _, err := c.b.HoursReport(ctl, "west", day(2025, 6, 1), day(2025, 7, 1))
	if err != nil || after[0].Total != before[0].Total || after[0].People != before[0].People {
		t.Errorf("June read before and after one late entry: %+v, then %+v", before[0], after[0])
	}
}
