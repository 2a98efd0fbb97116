package quartier

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A space budget (Sozialraumbudget) is the money of one space, or of one
// team in it, for a year, split into lines (case, milieu and structural
// work by default). Money moves only through the ledger: every amount
// planned, committed or booked is an Entry, entries are never changed or
// deleted, and a correction is a reversal entry. The figures of a line
// (plan, open commitments, bookings, what is available honouring the cover
// groups, the forecast) are sums over its entries.
//
// A warning is never a cap: a legal claim to help (§ 27 ff. SGB VIII)
// cannot be refused for lack of budget, so a booking or commitment beyond
// a line is written like any other and merely comes back with a warning.

// BudgetNote goes with every budget warning, on every surface that shows
// one: the warning informs, it does not decide.
const BudgetNote = "Ein Hinweis ist keine Grenze: Die Entscheidung über die Hilfe steht für sich (Rechtsanspruch nach §§ 27 ff. SGB VIII)."

// Cents is an amount of money in euro cents. Money is never a float, so
// sums over a million entries are exact.
type Cents int64

// MaxCents bounds every single amount (10 billion euro): far above any
// budget, and low enough that products with rates and days stay within
// int64.
const MaxCents Cents = 1_000_000_000_000

// String renders c as German readers expect it: "1.234,56 €".
func (c Cents) String() string { return c.Number() + " €" }

// Number renders c without the currency sign: "-1.234,56".
func (c Cents) Number() string {
	sign, v := "", int64(c)
	if v < 0 {
		sign, v = "-", -v
	}
	return sign + groupThousands(v/100) + fmt.Sprintf(",%02d", v%100)
}

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParseEuro reads an amount written the German way: "1.234,56", "1234,5",
// "300.000", optionally with a sign and "€" or "EUR". A dot is always a
// thousands separator, so "12.5" is refused rather than guessed.
func ParseEuro(s string) (Cents, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, "€"), "EUR"))
	v, ok := parseHundredths(t)
	if !ok {
		return 0, Errorf(EINVALID, "Betrag %q ist keine Zahl in deutscher Schreibweise (z. B. 1.234,56).", s)
	}
	if c := Cents(v); c > MaxCents || c < -MaxCents {
		return 0, Errorf(EINVALID, "Betrag %q ist größer als %s.", s, MaxCents)
	}
	return Cents(v), nil
}

// parseHundredths reads a German decimal with at most two decimals into
// hundredths: digits with optional "." thousands groups, then "," and
// one or two digits.
func parseHundredths(s string) (int64, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ",")
	if whole == "" || (hasFrac && (len(frac) == 0 || len(frac) > 2)) || len(whole) > 17 {
		return 0, false
	}
	groups := strings.Split(whole, ".")
	for i, g := range groups {
		if g == "" || !allDigits(g) || (i > 0 && len(g) != 3) || (len(groups) > 1 && i == 0 && len(g) > 3) {
			return 0, false
		}
	}
	if !allDigits(frac) {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.Join(groups, ""), 10, 64)
	if err != nil || n > int64(MaxCents) {
		return 0, false
	}
	f := frac + strings.Repeat("0", 2-len(frac))
	d, _ := strconv.ParseInt(f, 10, 64)
	n = n*100 + d
	if neg {
		n = -n
	}
	return n, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Prorate is c × num / den (den > 0), rounded half away from zero to the
// cent (kaufmännisch): a share of a surplus, a run rate carried to the
// year end, a sum shortened with its term.
func (c Cents) Prorate(num, den int64) Cents { return Cents(divRound(int64(c)*num, den)) }

// divRound divides n by d > 0, rounding half away from zero (kaufmännisch).
func divRound(n, d int64) int64 {
	if n < 0 {
		return -((-n + d/2) / d)
	}
	return (n + d/2) / d
}

// Line types as shipped; an office may configure others (BudgetRules).
const (
	LineCase       = "case"       // Fallarbeit
	LineMilieu     = "milieu"     // Milieuarbeit / fallübergreifende Arbeit
	LineStructural = "structural" // Strukturarbeit / fallunabhängige Arbeit
)

// LineTypeDef is one configured line type: its code, German label and
// cover group. Lines whose types share a cover group (Deckungskreis) are
// mutually coverable: one may overspend against the others' surplus.
type LineTypeDef struct {
	Code       string `json:"code"`
	Label      string `json:"label"`
	CoverGroup string `json:"cover_group,omitempty"`
}

