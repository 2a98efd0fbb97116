package monitoring

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// smallCounts reports whether an area's value rests on a count below the
// indicator's threshold: a count of 1 or 2 people, or a share whose
// numerator or denominator is one. A count of 0 is shown: "nobody" is
// what a table of the area says anyway.
func smallCounts(ind *quartier.Indicator, av AreaValue) bool {
	if math.IsNaN(av.Value) {
		return false
	}
	small := func(x float64) bool { return x > 0 && x < float64(ind.Threshold()) }
	switch {
	case ind.Kind == quartier.IndicatorCount:
		return small(av.Value)
	case av.FromCounts:
		return small(av.Numerator) || small(av.Denominator)
	}
	return false
}

// ValueTable is an indicator on layer at date as a table, with small
// numbers marked as a publication would withhold them. Internal values:
// only with indicators.read, rows only for the areas in the actor's
// spaces; the marks are computed over all areas, as published.
func (s *Service) ValueTable(ctx context.Context, indicator, layer string, date time.Time) (*quartier.OutputTable, error) {
	if err := s.audit.Require(ctx, quartier.PermReadIndicators, "indicator", indicator); err != nil {
		return nil, err
	}
	rep, err := s.allValues(ctx, indicator, layer, date)
	if err != nil {
		return nil, err
	}
	out := valueTable(rep, true)
	see := visibleAreas(ctx, s.spatial.Locator(), layer)
	out.Rows = slices.DeleteFunc(out.Rows, func(r quartier.OutputRow) bool { return !see(r.Area) })
	if err := s.audit.Read(ctx, audit.Event{Action: "indicator.values", ObjectType: "indicator", ObjectID: indicator,
		Detail: fmt.Sprintf("Tabelle, Ebene %s, Stichtag %s, %d Gebiete", layer, date.Format(quartier.GermanDateLayout), len(out.Rows))}); err != nil {
		return nil, err
	}
	return out, nil
}

// valueTable builds the table of an indicator's values: counts with the
// total; shares from counts with numerator, denominator and share, the
// totals and the share of all; other values as delivered. Counts below
// the threshold are withheld, and further cells so that the totals give
// none of them away (Protect). internal keeps the withheld values, marked.
func valueTable(rep *ValueReport, internal bool) *quartier.OutputTable {
	ind := &rep.Indicator
	var reported []AreaValue
	counts := true
	for _, av := range rep.Areas {
		if !math.IsNaN(av.Value) {
			reported = append(reported, av)
			counts = counts && (ind.Kind == quartier.IndicatorCount || av.FromCounts)
		}
	}
	out := &quartier.OutputTable{Internal: internal}
	if src := sourceNote(ind); src != "" {
		out.Notes = append(out.Notes, src)
	}
	unit := ind.Unit
	if unit == "" {
		unit = "Wert"
	}
	if !counts || ind.Kind == quartier.IndicatorMeasure {
		// Nothing to count: the delivering office has protected these
		// figures, and no total of them exists to subtract from.
		out.Columns = []string{unit}
		for _, av := range rep.Areas {
			out.Rows = append(out.Rows, quartier.OutputRow{Area: av.Area, Name: av.Name, Cells: []quartier.OutputCell{figure(av.Value, 1, "", internal)}})
		}
		out.Notes = append(out.Notes, "Ohne Zähler und Nenner geliefert: kleine Zahlen lassen sich nicht erkennen und werden nicht gesperrt.")
		return out
	}
	out.Threshold = ind.Threshold()
	tab := &CountTable{ColTotals: true}
	for _, av := range reported {
		if ind.Kind == quartier.IndicatorCount {
			tab.Cells = append(tab.Cells, []float64{av.Value})
		} else {
			tab.Cells = append(tab.Cells, []float64{av.Numerator, av.Denominator})
		}
	}
	var marks *Suppressed
	if len(tab.Cells) > 0 {
		marks = Protect(tab, float64(out.Threshold))
	}
	out.Notes = append(out.Notes, fmt.Sprintf("Zahlen unter %d und Felder, aus denen sie sich mit den Summen errechnen ließen, sind gesperrt (.).", out.Threshold))
	share := func(num, den float64, ms ...quartier.Suppression) quartier.OutputCell {
		worst := quartier.Suppression("")
		for _, m := range ms {
			if m == quartier.SuppressedPrimary || m == quartier.SuppressedSecondary && worst == "" {
				worst = m
			}
		}
		return shareCell(num, den, ind.Scale, worst, internal)
	}
	if ind.Kind == quartier.IndicatorCount {
		out.Columns = []string{unit}
	} else {
		out.Columns = []string{"Zähler", "Nenner", fmt.Sprintf("Anteil (%s)", unit)}
	}
	k := 0
	for _, av := range rep.Areas {
		row := quartier.OutputRow{Area: av.Area, Name: av.Name}
		switch {
		case math.IsNaN(av.Value):
			for range out.Columns {
				row.Cells = append(row.Cells, figure(math.NaN(), 0, "", internal))
			}
		case ind.Kind == quartier.IndicatorCount:
			row.Cells = []quartier.OutputCell{figure(av.Value, 0, marks.Cells[k][0], internal)}
			k++
		default:
			m := marks.Cells[k]
			row.Cells = []quartier.OutputCell{figure(av.Numerator, 0, m[0], internal), figure(av.Denominator, 0, m[1], internal), share(av.Numerator, av.Denominator, m...)}
			k++
		}
		out.Rows = append(out.Rows, row)
	}
	if marks != nil {
		total := quartier.OutputRow{Name: "Insgesamt"}
		sums := make([]float64, len(tab.Cells[0]))
		for _, row := range tab.Cells {
			for j, x := range row {
				sums[j] += x
			}
		}
		for j, x := range sums {
			total.Cells = append(total.Cells, figure(x, 0, marks.ColTotal[j], internal))
		}
		if ind.Kind == quartier.IndicatorShare {
			total.Cells = append(total.Cells, share(sums[0], sums[1], marks.ColTotal...))
		}
		out.Total = &total
	}
	return out
}

