package allocation

import (
	"io"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
)

// WriteCSV writes a proposal for a spreadsheet, one row per space with
// every step (measures, parts of the city total, score, raw amount, bound,
// amount, the compared proposal's amount and the change) and a sum row;
// ';', a byte-order mark and decimal commas as German Excel expects.
// Amounts are euro with two decimals.
func WriteCSV(w io.Writer, p *quartier.AllocationProposal) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csvio.NewInertWriter(w, ';')
	head := []string{"sozialraum", "name"}
	for _, t := range p.Rule.Terms {
		head = append(head, t.Indicator+"_wert", t.Indicator+"_anteil")
	}
	head = append(head, "bedarfsanteil", "rechnerisch_eur", "grenze", "betrag_eur", "vergleich_eur", "aenderung_eur")
	for _, t := range p.Rule.Terms {
		if len(p.Rule.Terms) > 1 {
			head = append(head, "verschiebung_"+t.Indicator+"_plus10")
		}
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	var sum, prev quartier.Cents
	for _, s := range p.Shares {
		rec := []string{string(s.Space), s.Name}
		for k := range p.Rule.Terms {
			rec = append(rec, csvio.Decimal(s.Measures[k]), csvio.Decimal(s.Parts[k]))
		}
		cmp, change := "", ""
		if s.HasPrevious {
			cmp, change = euro(s.Previous), euro(s.Change())
		}
		rec = append(rec, csvio.Decimal(s.Score), csvio.Decimal(s.Raw), BoundLabel(s.Bound), euro(s.Amount), cmp, change)
		for _, d := range s.Shifts {
			rec = append(rec, euro(d))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		sum += s.Amount
		prev += s.Previous
	}
	total := []string{"", "Summe"}
	for range p.Rule.Terms {
		total = append(total, "", "")
	}
	total = append(total, "", "", "", euro(sum), euro(prev), euro(sum-prev))
	if err := cw.Write(total); err != nil {
		return err
	}
	return cw.Flush()
}

// BoundLabel names a bound in German.
func BoundLabel(b string) string {
	switch b {
	case "floor":
		return "Untergrenze"
	case "cap":
		return "Obergrenze"
	}
	return ""
}

// euro writes an amount for a spreadsheet: decimal comma, no thousands dots.
func euro(c quartier.Cents) string { return strings.ReplaceAll(c.Number(), ".", "") }