// CarryOverRule says what of a year's surplus stays with the space: a
// share (percent) added to the plan of the next year's line of a type.
type CarryOverRule struct {
	SharePercent int    `json:"share_percent"`
	ToLineType   string `json:"to_line_type,omitempty"`
}

// BudgetRules are an office's settings for all its budgets: the line types
// with their coverability, the warning thresholds (percent of a line's or
// cover group's plan bound or spent) and the year-end carry-over.
type BudgetRules struct {
	LineTypes  []LineTypeDef `json:"line_types"`
	Thresholds []int         `json:"thresholds"`
	CarryOver  CarryOverRule `json:"carry_over"`
	// HourlyRates are the service-hour rates (Fachleistungsstunde) the
	// hours recorded are priced at to show what hourly billing would have
	// cost beside a lump sum; no rate, no comparison.
	HourlyRates []HourlyRate `json:"hourly_rates,omitempty"`
}

// HourlyRate is the price of one service hour, for a year (0: every
// year), a space ("": every space) and a line type ("": every type). The
// most specific rate that matches a line wins: space before line type
// before year.
type HourlyRate struct {
	Year     int       `json:"year,omitempty"`
	Space    SpaceCode `json:"space,omitempty"`
	LineType string    `json:"line_type,omitempty"`
	Rate     Cents     `json:"rate"` // per hour
}

// HourlyRate is the rate for lines of lineType in space and year, and
// whether one is configured.
func (r *BudgetRules) HourlyRate(year int, space SpaceCode, lineType string) (Cents, bool) {
	best, rate := -1, Cents(0)
	for _, h := range r.HourlyRates {
		if (h.Year != 0 && h.Year != year) || (h.Space != "" && h.Space != space) || (h.LineType != "" && h.LineType != lineType) {
			continue
		}
		score := 0
		if h.Space != "" {
			score += 4
		}
		if h.LineType != "" {
			score += 2
		}
		if h.Year != 0 {
			score++
		}
		if score > best {
			best, rate = score, h.Rate
		}
	}
	return rate, best >= 0
}

// DefaultBudgetRules are Verden's lines (case and milieu mutually
// coverable, structural not), warnings at 80 % and 100 %, and no
// carry-over: money not spent lapses unless the office decides otherwise.
func DefaultBudgetRules() BudgetRules {
	return BudgetRules{
		LineTypes: []LineTypeDef{
			{Code: LineCase, Label: "Fallarbeit", CoverGroup: "fall-milieu"},
			{Code: LineMilieu, Label: "Milieuarbeit", CoverGroup: "fall-milieu"},
			{Code: LineStructural, Label: "Strukturarbeit"},
		},
		Thresholds: []int{80, 100},
	}
}

