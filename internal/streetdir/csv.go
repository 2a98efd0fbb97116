package streetdir

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
)

// parities are the spellings of the Seite column; "" means the whole range.
var parities = map[string]quartier.Parity{
	"": quartier.ParityAll, "alle": quartier.ParityAll, "all": quartier.ParityAll, "a": quartier.ParityAll, "beide": quartier.ParityAll, "both": quartier.ParityAll,
	"ungerade": quartier.ParityOdd, "odd": quartier.ParityOdd, "u": quartier.ParityOdd, "o": quartier.ParityOdd,
	"gerade": quartier.ParityEven, "even": quartier.ParityEven, "g": quartier.ParityEven, "e": quartier.ParityEven,
	"ohne": quartier.ParityNone, "none": quartier.ParityNone, "keine": quartier.ParityNone,
}

// Column names ReadCSV accepts, in csvio.Column's folding (case, umlauts,
// '-', '_', '.' and spaces do not matter). The first is what WriteCSV
// writes. The official address lists come in as they are published:
// Berlin's (hnr, hnr_zusatz, str_name, plz, ort_name, PLR_ID) and the
// house coordinates of NRW cities (strname, hsnr, hsnrzu, x_epsg25832 …).
var (
	streetCols   = []string{"strasse", "street", "strassenname", "str", "str_name", "strname", "streetname"}
	fromCols     = []string{"hnr_von", "von", "from", "hausnummer_von", "hnr_from"}
	toCols       = []string{"hnr_bis", "bis", "to", "hausnummer_bis", "hnr_to"}
	sideCols     = []string{"seite", "parity", "side"}
	numberCols   = []string{"hnr", "hausnummer", "hsnr", "hausnr", "house_number", "housenumber", "nr"}
	suffixCols   = []string{"hnr_zusatz", "zusatz", "hsnrzu", "hausnummernzusatz", "hnrzusatz", "suffix"}
	postCols     = []string{"plz", "postcode", "postleitzahl", "zip"}
	districtCols = []string{"ort", "ort_name", "ortsteil", "ortsteilname", "bezirk", "district", "stadtteil"}
	blockCols    = []string{"baustein", "block", "planungsraum", "plr", "plr_id"}
	xCols        = []string{"x", "rechtswert", "easting", "ostwert"}
	yCols        = []string{"y", "hochwert", "northing", "nordwert"}
	lonCols      = []string{"lon", "lng", "longitude", "laenge", "lon_wgs84"}
	latCols      = []string{"lat", "latitude", "breite", "lat_wgs84"}
)

// ReadOptions control ReadCSV.
type ReadOptions struct {
	MaxBytes int64
	// SRID is the CRS of x/y columns whose names do not say it (names like
	// x_epsg25832 do); 0 leaves it to the caller, who knows the
	// installation's.
	SRID quartier.SRID
}

// File is what ReadCSV read: the good rows as entries, the faults of the
// others as problems naming line and column.
type File struct {
	Entries []quartier.StreetEntry
	Lines   []int // the CSV line of each entry
	// SRID is the CRS of the entries' X, Y as the file gives them (4326 for
	// lon/lat columns); 0 when the file has no coordinates or did not say
	// (ReadOptions.SRID was 0).
	SRID     quartier.SRID
	Points   bool // the file has coordinate columns
	Problems []quartier.Problem
}

// Place names entry i by its CSV line, for Overlaps.
func (f *File) Place(i int) (int, string) { return f.Lines[i], fmt.Sprintf("Zeile %d", f.Lines[i]) }

