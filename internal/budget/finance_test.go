package budget_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/xuri/excelize/v2"
)

const export2025 = "Buchungs-ID;Buchungsdatum;Betrag;Kostenstelle;Kostenträger;Buchungstext\n" +
	"B-1;03.02.2025;50.000,00;4711;36310;Pauschale Februar\n" +
	"B-2;2025-03-01;1.234,56;4711;36320;Honorar Trainer\n" +
	"B-3;15.03.2025;-234,56;4711;36320;Gutschrift Honorar\n" +
	"B-4;01.04.2025;7,5;4712;36310;\n"

func (c *city) mapFinance(t *testing.T) {
	t.Helper()
	for _, m := range []quartier.FinanceMapping{
		{CostCentre: "4711", CostUnit: "36310", Space: "west", Line: "case"},
		{CostCentre: "4711", CostUnit: "36320", Space: "west", Line: "structural"},
		{CostCentre: "4712", CostUnit: "36310", Space: "west", Line: "milieu"},
	} {
		if err := c.b.SaveMapping(op, m); err != nil {
			t.Fatal(err)
		}
	}
}

func (c *city) entryCount(t *testing.T) int {
	t.Helper()
	var n int
	if err := c.Store.View(context.Background(), func(tx quartier.Tx) error {
		bs, err := tx.Budgets(context.Background(), "", 0)
		for _, b := range bs {
			es, err := tx.Entries(context.Background(), b.ID)
			if err != nil {
				return err
			}
			n += len(es)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// German amounts, a refund, a re-import that writes nothing twice.
func TestImportBookings(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	c.mapFinance(t)
	res, err := c.b.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(export2025), Name: "fibu.csv", Year: 2025})
	if err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	if res.New != 4 || res.Known != 0 || res.Refunds != 1 || res.Sum != 5_000_000+123_456-23_456+750 || len(res.Budgets) != 1 {
		t.Errorf("first import %+v", res)
	}
	st := c.status(t, op, "west", 2025)[0]
	if st.Line("case").Booked != 5_000_000 || st.Line("structural").Booked != 100_000 || st.Line("milieu").Booked != 750 {
		t.Errorf("booked case %s, structural %s, milieu %s", st.Line("case").Booked, st.Line("structural").Booked, st.Line("milieu").Booked)
	}
	n := c.entryCount(t)
	again, err := c.b.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(export2025 + "B-5;02.04.2025;10,00;4712;36310;neu\n"), Name: "fibu.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if again.New != 1 || again.Known != 4 || c.entryCount(t) != n+1 {
		t.Errorf("re-import %+v, %d entries after, want %d", again, c.entryCount(t), n+1)
	}
	// A booking the controller reversed stays reversed on re-import.
	var b1 int64
	if err := c.Store.View(context.Background(), func(tx quartier.Tx) error {
		es, err := tx.EntriesByRefs(context.Background(), []string{"fin:B-1"})
		if len(es) == 1 {
			b1 = es[0].ID
		}
		return err
	}); err != nil || b1 == 0 {
		t.Fatal(err, b1)
	}
	posted(t)(c.b.Reverse(op, b1, "falsche Kostenstelle"))
	third, err := c.b.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(export2025), Name: "fibu.csv"})
	if err != nil || third.New != 0 || third.Known != 4 {
		t.Errorf("third import %+v %v", third, err)
	}
}