// Validate checks the rules as a whole; messages name the faulty part.
func (r *BudgetRules) Validate() error {
	if len(r.LineTypes) == 0 {
		return Errorf(EINVALID, "Die Haushaltsregeln brauchen mindestens eine Zeilenart.")
	}
	seen := map[string]bool{}
	for i, t := range r.LineTypes {
		if !validCode(t.Code) {
			return Errorf(EINVALID, "Zeilenart %d: Code %q ist ungültig (a–z, 0–9, - und _).", i+1, t.Code)
		}
		if seen[t.Code] {
			return Errorf(EINVALID, "Zeilenart %s ist doppelt.", t.Code)
		}
		seen[t.Code] = true
		if strings.TrimSpace(t.Label) == "" {
			return Errorf(EINVALID, "Zeilenart %s braucht eine Bezeichnung.", t.Code)
		}
		if t.CoverGroup != "" && !validCode(t.CoverGroup) {
			return Errorf(EINVALID, "Zeilenart %s: Deckungskreis %q ist ungültig.", t.Code, t.CoverGroup)
		}
	}
	if len(r.Thresholds) == 0 || len(r.Thresholds) > 5 {
		return Errorf(EINVALID, "Es braucht eine bis fünf Hinweisschwellen (z. B. 80 und 100 Prozent).")
	}
	for i, t := range r.Thresholds {
		if t < 1 || t > 1000 {
			return Errorf(EINVALID, "Hinweisschwelle %d %% liegt nicht zwischen 1 und 1000 %%.", t)
		}
		if i > 0 && t <= r.Thresholds[i-1] {
			return Errorf(EINVALID, "Hinweisschwellen müssen aufsteigen (%d %% nach %d %%).", t, r.Thresholds[i-1])
		}
	}
	co := r.CarryOver
	if co.SharePercent < 0 || co.SharePercent > 100 {
		return Errorf(EINVALID, "Der Anteil des Übertrags (%d %%) liegt nicht zwischen 0 und 100 %%.", co.SharePercent)
	}
	if co.SharePercent > 0 && !seen[co.ToLineType] {
		return Errorf(EINVALID, "Der Übertrag geht in die Zeilenart %q, die es in den Regeln nicht gibt.", co.ToLineType)
	}
	rates := map[HourlyRate]bool{}
	for i, h := range r.HourlyRates {
		where := fmt.Sprintf("Stundensatz %d", i+1)
		if h.Rate <= 0 || h.Rate > maxRate {
			return Errorf(EINVALID, "%s: %s je Stunde liegt nicht über 0 und bis %s.", where, h.Rate, Cents(maxRate))
		}
		if h.Year != 0 && (h.Year < 2000 || h.Year > 2100) {
			return Errorf(EINVALID, "%s: Jahr %d liegt nicht zwischen 2000 und 2100.", where, h.Year)
		}
		if h.LineType != "" && !seen[h.LineType] {
			return Errorf(EINVALID, "%s: Zeilenart %q gibt es in den Regeln nicht.", where, h.LineType)
		}
		if h.Space != "" && !validCode(string(h.Space)) {
			return Errorf(EINVALID, "%s: Sozialraum-Code %q ist ungültig.", where, h.Space)
		}
		key := h
		key.Rate = 0
		if rates[key] {
			return Errorf(EINVALID, "%s gilt für dasselbe Jahr, denselben Sozialraum und dieselbe Zeilenart wie ein früherer.", where)
		}
		rates[key] = true
	}
	return nil
}

// LineType returns the definition of a line type code.
func (r *BudgetRules) LineType(code string) (LineTypeDef, bool) {
	i := slices.IndexFunc(r.LineTypes, func(t LineTypeDef) bool { return t.Code == code })
	if i < 0 {
		return LineTypeDef{}, false
	}
	return r.LineTypes[i], true
}

// FundingMode is how a line (or a contract booked to it) is paid.
type FundingMode string

const (
	FundingLumpSum      FundingMode = "lump_sum"      // Pauschale
	FundingServiceHours FundingMode = "service_hours" // Fachleistungsstunden
	FundingDailyRate    FundingMode = "daily_rate"    // Tagessatz
	FundingActualCost   FundingMode = "actual_cost"   // Ist-Kosten
)

// FundingModes lists the modes in display order.
var FundingModes = []FundingMode{FundingLumpSum, FundingServiceHours, FundingDailyRate, FundingActualCost}

// Label is the mode's German name.
func (m FundingMode) Label() string {
	switch m {
	case FundingLumpSum:
		return "Pauschale"
	case FundingServiceHours:
		return "Fachleistungsstunden"
	case FundingDailyRate:
		return "Tagessatz"
	case FundingActualCost:
		return "Ist-Kosten"
	}
	return string(m)
}

// BudgetBasis records how a budget's amount was set.
type BudgetBasis string

const (
	BasisPreviousActual BudgetBasis = "previous_actual" // actual costs of earlier years (Nordfriesland)
	BasisPerResident    BudgetBasis = "per_resident"    // an amount per young resident
	BasisNegotiated     BudgetBasis = "negotiated"      // negotiated with the providers (Weimar)
)

// Label is the basis's German name; "" reads "nicht angegeben".
func (b BudgetBasis) Label() string {
	switch b {
	case BasisPreviousActual:
		return "Ist-Kosten der Vorjahre"
	case BasisPerResident:
		return "je jungem Einwohner"
	case BasisNegotiated:
		return "verhandelt"
	case "":
		return "nicht angegeben"
	}
	return string(b)
}

// BudgetKey names a budget: its space, its team ("" for the whole space)
// and its year.
type BudgetKey struct {
	Space SpaceCode `json:"space"`
	Team  string    `json:"team,omitempty"`
	Year  int       `json:"year"`
}