// ReadCSV reads a street directory with a header row (German or English
// column names, ',' or ';', BOM and Windows-1252 tolerated) in one of two
// shapes:
//
//   - ranges: strasse, hnr_von, hnr_bis, seite (alle, gerade, ungerade,
//     ohne = the address without number), plz, baustein;
//   - addresses, one house a row as official address lists have them:
//     strasse, hnr (empty for an address without number), optionally
//     hnr_zusatz, plz, baustein.
//
// Both may name the district (ort) and the address's point: x/y (in
// ReadOptions.SRID, or the CRS the column name gives, "x_epsg25832") or
// lon/lat. A row with a point may leave the block empty, for the caller to
// find it from the point. Every fault of a row becomes a problem naming its
// line and column, and rows with faults are left out of Entries; the
// overlap check needs the blocks, so it is the caller's (Overlaps with
// File.Place). err is only for I/O failures of r.
func ReadCSV(r io.Reader, opt ReadOptions) (*File, error) {
	f := &File{}
	t, err := csvio.Open(r, opt.MaxBytes)
	if err != nil {
		f.Problems, err = problemsOf(err)
		return f, err
	}
	col := func(names []string) int { return csvio.Column(t.Header, names...) }
	cols := map[string]int{
		"strasse": col(streetCols), "hnr_von": col(fromCols), "hnr_bis": col(toCols), "seite": col(sideCols),
		"hnr": col(numberCols), "hnr_zusatz": col(suffixCols), "plz": col(postCols), "ort": col(districtCols), "baustein": col(blockCols),
	}
	xc, yc, srid := pointColumns(t.Header, opt.SRID)
	f.SRID, f.Points = srid, xc >= 0
	addresses := cols["hnr"] >= 0 && cols["hnr_von"] < 0 && cols["hnr_bis"] < 0
	if cols["strasse"] < 0 || (cols["baustein"] < 0 && !f.Points) {
		f.Problems = []quartier.Problem{{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: 1,
			Message: "Zeile 1: die Spalten strasse und baustein (oder x/y bzw. lon/lat, aus denen sich der Baustein ergibt) sind Pflicht (gefunden: " + strings.Join(t.Header, ", ") + ")."}}
		return f, nil
	}
	// colName is the column as the file calls it, so users find it.
	colName := func(field string) string {
		if c := cols[field]; c >= 0 && t.Header[c] != "" {
			return t.Header[c]
		}
		return field
	}
	// An address list names each street once per house, and most values
	// recur: keeping one copy of each (and one normalisation per name)
	// makes a city's 400,000 rows cheap to hold.
	seen := map[string]string{}
	intern := func(s string) string {
		if v, ok := seen[s]; ok {
			return v
		}
		seen[s] = s
		return s
	}
	keys := map[string]string{}
	key := func(street string) string {
		k, ok := keys[street]
		if !ok {
			k = intern(NormalizeStreet(street))
			keys[street] = k
		}
		return k
	}
	decimalComma := t.Sep != ','
	// Rows gather in blocks that are joined once at the end: growing one
	// slice of 400,000 entries would copy it again and again.
	const block = 8192
	var blocks [][]quartier.StreetEntry
	cur := make([]quartier.StreetEntry, 0, block)
	defer func() {
		n := len(cur)
		for _, b := range blocks {
			n += len(b)
		}
		f.Entries = make([]quartier.StreetEntry, 0, n)
		for _, b := range blocks {
			f.Entries = append(f.Entries, b...)
		}
		f.Entries = append(f.Entries, cur...)
	}()
	for {
		rec, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			ps, err := problemsOf(err)
			f.Problems = append(f.Problems, ps...)
			return f, err
		}
		if blank(rec) {
			continue
		}
		// Readable: WriteCSV marks cells that start like a formula.
		cell := func(field string) string { return intern(csvio.Readable(csvio.Cell(rec, cols[field]))) }
		problem := func(column, msg string) {
			f.Problems = append(f.Problems, quartier.Problem{Severity: quartier.SeverityError, Kind: quartier.ProblemValue, Feature: line, Code: cell("baustein"),
				Message: fmt.Sprintf("Zeile %d, Spalte %s: %s", line, column, msg)})
		}
		e := quartier.StreetEntry{Street: cell("strasse"), Postcode: cell("plz"), District: cell("ort"), Block: cell("baustein")}
		bad := false
		if addresses {
			no, suffix := cell("hnr"), cell("hnr_zusatz")
			switch {
			case no == "" && suffix != "":
				problem(colName("hnr"), fmt.Sprintf("Zusatz „%s“ ohne Hausnummer.", suffix))
				bad = true
			case no == "":
				e.Parity = quartier.ParityNone
			default:
				e.From = intern(no + suffix)
				e.To, e.Parity = e.From, quartier.ParityAll
			}
		} else {
			side := cell("seite")
			p, ok := parities[strings.ToLower(side)]
			if !ok {
				p = quartier.Parity(side) // check reports it with the column
			}
			e.From, e.To, e.Parity = cell("hnr_von"), cell("hnr_bis"), p
		}
		hasPoint := false
		if xc >= 0 {
			x, y := csvio.Cell(rec, xc), csvio.Cell(rec, yc)
			switch {
			case x == "" && y == "":
			case x == "" || y == "":
				problem(t.Header[xc]+"/"+t.Header[yc], "nur eine der beiden Koordinaten ist angegeben.")
				bad = true
			default:
				var okX, okY bool
				e.X, okX = csvio.ParseNumber(x, decimalComma)
				e.Y, okY = csvio.ParseNumber(y, decimalComma)
				switch {
				case !okX:
					problem(t.Header[xc], fmt.Sprintf("„%s“ ist keine Zahl.", x))
					bad = true
				case !okY:
					problem(t.Header[yc], fmt.Sprintf("„%s“ ist keine Zahl.", y))
					bad = true
				case e.X == 0 && e.Y == 0:
					problem(t.Header[xc]+"/"+t.Header[yc], "0, 0 ist keine Lage.")
					bad = true
				}
				hasPoint = !bad
			}
		}
		_, errs := check(&e, key)
		for _, fe := range errs {
			if fe.field == "baustein" && hasPoint {
				continue // the caller finds the block at the point
			}
			column := colName(fe.field)
			if addresses && (fe.field == "hnr_von" || fe.field == "hnr_bis") {
				column = colName("hnr")
			}
			problem(column, fe.msg)
			bad = true
		}
		if !bad {
			if len(cur) == block {
				blocks, cur = append(blocks, cur), make([]quartier.StreetEntry, 0, block)
			}
			cur = append(cur, e)
			f.Lines = append(f.Lines, line)
		}
	}
	return f, nil
}

