package streetdir

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
)

// parities are the spellings of the Seite column; "" means the whole range.
var parities = map[string]quartier.Parity{
	"": quartier.ParityAll, "alle": quartier.ParityAll, "all": quartier.ParityAll, "a": quartier.ParityAll, "beide": quartier.ParityAll, "both": quartier.ParityAll,
	"ungerade": quartier.ParityOdd, "odd": quartier.ParityOdd, "u": quartier.ParityOdd, "o": quartier.ParityOdd,
	"gerade": quartier.ParityEven, "even": quartier.ParityEven, "g": quartier.ParityEven, "e": quartier.ParityEven,
}

// Column names ReadCSV accepts, in csvio.Column's folding (case, umlauts,
// '-', '_', '.' and spaces do not matter). The first is what WriteCSV
// writes.
var (
	streetCols = []string{"strasse", "street", "strassenname", "str"}
	fromCols   = []string{"hnr_von", "von", "from", "hausnummer_von", "hnr_from"}
	toCols     = []string{"hnr_bis", "bis", "to", "hausnummer_bis", "hnr_to"}
	sideCols   = []string{"seite", "parity", "side"}
	postCols   = []string{"plz", "postcode", "postleitzahl", "zip"}
	blockCols  = []string{"baustein", "block", "planungsraum", "plr"}
)

// ReadCSV reads a street directory with a header row (German or English
// column names, ',' or ';', BOM and Windows-1252 tolerated). Every fault of
// a row becomes a problem naming its line and column, and so do overlapping
// ranges that point to different blocks (Build's check, located by line);
// rows with faults are left out of entries. err is only for I/O failures of
// r.
func ReadCSV(r io.Reader, maxBytes int64) ([]quartier.StreetEntry, []quartier.Problem, error) {
	t, err := csvio.Open(r, maxBytes)
	if err != nil {
		ps, err := problemsOf(err)
		return nil, ps, err
	}
	col := func(names []string) int { return csvio.Column(t.Header, names...) }
	cols := map[string]int{
		"strasse": col(streetCols), "hnr_von": col(fromCols), "hnr_bis": col(toCols),
		"seite": col(sideCols), "plz": col(postCols), "baustein": col(blockCols),
	}
	if cols["strasse"] < 0 || cols["baustein"] < 0 {
		return nil, []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: 1,
			Message: "Zeile 1: die Spalten strasse und baustein sind Pflicht (gefunden: " + strings.Join(t.Header, ", ") + ")."}}, nil
	}
	// colName is the column as the file calls it, so users find it.
	colName := func(field string) string {
		if c := cols[field]; c >= 0 && t.Header[c] != "" {
			return t.Header[c]
		}
		return field
	}
	var out []quartier.StreetEntry
	var lines []int
	var problems []quartier.Problem
	for {
		rec, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			ps, err := problemsOf(err)
			return nil, append(problems, ps...), err
		}
		if blank(rec) {
			continue
		}
		// Readable: WriteCSV marks cells that start like a formula.
		cell := func(field string) string { return csvio.Readable(csvio.Cell(rec, cols[field])) }
		side := cell("seite")
		p, ok := parities[strings.ToLower(side)]
		if !ok {
			p = quartier.Parity(side) // check reports it with the column
		}
		e := quartier.StreetEntry{Street: cell("strasse"), Postcode: cell("plz"), From: cell("hnr_von"), To: cell("hnr_bis"), Parity: p, Block: cell("baustein")}
		_, errs := check(&e)
		for _, fe := range errs {
			problems = append(problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: line, Code: e.Block,
				Message: fmt.Sprintf("Zeile %d, Spalte %s: %s", line, colName(fe.field), fe.msg)})
		}
		if len(errs) == 0 {
			out = append(out, e)
			lines = append(lines, line)
		}
	}
	// The overlap check needs all rows; it runs here so that its problems,
	// too, name CSV lines rather than positions.
	if _, err := build(out, func(i int) (int, string) { return lines[i], fmt.Sprintf("Zeile %d", lines[i]) }, nil); err != nil {
		problems = append(problems, quartier.ErrorProblems(err)...)
	}
	return out, problems, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// problemsOf turns a csvio error into problems; I/O errors stay errors.
func problemsOf(err error) ([]quartier.Problem, error) {
	if ps := quartier.ErrorProblems(err); len(ps) > 0 {
		return ps, nil
	}
	var qe *quartier.Error
	if !errors.As(err, &qe) {
		return nil, err
	}
	kind := quartier.ProblemValue
	if qe.Code == quartier.ETOOLARGE {
		kind = quartier.ProblemTooLarge
	}
	return []quartier.Problem{{Severity: quartier.SeverityError, Kind: kind, Feature: -1, Message: qe.Message}}, nil
}

// WriteCSV writes entries in the format ReadCSV reads: ';'-separated with a
// UTF-8 byte-order mark and German column names and parity words, which is
// what German Excel opens correctly by double-click.
func WriteCSV(w io.Writer, entries []quartier.StreetEntry) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csvio.NewInertWriter(w, ';')
	cw.Write([]string{streetCols[0], fromCols[0], toCols[0], sideCols[0], postCols[0], blockCols[0]})
	for _, e := range entries {
		side, ok := parityName[e.Parity]
		if !ok {
			side = string(e.Parity) // unknown values stay visible, and ReadCSV refuses them
		}
		cw.Write([]string{e.Street, e.From, e.To, side, e.Postcode, e.Block})
	}
	return cw.Flush()
}