// Every fault is named by row and column, all at once, and nothing of the
// file is written.
func TestImportRefusesWhole(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	c.mapFinance(t)
	if _, err := c.b.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(export2025), Name: "fibu.csv"}); err != nil {
		t.Fatal(err)
	}
	n := c.entryCount(t)
	bad := "Buchungs-ID;Buchungsdatum;Betrag;Kostenstelle;Kostenträger;Buchungstext\n" +
		"B-9;03.02.2025;100,00;4711;36310;gut\n" +
		"B-10;03.02.2025;12.5;4711;36310;englisch\n" +
		"B-11;03.02.2025;10,00;9999;36310;unbekannt\n" +
		"B-12;03.02.2024;10,00;4711;36310;Vorjahr\n" +
		"B-2;2025-03-01;1.300,00;4711;36320;geändert\n" +
		"B-13;31.12.2025;10,00;4711;36310;Zukunft\n" +
		"B-14;32.01.2025;0;4711;;\n" +
		"B-9;04.02.2025;1,00;4711;36310;doppelt\n"
	_, err := c.b.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(bad), Name: "fibu.csv", Year: 2025})
	// The reader's faults come first and alone: the file is not checked
	// against the ledger before it reads.
	want := []string{
		`Zeile 3, Spalte Betrag: "12.5" ist kein Betrag in deutscher Schreibweise`,
		`Zeile 8, Spalte Datum: "32.01.2025" ist kein Datum`,
		`Zeile 8, Spalte Kostenträger: der Kostenträger fehlt.`,
		`Zeile 9, Spalte Buchungs-ID: Buchungs-ID "B-9" steht schon in Zeile 2.`,
	}
	checkProblems(t, err, want)
	bad = strings.Join(strings.Split(bad, "\n")[:7], "\n") + "\n"
	bad = strings.Replace(bad, "12.5", "12,50", 1)
	_, err = c.b.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(bad), Name: "fibu.csv", Year: 2025})
	checkProblems(t, err, []string{
		`Zeile 4, Spalte Kostenstelle: Kostenstelle 9999 mit Kostenträger 36310 ist keinem Sozialraum zugeordnet`,
		`Zeile 5, Spalte Datum: 03.02.2024 liegt nicht im Haushaltsjahr 2025.`,
		`Zeile 6, Spalte Buchungs-ID: Buchungs-ID B-2 ist schon eingespielt`,
		`Zeile 7, Spalte Datum: 31.12.2025 liegt in der Zukunft.`,
	})
	// Without a year, a booking of a year that has no budget says so.
	_, err = c.b.ImportBookings(op, budget.ImportRequest{Input: strings.NewReader(bad), Name: "fibu.csv"})
	checkProblems(t, err, []string{
		`Zeile 4, Spalte Kostenstelle: Kostenstelle 9999`,
		`Zeile 5, Spalte Datum: für west 2024 gibt es keinen Haushalt; die Buchung vom 03.02.2024 gehört in das Haushaltsjahr 2024.`,
		`Zeile 6, Spalte Buchungs-ID: Buchungs-ID B-2 ist schon eingespielt (Eintrag 6: 1.234,56 € am 01.03.2025) und lautet jetzt 1.300,00 €`,
		`Zeile 7, Spalte Datum`,
	})
	if got := c.entryCount(t); got != n {
		t.Errorf("%d entries after refused imports, want %d", got, n)
	}
	if _, err := c.b.ImportBookings(contextOf(quartier.RoleController, "ost"), budget.ImportRequest{Input: strings.NewReader(export2025), Name: "x.csv"}); err == nil ||
		!strings.Contains(quartier.ErrorMessage(err), "dessen Haushalt Sie nicht pflegen") {
		t.Errorf("import outside the scope: %v", err)
	}
	if _, err := c.b.ImportBookings(contextOf(quartier.RolePlanner), budget.ImportRequest{Input: strings.NewReader(export2025), Name: "x.csv"}); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("planner imports: %v", err)
	}
}

func checkProblems(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatal("import accepted")
	}
	ps := quartier.ErrorProblems(err)
	var got []string
	for _, p := range ps {
		got = append(got, p.Message)
	}
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("problems lack %q:\n%s", w, all)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(ps), len(want), all)
	}
}