// String is the key as the audit log and messages name it: "west 2025",
// "west/asd-west 2025".
func (k BudgetKey) String() string {
	if k.Team == "" {
		return fmt.Sprintf("%s %d", k.Space, k.Year)
	}
	return fmt.Sprintf("%s/%s %d", k.Space, k.Team, k.Year)
}

// Budget is the money of a space, or of one of its teams, for a year.
type Budget struct {
	ID int64 `json:"-"`
	BudgetKey
	Basis     BudgetBasis `json:"basis,omitempty"`
	Note      string      `json:"note,omitempty"`
	Lines     []Line      `json:"lines"`
	CreatedAt time.Time   `json:"created_at"`
}

// Validate checks the budget and its lines before they are stored.
func (b *Budget) Validate() error {
	if b.Space == "" {
		return Errorf(EINVALID, "Der Haushalt braucht einen Sozialraum.")
	}
	if b.Year < 2000 || b.Year > 2100 {
		return Errorf(EINVALID, "Haushaltsjahr %d liegt nicht zwischen 2000 und 2100.", b.Year)
	}
	if b.Team != "" && !validCode(b.Team) {
		return Errorf(EINVALID, "Team-Code %q ist ungültig.", b.Team)
	}
	switch b.Basis {
	case "", BasisPreviousActual, BasisPerResident, BasisNegotiated:
	default:
		return Errorf(EINVALID, "Unbekannte Grundlage des Haushalts %q (previous_actual, per_resident, negotiated).", b.Basis)
	}
	if len(b.Lines) == 0 {
		return Errorf(EINVALID, "Der Haushalt %s braucht mindestens eine Zeile.", b.BudgetKey)
	}
	seen := map[string]bool{}
	for i := range b.Lines {
		l := &b.Lines[i]
		if err := l.Validate(); err != nil {
			return err
		}
		if seen[l.Code] {
			return Errorf(EINVALID, "Zeile %s ist im Haushalt %s doppelt.", l.Code, b.BudgetKey)
		}
		seen[l.Code] = true
	}
	return nil
}

// Line returns the line with the given code, nil when there is none.
func (b *Budget) Line(code string) *Line {
	for i := range b.Lines {
		if b.Lines[i].Code == code {
			return &b.Lines[i]
		}
	}
	return nil
}

// LineByID returns the line with the given id, nil when there is none.
func (b *Budget) LineByID(id int64) *Line {
	for i := range b.Lines {
		if b.Lines[i].ID == id {
			return &b.Lines[i]
		}
	}
	return nil
}

// Start and End bound the budget year [1 January, 1 January next year).
func (b *Budget) Start() time.Time { return time.Date(b.Year, 1, 1, 0, 0, 0, 0, time.UTC) }
func (b *Budget) End() time.Time   { return time.Date(b.Year+1, 1, 1, 0, 0, 0, 0, time.UTC) }

// Line is one part of a budget. Its type and cover group are copied from
// the office's rules when the budget is made, so a later change of the
// rules does not rewrite a running year. Several lines may share a type:
// in a transition period (Weimar's introduction phase) a lump-sum case
// line and a service-hour case line run side by side.
type Line struct {
	ID         int64       `json:"-"`
	BudgetID   int64       `json:"-"`
	Code       string      `json:"code"`
	Type       string      `json:"type"`
	Label      string      `json:"label"`
	Funding    FundingMode `json:"funding"`
	Provider   string      `json:"provider,omitempty"` // provider or alliance paid from the line, if one
	CoverGroup string      `json:"cover_group,omitempty"`
}

// Validate checks a line's own fields (its type against the rules is the
// budget context's check).
func (l *Line) Validate() error {
	if !validCode(l.Code) {
		return Errorf(EINVALID, "Zeilen-Code %q ist ungültig (a–z, 0–9, - und _).", l.Code)
	}
	if l.Type == "" || strings.TrimSpace(l.Label) == "" {
		return Errorf(EINVALID, "Zeile %s braucht Art und Bezeichnung.", l.Code)
	}
	if !slices.Contains(FundingModes, l.Funding) {
		return Errorf(EINVALID, "Zeile %s: unbekannte Finanzierungsart %q (lump_sum, service_hours, daily_rate, actual_cost).", l.Code, l.Funding)
	}
	if l.CoverGroup != "" && !validCode(l.CoverGroup) {
		return Errorf(EINVALID, "Zeile %s: Deckungskreis %q ist ungültig.", l.Code, l.CoverGroup)
	}
	return nil
}

