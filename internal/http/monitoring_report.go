package http

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/committee"
	"github.com/quartier/quartier/internal/monitoring"
)

// The committee report (Ausschussbericht): a form where a planner picks a
// layer, areas, indicators, an index, a date and writes commentary; the
// report comes back as a printable HTML document, a tagged PDF or a
// workbook, every figure withheld as a publication withholds it. And the
// publications, public: a list and each one with its table and map.

type monitoringReportView struct {
	page
	Layers     []layerChoice
	Areas      []layerChoice // of the chosen layer
	Indicators []quartier.Indicator
	Indices    []quartier.Index
	Form       reportForm
	Error      string
	CanSave    bool // indicators.publish: the report may be saved for the committee
}

// reportForm is the form as typed, to show it again with an error.
type reportForm struct {
	Layer      string
	Areas      []string
	Indicators []string
	Index      string
	Date       string
	Title      string
	Comment    string
}

func (f reportForm) HasArea(code string) bool      { return slices.Contains(f.Areas, code) }
func (f reportForm) HasIndicator(code string) bool { return slices.Contains(f.Indicators, code) }

// monitoringReportForm: GET /monitoring/bericht[?ebene=…], the form; the
// layer chooses which areas are offered.
func (s *Server) monitoringReportForm(w http.ResponseWriter, r *http.Request) {
	f := reportForm{Layer: r.URL.Query().Get("ebene")}
	s.reportFormPage(w, r, http.StatusOK, &monitoringReportView{Form: f})
}

func (s *Server) reportFormPage(w http.ResponseWriter, r *http.Request, status int, v *monitoringReportView) {
	ctx := r.Context()
	v.page = titled("Bericht für den Ausschuss")
	layers, err := s.spatial.Layers(ctx)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	for _, l := range layers {
		if l.Current != nil {
			v.Layers = append(v.Layers, layerChoice{l.Layer.Code, l.Layer.Name})
		}
	}
	if v.Form.Layer == "" {
		v.Form.Layer = s.spatial.Locator().SpaceLayer()
	}
	if v.Form.Layer != "" {
		if _, _, areas, err := s.spatial.LayerAreas(ctx, v.Form.Layer); err == nil {
			for _, a := range areas {
				v.Areas = append(v.Areas, layerChoice{a.Code, a.Name})
			}
		} else if v.Error == "" {
			v.Error, status = s.userMessage(r, err), statusOf(err)
		}
	}
	if v.Indicators, err = s.monitoring.Indicators(ctx); err != nil {
		s.errorPage(w, r, err)
		return
	}
	if v.Indices, err = s.monitoring.Indices(ctx); err != nil {
		s.errorPage(w, r, err)
		return
	}
	v.CanSave = quartier.ActorFrom(ctx).Can(quartier.PermPublishIndicators)
	w.WriteHeader(status)
	s.render(w, r, "monitoring_report", v)
}

// monitoringReport: POST /monitoring/bericht, the report in the format of
// the button pressed (html, pdf, xlsx). A fault shows the form again as
// typed, with the message.
func (s *Server) monitoringReport(w http.ResponseWriter, r *http.Request) {
	v := &monitoringReportView{}
	fail := func(err error) {
		v.Error = s.userMessage(r, err)
		s.reportFormPage(w, r, reportStatus(err), v)
	}
	if err := readForm(w, r, formLimit()); err != nil {
		fail(err)
		return
	}
	pf := r.PostForm
	v.Form = reportForm{Layer: pf.Get("ebene"), Areas: pf["gebiet"], Indicators: pf["indikator"], Index: pf.Get("index"),
		Date: strings.TrimSpace(pf.Get("stichtag")), Title: pf.Get("titel"), Comment: pf.Get("kommentar")}
	req := committee.Request{CommitteeRequest: monitoring.CommitteeRequest{Layer: v.Form.Layer, Areas: v.Form.Areas, Indicators: v.Form.Indicators, Index: v.Form.Index},
		Title: v.Form.Title, Comment: v.Form.Comment}
	if v.Form.Date != "" {
		d, err := quartier.ParseDate(v.Form.Date)
		if err != nil {
			fail(err)
			return
		}
		req.Date = d
	}
	format := pf.Get("format")
	if !slices.Contains([]string{"html", "pdf", "xlsx", "save"}, format) {
		fail(quartier.Errorf(quartier.EINVALID, "Unbekanntes Format %q (html, pdf, xlsx, save).", format))
		return
	}
	if format == "save" {
		rep, err := committee.Publish(r.Context(), s.monitoring, s.spatial, req)
		if err != nil {
			fail(err)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/monitoring/berichte/%d", rep.ID), http.StatusSeeOther)
		return
	}
	rep, err := committee.Build(r.Context(), s.monitoring, s.spatial, req)
	if err != nil {
		fail(err)
		return
	}
	if err := s.writeReport(w, r, rep, format, "ausschussbericht-"+time.Now().Format("2006-01-02")); err != nil {
		fail(err)
	}
}

// noBrowser is a PDF asked of a server without Chromium: 503, and the
// message offers the HTML to print.
type noBrowser struct{ error }

func (e noBrowser) Unwrap() error { return e.error }

func reportStatus(err error) int {
	if errors.As(err, &noBrowser{}) {
		return http.StatusServiceUnavailable
	}
	return statusOf(err)
}

// writeReport sends rep as an HTML document, a PDF or a workbook; on a
// fault it writes nothing and returns it.
func (s *Server) writeReport(w http.ResponseWriter, r *http.Request, rep committee.Document, format, name string) error {
	data, err := committee.Render(r.Context(), rep, format, s.opt.PDF)
	if err != nil {
		if format == "pdf" && quartier.ErrorCode(err) == quartier.ENOTFOUND {
			err = noBrowser{quartier.Errorf(quartier.ENOTFOUND, "%s Der Bericht lässt sich als HTML im Browser drucken.", quartier.ErrorMessage(err))}
		}
		return err
	}
	switch format {
	case "html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", strings.Replace(s.csp, "style-src 'self'", "style-src 'self' "+committee.StyleSource(), 1))
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.xlsx"`, name))
	case "pdf":
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.pdf"`, name))
	}
	w.Write(data)
	return nil
}

