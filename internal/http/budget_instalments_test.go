package http

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// West passes from the AWO to the Diakonie on 1 July: the instalments
// page shows both providers with their days and shares, monthly and
// quarterly; a cadence it does not know is refused.
func TestBudgetInstalments(t *testing.T) {
	ts, srv, year := budgetServer(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	if err := srv.spatial.Assign(ctx, spatial.AssignRequest{Space: "west", Assignee: "diakonie", ValidFrom: time.Date(year, 7, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	days := 365
	if time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).YearDay() == 366 {
		days = 366
	}
	first := 181 + days - 365 // 1 January to 30 June
	c := signedInClient(t, ts, "u-controller")
	path := fmt.Sprintf("/haushalt/west/%d/raten", year)
	status, body := fetch(t, c, ts.URL+path)
	if status != 200 {
		t.Fatalf("%d %s", status, mainOf(body))
	}
	for _, want := range []string{"der Träger wechselt im Jahr", "Diakonie", fmt.Sprintf("<td class=\"num\">%d</td>", first), fmt.Sprintf("<td class=\"num\">%d</td>", days-first),
		"<th scope=\"row\">Januar</th>", "Fallarbeit (Pauschale)", "Milieuarbeit"} {
		if !strings.Contains(body, want) {
			t.Errorf("instalments lack %q", want)
		}
	}
	// The AWO's name came through the hostile test name; it is escaped.
	if !strings.Contains(body, "AWO &lt;script&gt;") {
		t.Error("the AWO is not named, or its name not escaped")
	}
	status, body = fetch(t, c, ts.URL+path+"?takt=quartal")
	if status != 200 || !strings.Contains(body, "3. Quartal") || strings.Contains(body, "<th scope=\"row\">Januar</th>") {
		t.Errorf("quarterly: %d", status)
	}
	if status, _ := fetch(t, c, ts.URL+path+"?takt=woche"); status != 400 {
		t.Errorf("unknown cadence: %d", status)
	}
	if status, _ := fetch(t, signedInClient(t, ts, "u-office"), ts.URL+path); status != 403 {
		t.Errorf("office: %d", status)
	}
}
