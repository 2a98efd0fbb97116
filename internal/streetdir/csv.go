package streetdir

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
)

var parities = map[string]quartier.Parity{
	"": quartier.ParityAll, "alle": quartier.ParityAll, "all": quartier.ParityAll, "a": quartier.ParityAll, "beide": quartier.ParityAll,
	"ungerade": quartier.ParityOdd, "odd": quartier.ParityOdd, "u": quartier.ParityOdd,
	"gerade": quartier.ParityEven, "even": quartier.ParityEven, "g": quartier.ParityEven,
}

// ReadCSV reads a street directory with a header row (German or English
// column names, ',' or ';', BOM and Windows-1252 tolerated). Malformed rows
// become located problems; err is only for I/O failures.
func ReadCSV(r io.Reader, maxBytes int64) ([]quartier.StreetEntry, []quartier.Problem, error) {
	t, err := csvio.Open(r, maxBytes)
	if err != nil {
		return nil, problemsOf(err), nil
	}
	col := func(names ...string) int { return csvio.Column(t.Header, names...) }
	cStreet, cBlock := col("strasse", "straße", "street", "strassenname"), col("baustein", "block", "planungsraum", "plr")
	cFrom, cTo := col("hnr_von", "von", "from", "hausnummer_von"), col("hnr_bis", "bis", "to", "hausnummer_bis")
	cSide, cPost := col("seite", "parity", "side"), col("plz", "postcode", "postleitzahl")
	if cStreet < 0 || cBlock < 0 {
		return nil, []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: 1,
			Message: "Kopfzeile: die Spalten strasse und baustein sind Pflicht (gefunden: " + strings.Join(t.Header, ", ") + ")."}}, nil
	}
	var out []quartier.StreetEntry
	var problems []quartier.Problem
	for {
		rec, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if quartier.ErrorCode(err) == quartier.EINTERNAL {
				return nil, nil, err
			}
			return nil, append(problems, problemsOf(err)...), nil
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		side := strings.ToLower(csvio.Cell(rec, cSide))
		p, ok := parities[side]
		if !ok {
			problems = append(problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: line,
				Message: "Zeile " + itoa(line) + ", Spalte seite: „" + side + "“ ist weder alle, gerade noch ungerade."})
			continue
		}
		e := quartier.StreetEntry{Street: csvio.Cell(rec, cStreet), Postcode: csvio.Cell(rec, cPost), From: csvio.Cell(rec, cFrom), To: csvio.Cell(rec, cTo), Parity: p, Block: csvio.Cell(rec, cBlock)}
		for _, hn := range []struct{ v, col string }{{e.From, "hnr_von"}, {e.To, "hnr_bis"}} {
			if hn.v == "" {
				continue
			}
			if _, err := ParseHouseNumber(hn.v); err != nil {
				problems = append(problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: line, Code: e.Block,
					Message: "Zeile " + itoa(line) + ", Spalte " + hn.col + ": " + quartier.ErrorMessage(err) + "."})
				ok = false
			}
		}
		if e.Street == "" || e.Block == "" {
			problems = append(problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: line,
				Message: "Zeile " + itoa(line) + ": Straße und Baustein dürfen nicht leer sein."})
			ok = false
		}
		if ok {
			e.Key = NormalizeStreet(e.Street)
			out = append(out, e)
		}
	}
	return out, problems, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func problemsOf(err error) []quartier.Problem {
	if ps := quartier.ErrorProblems(err); len(ps) > 0 {
		return ps
	}
	kind := quartier.ProblemValue
	if quartier.ErrorCode(err) == quartier.ETOOLARGE {
		kind = quartier.ProblemTooLarge
	}
	return []quartier.Problem{{Severity: quartier.SeverityError, Kind: kind, Feature: -1, Message: quartier.ErrorMessage(err)}}
}

// WriteCSV writes entries in the format ReadCSV reads.
func WriteCSV(w io.Writer, entries []quartier.StreetEntry) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.Write([]string{"strasse", "hnr_von", "hnr_bis", "seite", "plz", "baustein"})
	names := map[quartier.Parity]string{quartier.ParityAll: "alle", quartier.ParityOdd: "ungerade", quartier.ParityEven: "gerade"}
	for _, e := range entries {
		cw.Write([]string{e.Street, e.From, e.To, names[e.Parity], e.Postcode, e.Block})
	}
	cw.Flush()
	return cw.Error()
}