type publicationsView struct {
	page
	Publications []quartier.Publication
	Reports      []quartier.CommitteeReport
	Allocations  []quartier.AllocationRelease
	LayerNames   map[string]string
}

// monitoringPublications: GET /monitoring/veroeffentlichungen, what was
// released to the committee and the public (public).
func (s *Server) monitoringPublications(w http.ResponseWriter, r *http.Request) {
	ps, err := s.monitoring.Publications(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	reports, err := s.monitoring.CommitteeReports(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	allocs, err := s.allocation.Releases(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, "monitoring_publications", &publicationsView{page: titled("Veröffentlichungen des Sozialmonitorings"), Publications: ps, Reports: reports,
		Allocations: allocs, LayerNames: s.layerNames(r)})
}

// savedReport: GET /monitoring/berichte/{id}[/bericht.pdf|/bericht.xlsx],
// a committee report saved for the committee (public, like publications).
func (s *Server) savedReport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Den Bericht „%s“ gibt es nicht.", r.PathValue("id")))
			return
		}
		rep, err := committee.Saved(r.Context(), s.monitoring, s.spatial, id)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		if err := s.writeReport(w, r, rep, format, fmt.Sprintf("ausschussbericht-%d", id)); err != nil {
			w.WriteHeader(reportStatus(err))
			s.render(w, r, "error", &errorView{page: titled("Bericht nicht verfügbar"), Message: s.userMessage(r, err)})
		}
	}
}

type publicationView struct {
	page
	P         *quartier.Publication
	LayerName string
	Map       template.HTML // rendered by report.Render, every text escaped there
}

// monitoringPublication: GET /monitoring/veroeffentlichungen/{id}, one
// publication: its table ("." for withheld cells) and a map of its value
// column with withheld and missing values hatched (public).
func (s *Server) monitoringPublication(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Die Veröffentlichung „%s“ gibt es nicht.", r.PathValue("id")))
		return
	}
	p, err := s.monitoring.Publication(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &publicationView{page: titled(p.Title), P: p, LayerName: s.layerNames(r)[p.Layer]}
	spec, ok := committee.MapSpec{ID: "pk", Title: p.Title, Column: monitoring.ValueColumn(&p.Table)}, false
	switch p.Kind {
	case quartier.PublishedIndex:
		if xs, err := s.monitoring.Indices(r.Context()); err == nil {
			if i := slices.IndexFunc(xs, func(x quartier.Index) bool { return x.Code == p.Subject }); i >= 0 {
				spec, ok = committee.IndexMapSpec("pk", xs[i])
			}
		}
	default:
		if inds, err := s.monitoring.Indicators(r.Context()); err == nil {
			if i := slices.IndexFunc(inds, func(x quartier.Indicator) bool { return x.Code == p.Subject }); i >= 0 && len(p.Table.Columns) > 0 {
				spec.HigherIsBetter, spec.Unit, ok = inds[i].Direction == quartier.HigherIsBetter, inds[i].Name+" ("+p.Table.Columns[spec.Column]+")", true
			}
		}
	}
	// A publication whose indicator or index was since removed keeps its
	// table; the map needs the definition.
	if _, _, areas, err := s.spatial.LayerAreas(r.Context(), p.Layer); err == nil && ok {
		var b bytes.Buffer
		if err := committee.TableMap(&b, spec, &p.Table, areas, nil); err != nil {
			s.errorPage(w, r, err)
			return
		}
		v.Map = template.HTML(b.String())
	}
	s.render(w, r, "monitoring_publication", v)
}
