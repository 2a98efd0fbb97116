package http

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

// budgetServer is the Weimar test server with accounts and this year's
// budgets of West (Weimar's lump sum for the AWO beside service hours,
// Verden's lines) and Nord-Schöndorf; West's lump sum is bound for the
// year and its January instalment booked.
func budgetServer(t *testing.T) (*httptest.Server, *Server, int) {
	t.Helper()
	return budgetServerWith(t, Options{})
}

func budgetServerWith(t *testing.T, opt Options) (*httptest.Server, *Server, int) {
	t.Helper()
	ts, srv := serveSet(t, weimarAccountsApp(t), opt)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	year := time.Now().Year()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
		}
	}
	_, err := srv.budget.CreateBudget(ctx, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "west", Year: year}, Total: 100_000_000, Basis: quartier.BasisNegotiated,
		Note: "Zahlen erfunden.", Lines: []budget.LineRequest{
			{Type: "case", Label: "Fallarbeit (Pauschale)", Funding: quartier.FundingLumpSum, Provider: "awo-mwt", Amount: 60_000_000},
			{Code: "fls", Type: "case", Label: "Fallarbeit (Fachleistungsstunden)", Funding: quartier.FundingServiceHours, Amount: 10_000_000},
			{Type: "milieu", Funding: quartier.FundingLumpSum, Amount: 20_000_000},
			{Type: "structural", Funding: quartier.FundingActualCost, Amount: 10_000_000},
		}})
	must(err)
	_, err = srv.budget.CreateBudget(ctx, budget.CreateRequest{BudgetKey: quartier.BudgetKey{Space: "nord-schoendorf", Year: year}, Total: 50_000_000,
		Lines: []budget.LineRequest{{Type: "case", Funding: quartier.FundingLumpSum, Amount: 40_000_000}, {Type: "structural", Funding: quartier.FundingActualCost, Amount: 10_000_000}}})
	must(err)
	jan := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	p, err := srv.budget.Commit(ctx, quartier.Commitment{Space: "west", Line: "case", Term: quartier.Term{From: jan, To: jan.AddDate(1, 0, 0)}, Amount: 60_000_000, Why: "Pauschale AWO"})
	must(err)
	_, err = srv.budget.Book(ctx, budget.BookRequest{Commitment: p.Entry.ID, On: jan, Amount: 5_000_000, Ref: "fin-1", Why: "Pauschale Januar"})
	must(err)
	return ts, srv, year
}

func TestBudgetPages(t *testing.T) {
	ts, _, year := budgetServer(t)
	west := fmt.Sprintf("/haushalt/west/%d", year)
	for _, c := range []struct {
		user, path string
		status     int
		want, not  []string
	}{
		{"u-controller", "/haushalt", 200, []string{"West", "Nord und Schöndorf", "1.000.000,00 €", "Vergleich der Sozialräume", "§§ 27 ff. SGB VIII"}, nil},
		{"u-controller", west, 200, []string{"Fallarbeit (Pauschale)", "550.000,00 €", "50.000,00 €", "Pauschale Januar", "Buchen", "Mittel binden", "Stornieren", "fall-milieu", "nicht deckungsfähig"}, nil},
		// The office keeps and books, without reading figures.
		{"u-office", "/haushalt", 200, []string{"West", "Sie buchen"}, []string{"1.000.000,00 €", "Vergleich"}},
		{"u-office", west, 200, []string{"Buchen", "Sie führen diesen Haushalt", "Pauschale Januar"}, []string{"550.000,00 €"}},
		// Planning reads without keeping.
		{"u-planner", west, 200, []string{"550.000,00 €"}, []string{"Buchen", "Mittel binden"}},
		// The AWO's lead sees West (its provider is assigned there), not Nord.
		{"u-provider-lead", "/haushalt", 200, []string{"West"}, []string{"Nord und Schöndorf"}},
		{"u-provider-lead", fmt.Sprintf("/haushalt/nord-schoendorf/%d", year), 404, nil, nil},
		{"u-asd", "/haushalt", 403, nil, nil},
		{"u-committee", west, 403, nil, nil},
		{"u-controller", "/haushalt/west/1999", 404, nil, nil},
	} {
		c2 := signedInClient(t, ts, c.user)
		status, body := fetch(t, c2, ts.URL+c.path)
		if status != c.status {
			t.Errorf("%s %s: %d, want %d\n%.600s", c.user, c.path, status, c.status, body)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s %s: no %q", c.user, c.path, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(body, w) {
				t.Errorf("%s %s: shows %q", c.user, c.path, w)
			}
		}
	}
}