// figure formats x with a decimal comma (decimals places; 0 for counts):
// "" for no value, "." for a withheld cell of a published table. An
// internal table shows the withheld value and its mark.
func figure(x float64, decimals int, mark quartier.Suppression, internal bool) quartier.OutputCell {
	if math.IsNaN(x) {
		return quartier.OutputCell{}
	}
	c := quartier.OutputCell{Suppressed: mark}
	if mark != "" && !internal {
		c.Text = quartier.SuppressedText
		return c
	}
	prec := decimals
	if x == math.Trunc(x) && decimals == 0 {
		prec = 0
	} else if decimals == 0 {
		prec = -1
	}
	c.Text = strings.Replace(quartier.FormatFixed(x, prec), ".", ",", 1)
	c.Value = &x
	return c
}

// shareCell is a share of counts with one decimal, rounded half up from
// the exact fraction as official tables round: the float's own rounding
// is half to even and sees 0.15 as 0.1499…, so 1 of 400 read "0,2"
// (officially 0,3) and 3 of 2,000 "0,1" (0,2). Counts, scale and
// products that are no whole numbers in range keep the float's rounding.
func shareCell(num, den, scale float64, mark quartier.Suppression, internal bool) quartier.OutputCell {
	c := figure(num*scale/den, 1, mark, internal)
	if c.Value == nil || num < 0 || den <= 0 || num != math.Trunc(num) || den != math.Trunc(den) || scale != math.Trunc(scale) || num*scale*20 > 1<<53 || den*2 > 1<<53 {
		return c
	}
	n, d := int64(num)*int64(scale)*10, int64(den)
	q := (2*n + d) / (2 * d) // tenths, half up
	c.Text = strconv.FormatInt(q/10, 10) + "," + strconv.FormatInt(q%10, 10)
	return c
}

func sourceNote(ind *quartier.Indicator) string {
	var parts []string
	if ind.Source != "" {
		parts = append(parts, "Quelle: "+ind.Source)
	}
	if ind.Licence != "" {
		parts = append(parts, "Lizenz: "+ind.Licence)
	}
	return strings.Join(parts, "; ")
}

