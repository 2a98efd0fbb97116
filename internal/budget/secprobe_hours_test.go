//go:build secprobe

// Demonstration of an open finding of the security probe (branch
// secprobe); fails on the current code:
//
//	go test -tags secprobe ./internal/budget -run SecProbe

package budget_test

import (
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

// TestSecProbeLateEntryOfOnePerson: the cells make every figure a sum of
// at least three people at one moment, but a controller may read the
// same closed month twice. When one person records late (or corrects her
// row), the two readings differ by her hours alone — and the people
// count rising from 3 to 4 says it is one person, whom the team list
// names. Nothing here is the reader's own entry (the case the README
// leaves open); the controller only reads.
func TestSecProbeLateEntryOfOnePerson(t *testing.T) {
	c := open(t, day(2025, 8, 1))
	for _, login := range []string{"anna", "ben", "cem"} {
		if err := c.b.RecordHours(c.staff(t, login, quartier.RoleASD), budget.HoursRequest{Team: "asd-west", Week: day(2025, 6, 2), Kind: "case", Hours: 30_00}); err != nil {
			t.Fatal(err)
		}
	}
	ctl := contextOf(quartier.RoleController, "west")
	before, _, err := c.b.HoursReport(ctl, "west", day(2025, 6, 1), day(2025, 7, 1))
	if err != nil {
		t.Fatal(err)
	}
	// Dora records her June week in August.
	if err := c.b.RecordHours(c.staff(t, "dora", quartier.RoleASD), budget.HoursRequest{Team: "asd-west", Week: day(2025, 6, 9), Kind: "case", Hours: 7_25}); err != nil {
		t.Fatal(err)
	}
	after, _, err := c.b.HoursReport(ctl, "west", day(2025, 6, 1), day(2025, 7, 1))
	if err != nil {
		t.Fatal(err)
	}
	if b, a := before[0], after[0]; !b.Withheld && !a.Withheld && a.People-b.People == 1 {
		t.Errorf("June read before and after one late entry: %d h of %d people, then %d h of %d: the difference, %d h, is one person's week",
			b.Total/100, b.People, a.Total/100, a.People, (a.Total-b.Total)/100)
	}
}
