package http

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
)

type budgetReportView struct {
	page
	Year       int
	Years      []int // years published
	Report     *budget.Report
	Draft      bool // the live figures, not the published report
	CanPublish bool
	CanDraft   bool
	Missing    string // why there is no published report
	CSS        template.CSS
}

// Per is an amount per 1,000 residents of a space in the comparison.
func (v *budgetReportView) Per(f budget.SpaceFigures, c quartier.Cents) string {
	if p, ok := f.Per1000(c); ok {
		return p.String()
	}
	return "–"
}

func (s *Server) reportView(r *http.Request) *budgetReportView {
	a := quartier.ActorFrom(r.Context())
	return &budgetReportView{Year: s.budgetYear(r), CanPublish: a.Can(quartier.PermPublishBudgetReport), CanDraft: a.Can(quartier.PermReadBudgets)}
}

// budgetReport: GET /haushalt/bericht?jahr=…, the year report as
// published to the committee (its figures frozen at publication).
func (s *Server) budgetReport(w http.ResponseWriter, r *http.Request) {
	v := s.reportView(r)
	v.page = titled(fmt.Sprintf("Jahresbericht Sozialraumbudgets %d", v.Year))
	rep, years, err := s.budget.PublishedReport(r.Context(), v.Year)
	v.Years = years
	if err != nil {
		if quartier.ErrorCode(err) != quartier.ENOTFOUND {
			s.errorPage(w, r, err)
			return
		}
		// The page exists before the first publication: it says so.
		v.Missing = s.userMessage(r, err)
	}
	v.Report = rep
	s.render(w, r, "budget_report", v)
}

// budgetReportDraft: GET /haushalt/bericht/entwurf?jahr=…, the report as
// it stands today, with the button to publish it.
func (s *Server) budgetReportDraft(w http.ResponseWriter, r *http.Request) {
	v := s.reportView(r)
	v.page = titled(fmt.Sprintf("Jahresbericht Sozialraumbudgets %d (Entwurf)", v.Year))
	rep, err := s.budget.YearReport(r.Context(), v.Year)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v.Report, v.Draft = rep, true
	s.render(w, r, "budget_report", v)
}

// budgetReportPublish: POST /haushalt/bericht/veroeffentlichen, releases
// the report of the year to the committee.
func (s *Server) budgetReportPublish(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgForm(w, r) {
		return
	}
	year, err := strconv.Atoi(r.PostFormValue("jahr"))
	if err != nil {
		s.errorPage(w, r, quartier.Errorf(quartier.EINVALID, "Haushaltsjahr %q ist keine Jahreszahl.", r.PostFormValue("jahr")))
		return
	}
	if _, err := s.budget.PublishReport(r.Context(), year); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/haushalt/bericht?jahr=%d", year), http.StatusSeeOther)
}

// budgetReportXLSX: GET /haushalt/bericht.xlsx?jahr=…, the controller's
// workbook of the report as it stands today.
func (s *Server) budgetReportXLSX(w http.ResponseWriter, r *http.Request) {
	year := s.budgetYear(r)
	rep, err := s.budget.YearReport(r.Context(), year)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := rep.WriteXLSX(&b); err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="jahresbericht-sozialraumbudgets-%d.xlsx"`, year))
	w.Write(b.Bytes())
}

// budgetReportPDF: GET /haushalt/bericht.pdf?jahr=…, the published report
// printed by headless Chromium.
func (s *Server) budgetReportPDF(w http.ResponseWriter, r *http.Request) {
	v := s.reportView(r)
	rep, _, err := s.budget.PublishedReport(r.Context(), v.Year)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	css, err := fs.ReadFile(assetsFS(), "css/budget-print.css")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v.page, v.Report, v.CSS = titled(fmt.Sprintf("Jahresbericht Sozialraumbudgets %d", v.Year)), rep, template.CSS(css)
	var doc bytes.Buffer
	t, err := s.pages.get("budget_report")
	if err == nil {
		err = t.ExecuteTemplate(&doc, "bare", v)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	footer := fmt.Sprintf(`<div style="font-size:8pt;width:100%%;text-align:center;font-family:sans-serif">Jahresbericht Sozialraumbudgets %d – Seite <span class="pageNumber"></span> von <span class="totalPages"></span></div>`, v.Year)
	pdf, err := s.opt.PDF.Render(r.Context(), doc.String(), footer)
	if err != nil {
		if quartier.ErrorCode(err) == quartier.ENOTFOUND {
			w.WriteHeader(http.StatusServiceUnavailable)
			s.render(w, r, "error", &errorView{page: titled("PDF nicht verfügbar"), Message: quartier.ErrorMessage(err) + fmt.Sprintf(" Die Seite /haushalt/bericht?jahr=%d lässt sich im Browser drucken.", v.Year)})
			return
		}
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="jahresbericht-sozialraumbudgets-%d.pdf"`, v.Year))
	w.Write(pdf)
}