// indexTable is an index result as a published table: per component the
// index and its class, the combined class, and why an area was left out.
// No raw or standardised values: those would show single indicators. A
// row resting on a count below its threshold is withheld whole.
func indexTable(res *IndexResult, internal bool) *quartier.OutputTable {
	out := &quartier.OutputTable{Internal: internal}
	for _, c := range res.Index.Components {
		out.Columns = append(out.Columns, c.Name+": Index", c.Name+": Klasse")
	}
	if len(res.Index.Components) > 1 {
		out.Columns = append(out.Columns, "Klasse")
	}
	out.Columns = append(out.Columns, "Hinweis")
	if res.Index.Source != "" {
		out.Notes = append(out.Notes, "Methode: "+res.Index.Source)
	}
	small := false
	for _, r := range res.Rows {
		row := quartier.OutputRow{Area: r.Area, Name: r.Name}
		mark := quartier.Suppression("")
		if r.SmallCounts {
			mark, small = quartier.SuppressedPrimary, true
		}
		text := func(s string) quartier.OutputCell {
			c := quartier.OutputCell{Text: s, Suppressed: mark}
			if mark != "" && !internal {
				c.Text = quartier.SuppressedText
			}
			return c
		}
		for k, c := range r.Components {
			x, decimals := c.Index, 2
			if comp := &res.Index.Components[k]; positionIsIndex(comp) && c.Class != "" {
				// The figure is read against the bounds: it gets the digits
				// that keep it in its class.
				x, decimals = c.Position, comp.Classes.Decimals(c.Position, 2)
			}
			row.Cells = append(row.Cells, figure(x, decimals, mark, internal), text(c.Class))
		}
		if len(res.Index.Components) > 1 {
			row.Cells = append(row.Cells, text(r.Combined))
		}
		note := r.Excluded
		if ms := standIns(&res.Index, &r); len(ms) > 0 {
			note = "Mittelwert statt fehlendem Wert: " + strings.Join(ms, ", ")
		}
		row.Cells = append(row.Cells, quartier.OutputCell{Text: note})
		out.Rows = append(out.Rows, row)
	}
	if small {
		out.Notes = append(out.Notes, "Gebiete, deren Werte auf Zahlen unter der Schwelle ihres Indikators beruhen, sind gesperrt (.).")
	}
	return out
}

// PublishRequest names what to publish.
type PublishRequest struct {
	Kind    quartier.PublicationKind
	Subject string    // indicator or index code
	Layer   string    // "" for an index: its own layer
	Date    time.Time // an indicator's reference date; an index has its own
	Title   string    // "" for the indicator's or index's name with the date
}

