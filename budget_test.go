package quartier

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCentsGerman(t *testing.T) {
	for c, want := range map[Cents]string{0: "0,00 €", 5: "0,05 €", -5: "-0,05 €", 123456: "1.234,56 €", 100000000: "1.000.000,00 €", -99999: "-999,99 €"} {
		if got := c.String(); got != want {
			t.Errorf("%d: %q, want %q", c, got, want)
		}
	}
	for in, want := range map[string]Cents{"1.234,56": 123456, "1234,5": 123450, "300.000": 30000000, "-12,00 €": -1200, "+7": 700, "0,01": 1, " 2.500,00 EUR ": 250000, "1.000.000": 100000000} {
		got, err := ParseEuro(in)
		if err != nil || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, err, want)
		}
	}
	// A dot is a thousands separator: "12.5" is refused, not read as 12,50
	// or 125; so are three decimals and stray characters.
	for _, in := range []string{"12.5", "1,234", "1.23,4", "1..000", ",5", "5,", "abc", "", "1 000", "12.3456", "10.000.000.000.000,00", "1e5"} {
		if _, err := ParseEuro(in); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), in) {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// Worked examples, computed independently (exact fractions, then rounded
// half up once):
//   - 5 h/week × 62,40 € over 01.01.–30.06.2025 (181 days):
//     5 × 62,40 × 181 / 7 = 56.472 / 7 = 8.067,428… € → 8.067,43 €
//   - a residential place, 7 days/week × 185,00 € over 01.07.–30.09.2025
//     (92 days): 185 × 92 = 17.020,00 €
//   - 5,5 h/week × 58,75 € over the first quarter (90 days):
//     116.325 / 28 = 4.154,464… € → 4.154,46 €
//   - 3,5 h/week × 0,01 € for one day = 0,005 € → 0,01 € (half up)
func TestVolumeAmount(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		v    Volume
		term Term
		days int64
		want Cents
	}{
		{Volume{UnitHour, 500, 6240}, Term{d(2025, 1, 1), d(2025, 7, 1)}, 181, 806743},
		{Volume{UnitDay, 700, 18500}, Term{d(2025, 7, 1), d(2025, 10, 1)}, 92, 1702000},
		{Volume{UnitHour, 550, 5875}, Term{d(2025, 1, 1), d(2025, 4, 1)}, 90, 415446},
		{Volume{UnitHour, 350, 1}, Term{d(2025, 3, 1), d(2025, 3, 2)}, 1, 1},
	} {
		if got := c.term.Days(); got != c.days {
			t.Errorf("%s: %d days, want %d", c.term, got, c.days)
		}
		if got := c.v.Amount(c.term); got != c.want {
			t.Errorf("%s over %s: %s, want %s", c.v.String(), c.term, got, c.want)
		}
	}
	if s := (&Volume{UnitHour, 550, 5875}).String(); s != "5,5 Std./Woche × 58,75 €" {
		t.Errorf("volume reads %q", s)
	}
	if s := (Term{d(2025, 1, 1), d(2025, 7, 1)}).String(); s != "01.01.2025–30.06.2025" {
		t.Errorf("term reads %q (the last day is shown included)", s)
	}
	for in, want := range map[string]int64{"5,5": 550, "7": 700, "0,25": 25, "1.000": 100000} {
		if got, err := ParseHundredths(in); err != nil || got != want {
			t.Errorf("%q: %d %v", in, got, err)
		}
	}
	for _, v := range []Volume{{"week", 100, 100}, {UnitHour, 0, 100}, {UnitHour, 100, 0}, {UnitDay, maxPerWeek + 1, 1}, {UnitDay, 1, maxRate + 1}} {
		if err := v.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%+v: %v", v, err)
		}
	}
}

func TestBudgetRulesValidate(t *testing.T) {
	r := DefaultBudgetRules()
	if err := r.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	// Defaults are handed out as copies.
	r.LineTypes[0].CoverGroup = ""
	if DefaultBudgetRules().LineTypes[0].CoverGroup != "fall-milieu" {
		t.Fatal("DefaultBudgetRules shares its slices")
	}
	for name, c := range map[string]struct {
		change func(*BudgetRules)
		says   string
	}{
		"no types":           {func(r *BudgetRules) { r.LineTypes = nil }, "Zeilenart"},
		"bad code":           {func(r *BudgetRules) { r.LineTypes[1].Code = "Milieu Arbeit" }, "Zeilenart 2"},
		"twice":              {func(r *BudgetRules) { r.LineTypes[1].Code = "case" }, "case ist doppelt"},
		"no label":           {func(r *BudgetRules) { r.LineTypes[2].Label = " " }, "structural"},
		"bad group":          {func(r *BudgetRules) { r.LineTypes[0].CoverGroup = "A B" }, "Deckungskreis"},
		"no thresholds":      {func(r *BudgetRules) { r.Thresholds = nil }, "Hinweisschwelle"},
		"descending":         {func(r *BudgetRules) { r.Thresholds = []int{100, 80} }, "aufsteigen"},
		"zero threshold":     {func(r *BudgetRules) { r.Thresholds = []int{0} }, "0 %"},
		"share above 100":    {func(r *BudgetRules) { r.CarryOver = CarryOverRule{SharePercent: 120, ToLineType: "structural"} }, "120"},
		"carry to no type":   {func(r *BudgetRules) { r.CarryOver = CarryOverRule{SharePercent: 50, ToLineType: "projekte"} }, "projekte"},
		"carry without type": {func(r *BudgetRules) { r.CarryOver = CarryOverRule{SharePercent: 50} }, "Übertrag"},
	} {
		r := DefaultBudgetRules()
		c.change(&r)
		err := r.Validate()
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.says) {
			t.Errorf("%s: %v (want a message naming %q)", name, err, c.says)
		}
	}
}