// pointColumns finds the coordinate columns: x/y when their CRS is known
// (from the column name, "x_epsg25832", or def), else lon/lat, else x/y in
// an unknown CRS (srid 0). -1 when there are none.
func pointColumns(header []string, def quartier.SRID) (xc, yc int, srid quartier.SRID) {
	xc, yc = csvio.Column(header, xCols...), csvio.Column(header, yCols...)
	if xc < 0 || yc < 0 {
		xc, yc = -1, -1
		for i, h := range header {
			if s, ok := sridColumn(h, "x", "rechtswert", "easting"); ok && xc < 0 {
				xc, srid = i, s
			}
			if s, ok := sridColumn(h, "y", "hochwert", "northing"); ok && yc < 0 && (srid == 0 || s == srid) {
				yc = i
			}
		}
		if xc >= 0 && yc >= 0 {
			return xc, yc, srid
		}
		xc, yc = -1, -1
	} else {
		srid = def
	}
	if srid == 0 {
		if lon, lat := csvio.Column(header, lonCols...), csvio.Column(header, latCols...); lon >= 0 && lat >= 0 {
			return lon, lat, quartier.WGS84
		}
	}
	return xc, yc, srid
}

// sridColumn reads a coordinate column that names its CRS: "x_epsg25832",
// "Rechtswert (EPSG:25833)".
func sridColumn(name string, prefixes ...string) (quartier.SRID, bool) {
	n := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, name)
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(n, p+"epsg"); ok {
			if code, err := strconv.Atoi(rest); err == nil && code > 0 {
				return quartier.SRID(code), true
			}
		}
	}
	return 0, false
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

// WriteCSV writes entries in the range format ReadCSV reads: ';'-separated
// with a UTF-8 byte-order mark and German column names and parity words,
// which is what German Excel opens correctly by double-click. Points, when
// any entry has one, go to x/y columns that name srid.
func WriteCSV(w io.Writer, entries []quartier.StreetEntry, srid quartier.SRID) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	points := false
	for i := range entries {
		points = points || entries[i].HasPoint()
	}
	cw := csvio.NewInertWriter(w, ';')
	header := []string{streetCols[0], fromCols[0], toCols[0], sideCols[0], postCols[0], districtCols[0], blockCols[0]}
	if points {
		header = append(header, fmt.Sprintf("x_epsg%d", srid), fmt.Sprintf("y_epsg%d", srid))
	}
	cw.Write(header)
	rec := make([]string, len(header))
	for _, e := range entries {
		side, ok := parityName[e.Parity]
		if !ok {
			side = string(e.Parity) // unknown values stay visible, and ReadCSV refuses them
		}
		rec = append(rec[:0], e.Street, e.From, e.To, side, e.Postcode, e.District, e.Block)
		if points {
			x, y := "", ""
			if e.HasPoint() {
				x, y = strconv.FormatFloat(e.X, 'f', -1, 64), strconv.FormatFloat(e.Y, 'f', -1, 64)
			}
			rec = append(rec, x, y)
		}
		cw.Write(rec)
	}
	return cw.Flush()
}