// Publish releases an indicator's values or an index result on a layer to
// the committee and the public: a snapshot over all areas with small
// numbers withheld, stored whole with one audit entry. Needs
// indicators.publish.
func (s *Service) Publish(ctx context.Context, req PublishRequest) (*quartier.Publication, error) {
	if err := s.audit.Require(ctx, quartier.PermPublishIndicators, "publication", req.Subject); err != nil {
		return nil, err
	}
	p := &quartier.Publication{Kind: req.Kind, Subject: req.Subject, Layer: req.Layer, ReferenceDate: req.Date, Title: req.Title,
		PublishedBy: quartier.ActorFrom(ctx).Label(), PublishedAt: time.Now().UTC()}
	switch req.Kind {
	case quartier.PublishedIndicator:
		if req.Layer == "" || req.Date.IsZero() {
			return nil, quartier.Errorf(quartier.EINVALID, "Zum Veröffentlichen eines Indikators gehören Ebene und Stichtag.")
		}
		rep, err := s.allValues(ctx, req.Subject, req.Layer, req.Date)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(rep.Areas, func(av AreaValue) bool { return !math.IsNaN(av.Value) }) {
			return nil, quartier.Errorf(quartier.ENOTFOUND, "Indikator %s hat zum %s auf %s keine Werte.", req.Subject, req.Date.Format(quartier.GermanDateLayout), req.Layer)
		}
		p.Table = *valueTable(rep, false)
		if err := s.linkEarlier(ctx, p); err != nil {
			return nil, err
		}
		if p.Title == "" {
			p.Title = fmt.Sprintf("%s, %s", rep.Indicator.Name, req.Date.Format(quartier.GermanDateLayout))
		}
	case quartier.PublishedIndex:
		res, err := s.computeIndex(ctx, req.Subject, req.Layer)
		if err != nil {
			return nil, err
		}
		p.Layer, p.ReferenceDate = res.Layer, res.Index.ReferenceDate
		p.Table = *indexTable(res, false)
		if p.Title == "" {
			p.Title = fmt.Sprintf("%s, %s", res.Index.Name, res.Index.ReferenceDate.Format(quartier.GermanDateLayout))
		}
	default:
		return nil, quartier.Errorf(quartier.EINVALID, "Unbekannte Art der Veröffentlichung %q (indicator, index).", req.Kind)
	}
	err := audit.Change(ctx, s.audit, s.store, quartier.PermPublishIndicators, "publication", req.Subject, func(tx Tx) (audit.Event, error) {
		if err := tx.CreatePublication(ctx, p); err != nil {
			return audit.Event{}, err
		}
		withheld := 0
		for _, r := range p.Table.Rows {
			for _, c := range r.Cells {
				if c.Suppressed != "" {
					withheld++
				}
			}
		}
		return audit.Event{Action: "indicators.publish", ObjectType: "publication", ObjectID: strconv.FormatInt(p.ID, 10),
			Detail: fmt.Sprintf("%s %s auf %s zum %s: %d Gebiete, %d Felder gesperrt", req.Kind, req.Subject, p.Layer,
				p.ReferenceDate.Format(quartier.GermanDateLayout), len(p.Table.Rows), withheld)}, nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// linkEarlier withholds further cells of p's table so that together with
// what was published before of the same indicator and date no withheld
// count can be computed.
func (s *Service) linkEarlier(ctx context.Context, p *quartier.Publication) error {
	return s.linkToPublished(ctx, &p.Table, p.Subject, p.Layer, p.ReferenceDate)
}

// linkToPublished withholds further cells of tab, the table of indicator
// on layer at date about to be released, so that together with every
// table released before of the same indicator and date — publications,
// saved committee reports (their tables and time series) and released
// allocation proposals — no withheld count can be computed
// (linkPublished); it refuses when that cannot be done.
func (s *Service) linkToPublished(ctx context.Context, tab *quartier.OutputTable, indicator, layer string, date time.Time) error {
	if len(countColumns(tab)) == 0 {
		return nil // shares delivered without counts: nothing to withhold
	}
	blocks, err := s.blockSets(ctx, layer)
	if err != nil || blocks == nil {
		return err
	}
	var earlier []linkedTable
	var names []string
	add := func(t *quartier.OutputTable, layer, name string) error {
		bs, err := s.blockSets(ctx, layer)
		if err != nil || bs == nil {
			return err
		}
		if t.Total != nil && len(t.Rows) < len(bs) {
			// A total over areas the table does not list (a report's
			// chosen areas) is no sum of its rows: left out.
			c := *t
			c.Total = nil
			t = &c
		}
		earlier = append(earlier, linkedTable{t, bs})
		names = append(names, name)
		return nil
	}
	err = s.store.View(ctx, func(tx Tx) error {
		pubs, err := tx.Publications(ctx)
		if err != nil {
			return err
		}
		for _, e := range pubs {
			if e.Kind != quartier.PublishedIndicator || e.Subject != indicator || !e.ReferenceDate.Equal(date) {
				continue
			}
			full, err := tx.Publication(ctx, e.ID)
			if err != nil {
				return err
			}
			if err := add(&full.Table, full.Layer, "Veröffentlichung "+strconv.FormatInt(e.ID, 10)); err != nil {
				return err
			}
		}
		releases, err := tx.AllocationReleases(ctx)
		if err != nil {
			return err
		}
		for _, r := range releases {
			for i := range r.Terms {
				if term := &r.Terms[i]; term.Indicator.Code == indicator && term.Date.Equal(date) {
					if err := add(&term.Table, r.Layer, "Verteilungsvorschlag "+strconv.FormatInt(r.Allocation, 10)); err != nil {
						return err
					}
				}
			}
		}
		reports, err := tx.CommitteeReports(ctx)
		if err != nil {
			return err
		}
		for _, e := range reports {
			full, err := tx.CommitteeReport(ctx, e.ID)
			if err != nil {
				return err
			}
			for _, ci := range full.Figures.Indicators {
				if t := releasedAt(&ci, full.Figures.Areas, date); ci.Indicator.Code == indicator && t != nil {
					if err := add(t, full.Figures.Layer, "Ausschussbericht "+strconv.FormatInt(e.ID, 10)); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !linkPublished(tab, blocks, earlier) {
		return quartier.Errorf(quartier.ECONFLICT, "Zusammen mit %s ließen sich gesperrte Zahlen errechnen, selbst wenn diese Tabelle ganz gesperrt wäre; sie wird nicht veröffentlicht.", strings.Join(names, ", "))
	}
	return nil
}

// releasedAt is what a committee report released of an indicator at
// date: its table at the report's date, else the chosen areas and the
// total of its time series at that date; nil when it shows no figure of
// that date.
func releasedAt(ci *quartier.CommitteeIndicator, areas []string, date time.Time) *quartier.OutputTable {
	if ci.Date.Equal(date) {
		return &ci.Table
	}
	k := slices.IndexFunc(ci.Dates, func(d time.Time) bool { return d.Equal(date) })
	if k < 0 {
		return nil
	}
	// The series holds the value column only: a share's counts are not in
	// it, so only a count's series links.
	if len(ci.Table.Columns) != 1 {
		return nil
	}
	t := &quartier.OutputTable{Columns: ci.Table.Columns, Threshold: ci.Table.Threshold}
	for _, a := range areas {
		if cells := ci.Series[a]; k < len(cells) {
			t.Rows = append(t.Rows, quartier.OutputRow{Area: a, Cells: []quartier.OutputCell{cells[k]}})
		}
	}
	if cells := ci.Series[""]; k < len(cells) {
		t.Total = &quartier.OutputRow{Name: "Insgesamt", Cells: []quartier.OutputCell{cells[k]}}
	}
	return t
}

// ReleaseTable is indicator on layer at date as a release to the
// committee would show it: withheld as a publication withholds it
// (primary, secondary) and linked with everything released before of that
// indicator and date, so another context that releases figures of an
// indicator (an allocation proposal) withholds exactly what a publication
// would. It reads internal values to withhold them and needs
// indicators.publish, as releasing does; the caller releases and audits.
func (s *Service) ReleaseTable(ctx context.Context, indicator, layer string, date time.Time) (*quartier.OutputTable, *quartier.Indicator, error) {
	if err := s.audit.Require(ctx, quartier.PermPublishIndicators, "indicator", indicator); err != nil {
		return nil, nil, err
	}
	rep, err := s.allValues(ctx, indicator, layer, date)
	if err != nil {
		return nil, nil, err
	}
	tab := valueTable(rep, false)
	if err := s.linkToPublished(ctx, tab, indicator, layer, date); err != nil {
		return nil, nil, err
	}
	return tab, &rep.Indicator, nil
}

// Publications lists what was published, newest first, without the
// tables. Published outputs are public.
func (s *Service) Publications(ctx context.Context) ([]quartier.Publication, error) {
	return publicRead(ctx, s, func(tx Tx) ([]quartier.Publication, error) { return tx.Publications(ctx) })
}

// Publication is one published output with its table (public).
func (s *Service) Publication(ctx context.Context, id int64) (*quartier.Publication, error) {
	return publicRead(ctx, s, func(tx Tx) (*quartier.Publication, error) { return tx.Publication(ctx, id) })
}

// publicRead reads a published output: public (no permission beyond
// public.read, no audit — it was released to everyone).
func publicRead[T any](ctx context.Context, s *Service, read func(tx Tx) (T, error)) (T, error) {
	var out T
	if err := quartier.Require(ctx, quartier.PermReadPublic); err != nil {
		return out, err
	}
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = read(tx)
		return err
	})
	return out, err
}