// EntryKind says what an entry of the ledger records.
type EntryKind string

const (
	EntryPlanned   EntryKind = "planned"   // Planansatz: the line's plan (initial, shifted, carried over)
	EntryCommitted EntryKind = "committed" // Mittelbindung: money promised, e.g. by a granted help
	EntryBooked    EntryKind = "booked"    // Buchung: money spent
)

// Label is the kind's German name.
func (k EntryKind) Label() string {
	switch k {
	case EntryPlanned:
		return "Planansatz"
	case EntryCommitted:
		return "Mittelbindung"
	case EntryBooked:
		return "Buchung"
	}
	return string(k)
}

// Term is the half-open period [From, To) a commitment runs.
type Term struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Days is the number of days in the term.
func (t Term) Days() int64 { return int64(t.To.Sub(t.From) / (24 * time.Hour)) }

// String renders the term as German readers expect it, with the last day
// included: "01.01.2025–30.06.2025".
func (t Term) String() string {
	return t.From.Format(GermanDateLayout) + "–" + t.To.AddDate(0, 0, -1).Format(GermanDateLayout)
}

// Unit is what a commitment's rate is paid for.
type Unit string

const (
	UnitHour Unit = "hour" // a service hour (Fachleistungsstunde)
	UnitDay  Unit = "day"  // a day of a daily rate (Tagessatz)
)

// Label is the unit's German name in the plural, as volumes use it.
func (u Unit) Label() string {
	switch u {
	case UnitHour:
		return "Std."
	case UnitDay:
		return "Tage"
	}
	return string(u)
}

// Volume is how a help is measured: a weekly volume of units (hundredths:
// 550 = 5,5 hours a week; 700 = every day of the week) at a rate per unit.
type Volume struct {
	Unit    Unit  `json:"unit"`
	PerWeek int64 `json:"per_week"` // hundredths of a unit per week
	Rate    Cents `json:"rate"`     // per unit
}

// Bounds keep Amount within int64: PerWeek × Rate × days < 1e5 × 1e8 × 366.
const (
	maxPerWeek = 100_000 // 1,000 units a week
	maxRate    = 100_000_000
)

// Validate checks the volume.
func (v *Volume) Validate() error {
	if v.Unit != UnitHour && v.Unit != UnitDay {
		return Errorf(EINVALID, "Unbekannte Einheit %q (hour oder day).", v.Unit)
	}
	if v.PerWeek <= 0 || v.PerWeek > maxPerWeek {
		return Errorf(EINVALID, "Der Wochenumfang %s %s liegt nicht über 0 und bis 1.000.", Hundredths(v.PerWeek), v.Unit.Label())
	}
	if v.Rate <= 0 || v.Rate > maxRate {
		return Errorf(EINVALID, "Der Satz %s je Einheit liegt nicht über 0 und bis 1.000.000 €.", v.Rate)
	}
	return nil
}

// Amount is the sum of the volume over a term: units per week × rate ×
// days / 7, rounded half up to the cent once, over the whole term.
func (v *Volume) Amount(t Term) Cents {
	return Cents(divRound(v.PerWeek*int64(v.Rate)*t.Days(), 700))
}

// String renders the volume: "5,5 Std./Woche × 62,40 €".
func (v *Volume) String() string {
	return Hundredths(v.PerWeek) + " " + v.Unit.Label() + "/Woche × " + v.Rate.String()
}

// ParseHundredths reads a German decimal with up to two decimals ("5,5")
// into hundredths (550).
func ParseHundredths(s string) (int64, error) {
	v, ok := parseHundredths(strings.TrimSpace(s))
	if !ok {
		return 0, Errorf(EINVALID, "%q ist keine Zahl mit höchstens zwei Nachkommastellen (z. B. 5,5).", s)
	}
	return v, nil
}

// Hundredths renders hundredths as a German decimal without trailing
// zeros: 550 → "5,5", 700 → "7".
func Hundredths(v int64) string {
	s := Cents(v).Number()
	s = strings.TrimSuffix(s, ",00")
	if strings.Contains(s, ",") {
		s = strings.TrimSuffix(s, "0")
	}
	return s
}