// A sheet: numeric cells are numbers, text cells German, date cells dates.
func TestImportXLSX(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	c.mapFinance(t)
	rows := [][]any{
		{"Buchungsnummer", "Datum", "Betrag", "Kostenstelle", "Kostenträger", "Text"},
		{"X-1", time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC), 1234.56, 4711, 36310, "Zahl"},
		{"X-2", "01.03.2025", "1.234", "4711", "36310", "Text mit Tausenderpunkt"},
		{"X-3", "2025-03-02", -20.1, "4711", "36320", "Gutschrift"},
	}
	if _, err := c.b.ImportBookings(op, budget.ImportRequest{Input: sheet(t, append(rows[:1:1], []any{"X-9", "2025-03-02", 1234.567, "4711", "36310", "x"})), Name: "f.xlsx"}); err == nil ||
		!strings.Contains(quartier.ErrorMessage(err), "Zeile 2, Spalte Betrag: 1234.567 hat mehr als zwei Nachkommastellen.") {
		t.Errorf("three decimals: %v", err)
	}
	res, err := c.b.ImportBookings(op, budget.ImportRequest{Input: sheet(t, rows), Name: "fibu.xlsx"})
	if err != nil {
		t.Fatalf("%v %v", err, quartier.ErrorProblems(err))
	}
	if res.New != 3 || res.Sum != 123_456+123_400-2_010 {
		t.Errorf("xlsx import %+v", res)
	}
	var on time.Time
	_ = c.Store.View(context.Background(), func(tx quartier.Tx) error {
		es, err := tx.EntriesByRefs(context.Background(), []string{"fin:X-1"})
		if len(es) == 1 {
			on = es[0].On
		}
		return err
	})
	if !on.Equal(day(2025, 2, 3)) {
		t.Errorf("date cell read as %s", on)
	}
}

// sheet writes rows as a workbook, the first date of the data a date cell.
func sheet(t *testing.T, rows [][]any) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	_ = f.SetCellStyle("Sheet1", "B2", "B2", style)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// cancelling progress cancels the import in the middle of writing.
type cancelling struct{ cancel context.CancelFunc }

func (p cancelling) Start(string, int) {}
func (p cancelling) Add(int)           { p.cancel() }
func (p cancelling) Done()             {}

// An import stopped half-way leaves nothing.
func TestImportInterrupted(t *testing.T) {
	c := open(t, day(2025, 7, 1))
	c.weimarWest(t)
	c.mapFinance(t)
	var b strings.Builder
	b.WriteString("Buchungs-ID;Buchungsdatum;Betrag;Kostenstelle;Kostenträger;Buchungstext\n")
	for i := range 12_000 {
		b.WriteString("N-" + time.Duration(i).String() + ";03.02.2025;1,00;4711;36310;viele\n")
	}
	n := c.entryCount(t)
	ctx, cancel := context.WithCancel(op)
	defer cancel()
	_, err := c.b.ImportBookings(ctx, budget.ImportRequest{Input: strings.NewReader(b.String()), Name: "gross.csv", Progress: cancelling{cancel}})
	if err == nil || !strings.Contains(quartier.ErrorMessage(err), "nichts wurde geschrieben") {
		t.Fatalf("interrupted import: %v", err)
	}
	if got := c.entryCount(t); got != n {
		t.Errorf("%d entries after an interrupted import, want %d", got, n)
	}
}

// FuzzReadFinance: whatever the bytes, the reader returns rows that are
// whole, or an error; it never panics.
func FuzzReadFinance(f *testing.F) {
	f.Add([]byte(export2025))
	f.Add([]byte("id,date,amount,cost_centre,cost_unit,text\n1,2025-01-01,\"1.234,56\",a,b,c\n"))
	f.Add([]byte("Buchungs-ID\tDatum\tBetrag\tKostenstelle\tKostenträger\nA\t01.01.2025\t-0,01\t1\t2\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte("id;date;amount;cost_centre;cost_unit;text\nA;2025-01-01;1,00;1;2;x" + strings.Repeat("ä", 600) + "\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := budget.ReadFinance(bytes.NewReader(b))
		if err != nil {
			if rows != nil {
				t.Fatal("rows with an error")
			}
			return
		}
		seen := map[string]bool{}
		last := 0
		for _, r := range rows {
			if r.ID == "" || seen[r.ID] || r.Amount == 0 || r.On.IsZero() || r.CostCentre == "" || r.CostUnit == "" || r.Row <= last {
				t.Fatalf("bad row %+v", r)
			}
			if !utf8.ValidString(r.Text) || !utf8.ValidString(r.ID) || utf8.RuneCountInString(r.Text) > 500 {
				t.Fatalf("text not whole %+v", r)
			}
			if r.Amount > quartier.MaxCents || r.Amount < -quartier.MaxCents {
				t.Fatalf("amount out of bounds %+v", r)
			}
			seen[r.ID], last = true, r.Row
		}
	})
}
