package http

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
	"github.com/quartier/quartier/internal/monitoring"
)

// mappingRows is how many indicators one form maps; a larger table is
// imported in parts or with `quartier import indicators`.
const mappingRows = 4

// monitoringImportView is the import page: the file, the mapping, and
// after a check either the faults by line and column or a preview of
// what would be stored.
type monitoringImportView struct {
	page
	Layers   []layerChoice
	Form     url.Values
	Errors   *formErrors
	Rows     []int // indices of the mapping rows
	MaxBytes string
	File     string
	Token    string
	Notice   string
	Problems []quartier.Problem
	Preview  *importPreview
	Report   *monitoring.ImportReport
	// Columns of the file's header, offered to the mapping's inputs: the
	// mapping step starts by uploading the file with no indicator yet.
	Columns []string
}

// importPreview is what a clean check would store: per indicator the
// values per date, and the first areas' values.
type importPreview struct {
	Indicators []string
	Counts     []string // "7 Werte zum 31.12.2024, 1 ohne Wert"
	Date       time.Time
	Areas      []previewRow
}

type previewRow struct {
	Area   string
	Values []string
}

const previewAreas = 10

func (s *Server) monitoringImportData(r *http.Request) *monitoringImportView {
	v := &monitoringImportView{page: titled("Werte des Sozialmonitorings einspielen"), Errors: &formErrors{}, Form: url.Values{},
		MaxBytes: humanBytes(s.fileLimit(monitoring.MaxValueBytes).Bytes)}
	for i := range mappingRows {
		v.Rows = append(v.Rows, i)
	}
	layers, _ := s.spatial.Layers(r.Context())
	for _, l := range layers {
		if l.Current != nil {
			v.Layers = append(v.Layers, layerChoice{l.Layer.Code, l.Layer.Name})
		}
	}
	return v
}

// monitoringImportForm: GET /monitoring/einspielen.
func (s *Server) monitoringImportForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "monitoring_import", s.monitoringImportData(r))
}

// mappingFromForm reads the mapping; rows without a code are empty.
func mappingFromForm(f url.Values) monitoring.Mapping {
	g := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	m := monitoring.Mapping{Layer: g("layer"), AreaColumn: g("area_column"), Date: g("date"), DateColumn: g("date_column"), Source: g("source"), Licence: g("licence")}
	for i := range mappingRows {
		n := strconv.Itoa(i)
		if g("code"+n) == "" {
			continue
		}
		m.Indicators = append(m.Indicators, monitoring.MappedIndicator{
			Indicator: quartier.Indicator{Code: g("code" + n), Name: g("name" + n), Unit: g("unit" + n), Kind: quartier.IndicatorKind(g("kind" + n)), Direction: quartier.Direction(g("direction" + n))},
			Column:    g("column" + n), NumeratorColumn: g("num" + n), DenominatorColumn: g("den" + n)})
	}
	return m
}

// monitoringImport: POST /monitoring/einspielen checks the table against
// the mapping and shows every fault by line and column, or a preview;
// the second step, with the same file, the same mapping and the check's
// token, stores it in one transaction (monitoring.ImportIndicators checks
// it all again).
func (s *Server) monitoringImport(w http.ResponseWriter, r *http.Request) {
	v := s.monitoringImportData(r)
	defer s.render(w, r, "monitoring_import", v)
	fail := func(err error) {
		v.Problems = quartier.ErrorProblems(err)
		if len(v.Problems) == 0 {
			v.Errors.Add("", s.userMessage(r, err))
		}
		retryHeader(w, err)
		w.WriteHeader(statusOf(err))
	}
	f, err := readFile(w, r, s.fileLimit(monitoring.MaxValueBytes), "eine CSV-Datei")
	v.Form = r.PostForm
	if err != nil {
		v.Errors.Add("file", s.userMessage(r, err))
		retryHeader(w, err)
		w.WriteHeader(statusOf(err))
		return
	}
	defer f.Close()
	v.File = f.Name
	m := mappingFromForm(r.PostForm)
	settings, _ := json.Marshal(m)
	token, err := uploadToken(f, string(settings))
	if err != nil {
		fail(err)
		return
	}
	if t, err := csvio.Open(f, monitoring.MaxValueBytes); err == nil {
		v.Columns = t.Header
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		fail(quartier.WrapError(quartier.EINTERNAL, err, "Die Datei ließ sich nicht erneut lesen."))
		return
	}
	write, notice := uploadStep(r, token)
	v.Notice = notice
	if write {
		rep, err := s.monitoring.ImportIndicators(r.Context(), f, m)
		if err != nil {
			fail(err)
			return
		}
		v.Report = rep
		return
	}
	// The check: the same reading the import does, against the layer's
	// current areas, writing nothing.
	loc := s.spatial.Locator()
	if _, ok := loc.Version(m.Layer); !ok && m.Layer != "" {
		fail(quartier.Errorf(quartier.ENOTFOUND, "Die Ebene %s gibt es nicht oder sie hat keinen gültigen Gebietsstand.", m.Layer))
		return
	}
	known := map[string]bool{}
	for _, a := range loc.Areas(m.Layer) {
		known[a.Code] = true
	}
	tab, err := monitoring.ReadAnyValues(f, &m, func(a string) bool { return known[a] })
	if err != nil {
		fail(err)
		return
	}
	v.Preview = preview(tab, m)
	v.Token = token
}

func preview(tab *monitoring.ValueTable, m monitoring.Mapping) *importPreview {
	p := &importPreview{}
	dates := tab.Dates()
	if len(dates) > 0 {
		p.Date = dates[len(dates)-1]
	}
	values := map[string][]string{}
	var areas []string
	for k, mi := range m.Indicators {
		p.Indicators = append(p.Indicators, mi.Name+" ("+mi.Code+")")
		var parts []string
		for _, d := range dates {
			parts = append(parts, strconv.Itoa(len(tab.Values[mi.Code][d]))+" Werte zum "+d.Format(quartier.GermanDateLayout))
		}
		if n := tab.Withheld[mi.Code]; n > 0 {
			parts = append(parts, strconv.Itoa(n)+" ohne Wert")
		}
		p.Counts = append(p.Counts, strings.Join(parts, ", "))
		for _, iv := range tab.Values[mi.Code][p.Date] {
			if _, ok := values[iv.Area]; !ok {
				values[iv.Area] = make([]string, len(m.Indicators))
				areas = append(areas, iv.Area)
			}
			values[iv.Area][k] = quartier.FormatNumber(iv.Value)
		}
	}
	slices.Sort(areas)
	for _, a := range areas[:min(len(areas), previewAreas)] {
		p.Areas = append(p.Areas, previewRow{Area: a, Values: values[a]})
	}
	return p
}