// Commitment is what granting a help promises to pay from a line of a
// space's budget: over a term, either a weekly volume at a rate (summed
// over the term) or an amount as such. It is the one model of a
// commitment whoever makes it: a controller by hand today, a referral of
// a help to a provider once case work exists (Ref then names the
// referral, and the same referral cannot bind money twice). The budget
// of the commitment is the one of the space and team for the year its
// term starts in, and the term must end within that year.
type Commitment struct {
	Space  SpaceCode `json:"space"`
	Team   string    `json:"team,omitempty"`
	Line   string    `json:"line"` // line code
	Term   Term      `json:"term"`
	Volume *Volume   `json:"volume,omitempty"`
	Amount Cents     `json:"amount,omitempty"` // when there is no volume
	Ref    string    `json:"ref,omitempty"`
	Why    string    `json:"why"`
}

// Key is the budget the commitment draws on.
func (c *Commitment) Key() BudgetKey {
	return BudgetKey{Space: c.Space, Team: c.Team, Year: c.Term.From.Year()}
}

// Sum is the commitment's amount: the volume over the term, or the amount
// given. Exactly one of them must be set, and the sum must be positive.
func (c *Commitment) Sum() (Cents, error) {
	switch {
	case c.Volume != nil && c.Amount != 0:
		return 0, Errorf(EINVALID, "Eine Mittelbindung hat entweder einen Wochenumfang oder einen Betrag, nicht beides.")
	case c.Volume != nil:
		if err := c.Volume.Validate(); err != nil {
			return 0, err
		}
		if !c.Term.To.After(c.Term.From) {
			return 0, Errorf(EINVALID, "Das Ende der Laufzeit liegt nicht nach dem Beginn.")
		}
		sum := c.Volume.Amount(c.Term)
		if sum <= 0 {
			return 0, Errorf(EINVALID, "%s über %s ergibt keinen Betrag.", c.Volume.String(), c.Term)
		}
		return sum, nil
	case c.Amount <= 0:
		return 0, Errorf(EINVALID, "Eine Mittelbindung braucht einen Wochenumfang mit Satz oder einen Betrag über 0 €.")
	case c.Amount > MaxCents:
		return 0, Errorf(EINVALID, "Betrag %s ist größer als %s.", c.Amount, MaxCents)
	}
	return c.Amount, nil
}

// Entry is one line of the append-only ledger of a budget: who recorded
// what amount of which kind on which line, when and why. It is never
// changed or deleted; a correction is a new entry that reverses it (the
// negated amount, Reverses naming it), and an entry is reversed at most
// once.
type Entry struct {
	ID       int64     `json:"id"`
	BudgetID int64     `json:"-"` // filled when read: the budget of the line
	LineID   int64     `json:"-"`
	Kind     EntryKind `json:"kind"`
	Amount   Cents     `json:"amount"`
	// On is the value date: the day of a booking, of a plan decision, of
	// the grant or change of a commitment.
	On time.Time `json:"on"`
	// Term of every committed entry: the help's period (adjustments carry
	// the changed term).
	Term *Term `json:"term,omitempty"`
	// Volume of a commitment measured by a weekly volume; nil when the
	// amount was given as such (a lump sum, an estimate of actual costs).
	Volume *Volume `json:"volume,omitempty"`
	// Commitment names, for a booking, the commitment it pays; for a
	// committed entry that is not itself a commitment (an adjustment of
	// the term, a reversal), the commitment it changes.
	Commitment int64 `json:"commitment,omitempty"`
	// Reverses names the entry this one reverses.
	Reverses int64 `json:"reverses,omitempty"`
	// Ref is the outside reference, without personal data: a referral
	// ("referral:123"), a booking ID of the finance system.
	Ref    string    `json:"ref,omitempty"`
	Why    string    `json:"why"`
	UserID int64     `json:"-"`
	Login  string    `json:"login"`
	At     time.Time `json:"at"`
}