// Booking, committing and reversing through the forms: a booking beyond
// the line is written and answered with the warning and the note; bad
// input comes back at its input with what was typed; a reversal nets the
// entry to zero; one who may not keep the budget is refused.
func TestBudgetForms(t *testing.T) {
	ts, srv, year := budgetServer(t)
	west := fmt.Sprintf("/haushalt/west/%d", year)
	c := signedInClient(t, ts, "u-office")
	day := fmt.Sprintf("%d-01-01", year)
	status, loc, _ := post(t, c, ts, west+"/buchen", url.Values{"bk-line": {"structural"}, "bk-on": {day}, "bk-amount": {"1.000,50"}, "bk-why": {"Honorar"}, "team": {""}})
	if status != http.StatusSeeOther || loc != west+"?gespeichert=buchung#eintraege" {
		t.Fatalf("booking: %d %s", status, loc)
	}
	// Beyond the structural line (100.000 €): written, with the warning.
	status, _, body := post(t, c, ts, west+"/buchen", url.Values{"bk-line": {"structural"}, "bk-on": {day}, "bk-amount": {"120.000"}, "bk-why": {"Sanierung Treff"}})
	if status != 200 || !strings.Contains(body, "Eingetragen, mit Hinweis") || !strings.Contains(body, "nicht deckungsfähig") ||
		!strings.Contains(body, "Die Entscheidung über die Hilfe steht für sich") {
		t.Errorf("booking beyond the line: %d\n%.3000s", status, body)
	}
	st, err := srv.budget.Status(quartier.WithActor(context.Background(), quartier.Operator()), "west", year)
	if err != nil {
		t.Fatal(err)
	}
	if b := st[0].Line("structural").Booked; b != 12_100_050 {
		t.Fatalf("structural booked %s", b)
	}
	// Bad input: a German amount is expected, the reason is required.
	status, _, body = post(t, c, ts, west+"/buchen", url.Values{"bk-line": {"structural"}, "bk-on": {day}, "bk-amount": {"12.5"}, "bk-why": {""}, "bk-ref": {"R-77"}})
	if status != 400 || !strings.Contains(body, `id="bk-amount-err"`) || !strings.Contains(body, `id="bk-why-err"`) || !strings.Contains(body, `value="R-77"`) ||
		!strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("bad input: %d\n%.3000s", status, body)
	}
	// A date of another year belongs to another budget: at the date.
	status, _, body = post(t, c, ts, west+"/buchen", url.Values{"bk-line": {"structural"}, "bk-on": {fmt.Sprintf("%d-12-31", year-1)}, "bk-amount": {"10"}, "bk-why": {"x"}})
	if status != 400 || !strings.Contains(body, `id="bk-on-err"`) {
		t.Errorf("date in another year: %d\n%.2000s", status, body)
	}
	// A line the budget does not have: the use case's refusal at the line.
	status, _, body = post(t, c, ts, west+"/buchen", url.Values{"bk-line": {"nirgends"}, "bk-on": {day}, "bk-amount": {"10"}, "bk-why": {"x"}})
	if status != 404 || !strings.Contains(body, `id="bk-line-err"`) {
		t.Errorf("unknown line: %d\n%.2000s", status, body)
	}
	// A commitment by hours: 5 h/week × 62,40 € over 13 weeks = 4.056 €.
	to := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 91).Format(quartier.DateLayout)
	status, _, body = post(t, c, ts, west+"/binden", url.Values{"mb-line": {"fls"}, "mb-from": {day}, "mb-to": {to}, "mb-hours": {"5"}, "mb-rate": {"62,40"}, "mb-ref": {"bewilligung:9"}, "mb-why": {"§ 31 bewilligt"}})
	if status != http.StatusSeeOther {
		t.Fatalf("commitment: %d\n%.2000s", status, body)
	}
	status, _, body = post(t, c, ts, west+"/binden", url.Values{"mb-line": {"fls"}, "mb-from": {day}, "mb-to": {to}, "mb-hours": {"5"}, "mb-rate": {"62,40"}, "mb-amount": {"100"}, "mb-why": {"x"}})
	if status != 400 || !strings.Contains(body, `id="mb-amount-err"`) {
		t.Errorf("amount and hours: %d", status)
	}
	// The same referral binds money once: the refusal lands at the reference.
	status, _, body = post(t, c, ts, west+"/binden", url.Values{"mb-line": {"fls"}, "mb-from": {day}, "mb-to": {to}, "mb-amount": {"100"}, "mb-ref": {"bewilligung:9"}, "mb-why": {"x"}})
	if status != 409 || !strings.Contains(body, `id="mb-ref-err"`) {
		t.Errorf("referral twice: %d\n%.2000s", status, body)
	}
	_, page := fetch(t, c, ts.URL+west)
	if !strings.Contains(page, "4.056,00 €") || !strings.Contains(page, "5 Std./Woche × 62,40 €") {
		t.Errorf("the commitment is not in the ledger:\n%.4000s", page)
	}
	// Reverse the first booking (1.000,50 €).
	var id int64
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	sh, err := srv.budget.Sheet(ctx, quartier.BudgetKey{Space: "west", Year: year})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sh.Entries {
		if e.Amount == 100_050 {
			id = e.ID
		}
	}
	// The line stays over its plan, so the answer is the page with the
	// warning rather than a redirect.
	status, _, body = post(t, c, ts, west+"/storno", url.Values{"st-entry": {fmt.Sprint(id)}, "st-why": {"doppelt"}})
	if status != 200 || !strings.Contains(body, fmt.Sprintf("Storno von Eintrag %d (Nr. ", id)) {
		t.Fatalf("reversal: %d\n%.3000s", status, mainOf(body))
	}
	status, _, body = post(t, c, ts, west+"/storno", url.Values{"st-entry": {fmt.Sprint(id)}, "st-why": {"nochmal"}})
	if status != 409 || !strings.Contains(body, `id="st-entry-err"`) || !strings.Contains(body, "schon storniert") {
		t.Errorf("second reversal: %d\n%.2000s", status, body)
	}
	_, page = fetch(t, c, ts.URL+west)
	if !strings.Contains(page, "storniert durch ") || !strings.Contains(page, fmt.Sprintf("<td>Storno von Eintrag %d</td>", id)) {
		t.Errorf("reversal not shown")
	}
	// An entry of another budget is not reversed from this page.
	status, _, _ = post(t, c, ts, fmt.Sprintf("/haushalt/nord-schoendorf/%d/storno", year), url.Values{"st-entry": {fmt.Sprint(id - 1)}, "st-why": {"x"}})
	if status != 400 {
		t.Errorf("reversal across budgets: %d", status)
	}
	// Planning reads but may not book; nothing is written.
	p := signedInClient(t, ts, "u-planner")
	if status, _, _ := post(t, p, ts, west+"/buchen", url.Values{"bk-line": {"structural"}, "bk-on": {day}, "bk-amount": {"10"}, "bk-why": {"x"}}); status != 403 {
		t.Errorf("planner booked: %d", status)
	}
	// A cross-site form is refused before anything runs.
	req, _ := http.NewRequest("POST", ts.URL+west+"/buchen", strings.NewReader(url.Values{"bk-line": {"structural"}, "bk-on": {day}, "bk-amount": {"10"}, "bk-why": {"x"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("cross-site booking: %d", resp.StatusCode)
	}
	st, _ = srv.budget.Status(ctx, "west", year)
	if b := st[0].Line("structural").Booked; b != 12_000_000 {
		t.Errorf("structural booked %s after the reversal and the refusals", b)
	}
}

// mainOf is the page's main element onwards, for messages.
func mainOf(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		return body[i:]
	}
	return body
}

// With a service-hour rate the budget page, the dashboard and the report
// draft compare with what hourly billing would have cost.
func TestBudgetHourlyComparison(t *testing.T) {
	ts, srv, year := budgetServer(t)
	ctx := quartier.WithActor(context.Background(), quartier.Operator())
	rules, err := srv.budget.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rules.HourlyRates = []quartier.HourlyRate{{Year: year, Rate: 6240}}
	if err := srv.budget.SaveRules(ctx, rules); err != nil {
		t.Fatal(err)
	}
	c := signedInClient(t, ts, "u-controller")
	for _, path := range []string{fmt.Sprintf("/haushalt/west/%d", year), fmt.Sprintf("/haushalt/west/%d/uebersicht", year), fmt.Sprintf("/haushalt/bericht/entwurf?jahr=%d", year)} {
		status, body := fetch(t, c, ts.URL+path)
		if status != 200 || !strings.Contains(body, "Abrechnung nach Fachleistungsstunden gekostet hätte") || !strings.Contains(body, "62,40 €") {
			t.Errorf("%s: %d, no comparison\n%.3000s", path, status, body)
		}
	}
}

// A booking beyond a line reaches the controller as a notice: counted in
// the header, listed under Hinweise, marked read there; planning, which
// is neither controller nor duo, gets none.
func TestBudgetNotices(t *testing.T) {
	ts, _, year := budgetServer(t)
	west := fmt.Sprintf("/haushalt/west/%d", year)
	// The lump sum bound for the year in the set-up reached its line.
	ctl := signedInClient(t, ts, "u-controller")
	if status, body := fetch(t, ctl, ts.URL+"/hinweise"); status != 200 || !strings.Contains(body, "Fallarbeit (Pauschale)") {
		t.Errorf("the set-up's notice: %d\n%.3000s", status, body)
	}
	if status, _, _ := post(t, ctl, ts, "/hinweise/gelesen", url.Values{"id": {"alle"}}); status != http.StatusSeeOther {
		t.Fatalf("read all: %d", status)
	}
	office := signedInClient(t, ts, "u-office")
	status, _, body := post(t, office, ts, west+"/buchen", url.Values{"bk-line": {"structural"}, "bk-on": {fmt.Sprintf("%d-01-01", year)}, "bk-amount": {"120.000"}, "bk-why": {"Sanierung Treff"}})
	if status != 200 || !strings.Contains(body, "Eingetragen, mit Hinweis") {
		t.Fatalf("booking: %d", status)
	}
	_, body = fetch(t, ctl, ts.URL+"/haushalt")
	if !strings.Contains(body, `Hinweise <span class="tag warn">1<span class="visually-hidden"> ungelesen</span></span>`) {
		t.Errorf("no count in the header:\n%.2000s", body)
	}
	status, body = fetch(t, ctl, ts.URL+"/hinweise")
	if status != 200 || !strings.Contains(body, "Strukturarbeit: Plan um 20.000,00 € überschritten") || !strings.Contains(body, `href="`+west+`"`) ||
		!strings.Contains(body, "1 ungelesen") || strings.Contains(body, "u-office") {
		t.Errorf("notices page: %d\n%.3000s", status, body)
	}
	if _, body := fetch(t, signedInClient(t, ts, "u-planner"), ts.URL+"/hinweise"); !strings.Contains(body, "Keine Hinweise") {
		t.Errorf("planning got a notice")
	}
	if status, _, _ := post(t, ctl, ts, "/hinweise/gelesen", url.Values{"id": {"x"}}); status != 400 {
		t.Errorf("bad id: %d", status)
	}
	status, loc, _ := post(t, ctl, ts, "/hinweise/gelesen", url.Values{"id": {"alle"}})
	if status != http.StatusSeeOther || loc != "/hinweise?gelesen=1" {
		t.Fatalf("read all: %d %s", status, loc)
	}
	if _, body := fetch(t, ctl, ts.URL+"/hinweise"); !strings.Contains(body, "Alle gelesen") || strings.Contains(body, "ungelesen</span>") {
		t.Errorf("after reading:\n%.2000s", body)
	}
}

// A budget made in the browser, and its plan changed: each change is an
// entry of the ledger with who and why, never an edit; bad input comes
// back at its input; who does not keep budgets gets no form.
func TestBudgetCreateAndPlan(t *testing.T) {
	ts, srv, year := budgetServer(t)
	c := signedInClient(t, ts, "u-controller")
	status, body := fetch(t, c, ts.URL+"/haushalt/neu")
	if status != 200 || !strings.Contains(body, `<label for="ln-0-amount">Planansatz in Euro</label>`) || !strings.Contains(body, `<option value="case" selected>Fallarbeit`) {
		t.Fatalf("form: %d\n%.3000s", status, body)
	}
	if status, _ := fetch(t, signedInClient(t, ts, "u-planner"), ts.URL+"/haushalt/neu"); status != 403 {
		t.Errorf("planning may make budgets: %d", status)
	}
	ys := fmt.Sprint(year)
	form := func(total string, amounts ...string) url.Values {
		v := url.Values{"nb-space": {"mitte-sued"}, "nb-year": {ys}, "nb-total": {total}, "nb-basis": {"per_resident"}, "nb-note": {"Zahlen erfunden"}}
		for i, typ := range []string{"case", "milieu", "structural"} {
			p := fmt.Sprintf("ln-%d-", i)
			v.Set(p+"type", typ)
			v.Set(p+"funding", "lump_sum")
			v.Set(p+"amount", amounts[i])
		}
		v.Set("ln-2-funding", "actual_cost")
		return v
	}
	for _, bad := range []struct {
		name   string
		form   url.Values
		status int
		at     string
	}{
		{"not German", form("1.000.000", "600.000", "300.000", "12.5"), 400, "ln-2-amount"},
		{"lines do not add up", form("1.000.000", "600.000", "300.000", "90.000"), 400, "nb-total"},
		{"exists", func() url.Values {
			v := form("1.000.000", "600.000", "300.000", "100.000")
			v.Set("nb-space", "west")
			return v
		}(), 409, ""},
		{"amount without a type", func() url.Values {
			v := form("1.000.000", "600.000", "300.000", "100.000")
			v.Set("ln-3-amount", "1,00")
			return v
		}(), 400, "ln-3-type"},
	} {
		status, _, body := post(t, c, ts, "/haushalt/neu", bad.form)
		if status != bad.status || bad.at != "" && !strings.Contains(body, `id="`+bad.at+`-err"`) || !strings.Contains(body, `value="Zahlen erfunden"`) {
			t.Errorf("%s: %d\n%.3000s", bad.name, status, body)
		}
	}
	status, loc, _ := post(t, c, ts, "/haushalt/neu", form("1.000.000", "600.000", "300.000", "100.000"))
	page := "/haushalt/mitte-sued/" + ys
	if status != http.StatusSeeOther || loc != page+"?gespeichert=haushalt" {
		t.Fatalf("create: %d %s", status, loc)
	}
	// Shift 10.000 € from structural to milieu work: two plan entries.
	for _, p := range []url.Values{
		{"pl-line": {"structural"}, "pl-amount": {"-10.000"}, "pl-why": {"Umschichtung, Beschluss JHA vom 12.03."}},
		{"pl-line": {"milieu"}, "pl-amount": {"10.000,00"}, "pl-why": {"Umschichtung, Beschluss JHA vom 12.03."}},
	} {
		if status, loc, body := post(t, c, ts, page+"/plan", p); status != http.StatusSeeOther || loc != page+"?gespeichert=plan#eintraege" {
			t.Fatalf("plan %v: %d %s\n%.2000s", p, status, loc, body)
		}
	}
	for _, bad := range []struct {
		form url.Values
		at   string
	}{
		{url.Values{"pl-line": {"milieu"}, "pl-amount": {"0"}, "pl-why": {"x"}}, "pl-amount"},
		{url.Values{"pl-line": {"milieu"}, "pl-amount": {"5"}, "pl-why": {""}}, "pl-why"},
		{url.Values{"pl-line": {"nirgends"}, "pl-amount": {"5"}, "pl-why": {"x"}}, "pl-line"},
	} {
		if status, _, body := post(t, c, ts, page+"/plan", bad.form); status < 400 || !strings.Contains(body, `id="`+bad.at+`-err"`) {
			t.Errorf("%v: %d\n%.3000s", bad.form, status, body)
		}
	}
	if status, _, _ := post(t, signedInClient(t, ts, "u-planner"), ts, page+"/plan", url.Values{"pl-line": {"milieu"}, "pl-amount": {"5"}, "pl-why": {"x"}}); status != 403 && status != 404 {
		t.Errorf("planning changed a plan: %d", status)
	}
	_, body = fetch(t, c, ts.URL+page)
	for _, want := range []string{"Planansatz bei Anlage des Haushalts", "Umschichtung, Beschluss JHA vom 12.03.", "-10.000,00 €", "je jungem Einwohner", "Plan ändern"} {
		if !strings.Contains(body, want) {
			t.Errorf("budget page lacks %q", want)
		}
	}
	st, err := srv.budget.Status(quartier.WithActor(context.Background(), quartier.Operator()), "mitte-sued", year)
	if err != nil || len(st) != 1 || st[0].Line("milieu").Planned != 31_000_000 || st[0].Line("structural").Planned != 9_000_000 || st[0].Totals.Planned != 100_000_000 {
		t.Fatalf("figures: %v %+v", err, st)
	}
	es, err := srv.audit.Entries(quartier.WithActor(context.Background(), quartier.Operator()), quartier.AuditFilter{Login: "u-controller", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	plans := 0
	for _, e := range es {
		if e.Action == "budget.plan" && e.Outcome == quartier.OutcomeOK && strings.Contains(e.Detail, "Grund: Umschichtung") {
			plans++
		}
	}
	if plans != 2 {
		t.Errorf("%d audited plan changes, want 2", plans)
	}
}