func TestEntryValidate(t *testing.T) {
	d := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	ok := Entry{LineID: 1, Kind: EntryBooked, Amount: 100, On: d, Why: "Rechnung"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	term := &Term{d, d.AddDate(0, 1, 0)}
	for name, e := range map[string]Entry{
		"zero":              {LineID: 1, Kind: EntryBooked, Amount: 0, On: d, Why: "x"},
		"no why":            {LineID: 1, Kind: EntryBooked, Amount: 1, On: d, Why: "  "},
		"too much":          {LineID: 1, Kind: EntryBooked, Amount: MaxCents + 1, On: d, Why: "x"},
		"commit, no term":   {LineID: 1, Kind: EntryCommitted, Amount: 1, On: d, Why: "x"},
		"commit, bad term":  {LineID: 1, Kind: EntryCommitted, Amount: 1, On: d, Why: "x", Term: &Term{d, d}},
		"booking with term": {LineID: 1, Kind: EntryBooked, Amount: 1, On: d, Why: "x", Term: term},
		"no line":           {Kind: EntryBooked, Amount: 1, On: d, Why: "x"},
		"unknown kind":      {LineID: 1, Kind: "paid", Amount: 1, On: d, Why: "x"},
	} {
		if err := e.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The ledger has no path that changes or removes an entry: the only
// methods of BudgetTx that touch entries append one or read them (a new
// one fails here until it is placed on purpose).
func TestLedgerHasNoEditPath(t *testing.T) {
	typ := reflect.TypeFor[BudgetTx]()
	var entryMethods []string
	for i := range typ.NumMethod() {
		if name := typ.Method(i).Name; strings.Contains(name, "Entr") || strings.Contains(name, "Revers") {
			entryMethods = append(entryMethods, name)
		}
	}
	if want := []string{"AppendEntry", "CommitmentEntries", "Entries", "EntriesByRef", "Entry", "EntryMonthSums", "EntrySums", "ReversalOf"}; !reflect.DeepEqual(entryMethods, want) {
		t.Fatalf("BudgetTx methods on entries: %v, want only %v", entryMethods, want)
	}
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		for _, verb := range []string{"Update", "Delete", "Set", "Edit", "Remove", "Change"} {
			if strings.HasPrefix(name, verb) {
				t.Errorf("BudgetTx.%s: budgets and their ledger are not edited in place", name)
			}
		}
	}
}

func TestBudgetValidate(t *testing.T) {
	line := Line{Code: "case", Type: "case", Label: "Fallarbeit", Funding: FundingLumpSum}
	ok := Budget{BudgetKey: BudgetKey{Space: "west", Year: 2025}, Lines: []Line{line}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		change func(*Budget)
		says   string
	}{
		"no space":     {func(b *Budget) { b.Space = "" }, "Sozialraum"},
		"year":         {func(b *Budget) { b.Year = 25 }, "25"},
		"team":         {func(b *Budget) { b.Team = "ASD West" }, "ASD West"},
		"basis":        {func(b *Budget) { b.Basis = "geschätzt" }, "geschätzt"},
		"no lines":     {func(b *Budget) { b.Lines = nil }, "Zeile"},
		"line twice":   {func(b *Budget) { b.Lines = []Line{line, line} }, "doppelt"},
		"line code":    {func(b *Budget) { b.Lines[0].Code = "Fall" }, "Fall"},
		"funding":      {func(b *Budget) { b.Lines[0].Funding = "fls" }, "fls"},
		"line label":   {func(b *Budget) { b.Lines[0].Label = "" }, "case"},
		"line cover":   {func(b *Budget) { b.Lines[0].CoverGroup = "a b" }, "a b"},
		"line no type": {func(b *Budget) { b.Lines[0].Type = "" }, "Art"},
	} {
		b := ok
		b.Lines = append([]Line(nil), ok.Lines...)
		c.change(&b)
		if err := b.Validate(); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.says) {
			t.Errorf("%s: %v (want a message naming %q)", name, err, c.says)
		}
	}
	if k := (BudgetKey{Space: "west", Team: "asd-west", Year: 2025}).String(); k != "west/asd-west 2025" {
		t.Errorf("key %q", k)
	}
}