// Validate checks what every entry needs, whatever the use case.
func (e *Entry) Validate() error {
	switch e.Kind {
	case EntryPlanned, EntryCommitted, EntryBooked:
	default:
		return Errorf(EINVALID, "Unbekannte Buchungsart %q.", e.Kind)
	}
	if e.Amount == 0 {
		return Errorf(EINVALID, "Ein Betrag von 0 € wird nicht eingetragen.")
	}
	if e.Amount > MaxCents || e.Amount < -MaxCents {
		return Errorf(EINVALID, "Betrag %s ist größer als %s.", e.Amount, MaxCents)
	}
	if strings.TrimSpace(e.Why) == "" {
		return Errorf(EINVALID, "Jeder Eintrag braucht einen Grund.")
	}
	if e.Kind == EntryCommitted && (e.Term == nil || !e.Term.To.After(e.Term.From)) {
		return Errorf(EINVALID, "Eine Mittelbindung braucht eine Laufzeit, deren Ende nach dem Beginn liegt.")
	}
	if e.Kind != EntryCommitted && (e.Term != nil || e.Volume != nil) {
		return Errorf(EINVALID, "Nur eine Mittelbindung hat Laufzeit und Umfang.")
	}
	if e.On.IsZero() || e.LineID == 0 {
		return Errorf(EINVALID, "Der Eintrag braucht Zeile und Datum.")
	}
	return nil
}

// BudgetTx stores budgets, their lines and the ledger. The ledger has no
// way to change or delete an entry: corrections are reversals, appended
// like everything else, and the schema refuses UPDATE and DELETE.
type BudgetTx interface {
	// CreateBudget stores b with its lines and sets their IDs; ECONFLICT
	// when the space, team and year already have one.
	CreateBudget(ctx context.Context, b *Budget) error
	// Budget is the budget of a key with its lines in the order made;
	// ENOTFOUND when there is none.
	Budget(ctx context.Context, k BudgetKey) (*Budget, error)
	BudgetByID(ctx context.Context, id int64) (*Budget, error)
	// Budgets of a space ("" = all) and year (0 = all), with lines,
	// ordered by space, year and team.
	Budgets(ctx context.Context, space SpaceCode, year int) ([]Budget, error)

	// AppendEntry stores e and sets its ID; ECONFLICT when e reverses an
	// entry that is already reversed.
	AppendEntry(ctx context.Context, e *Entry) error
	// Entry reads one entry, BudgetID filled; ENOTFOUND when there is none.
	Entry(ctx context.Context, id int64) (*Entry, error)
	// Entries of a budget in the order they were appended.
	Entries(ctx context.Context, budgetID int64) ([]Entry, error)
	// EntrySums are a budget's entries summed by line, kind and
	// commitment: all that its figures need, without reading every entry.
	EntrySums(ctx context.Context, budgetID int64) ([]EntrySum, error)
	// EntryMonthSums are the sums of EntrySums split further by the month
	// of the value date in year (1–12; dates before the year count in
	// January, dates after it are left out): the course of a budget
	// through the year without reading every entry.
	EntryMonthSums(ctx context.Context, budgetID int64, year int) ([]EntryMonthSum, error)
	// EntriesByRef are a budget's entries carrying an outside reference
	// (reversals carry the reference of what they reverse), in ID order.
	EntriesByRef(ctx context.Context, budgetID int64, ref string) ([]Entry, error)
	// CommitmentEntries are a commitment and every entry naming it (its
	// changes, reversals and the bookings paying it), in ID order.
	CommitmentEntries(ctx context.Context, id int64) ([]Entry, error)
	// ReversalOf is the entry that reverses id; ENOTFOUND when none does.
	ReversalOf(ctx context.Context, id int64) (*Entry, error)
}

// EntrySum is the sum of a budget's entries of one line and kind. For
// committed entries Commitment is the commitment (the entry's own ID, or
// the commitment it changes); for bookings the commitment they pay, 0 for
// bookings that pay none; for planned entries 0.
type EntrySum struct {
	LineID     int64
	Kind       EntryKind
	Commitment int64
	Amount     Cents
}

// EntryMonthSum is an EntrySum of the entries dated in one month.
type EntryMonthSum struct {
	EntrySum
	Month int
}

// Sum is the part e contributes to the sums of its budget.
func (e *Entry) Sum() EntrySum {
	s := EntrySum{LineID: e.LineID, Kind: e.Kind, Commitment: e.Commitment, Amount: e.Amount}
	if e.Kind == EntryCommitted && s.Commitment == 0 {
		s.Commitment = e.ID
	}
	if e.Kind == EntryPlanned {
		s.Commitment = 0
	}
	return s
}
