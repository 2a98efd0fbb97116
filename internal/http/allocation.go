package http

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/allocation"
	"github.com/quartier/quartier/internal/committee"
)

// The allocation pages: saved proposals for whoever reads indicator
// values, and for planners a form that computes a proposal, shows every
// step, and saves it as the next version for the committee.

const allocationTerms = 4 // rows of the form; the CLI takes any number

type allocationView struct {
	page
	Proposals   []quartier.AllocationProposal
	ReleasedIDs map[int64]bool // versions released to the committee
	Indicators  []quartier.Indicator
	Form        allocation.Form
	TermRows    []allocationTermRow
	Error       string
	Result      *allocationResult // a preview or a saved proposal
	// Released: the shown version is released to the committee;
	// CanPublish: the reader may release it.
	Released, CanPublish bool
}

type allocationTermRow struct {
	N                 int
	Indicator, Weight string
}

// allocationResult is a proposal as the page shows it, every figure
// formatted and the bars of its chart laid out.
type allocationResult struct {
	P      *quartier.AllocationProposal
	Base   string // the base share in percent
	Rows   []allocationRow
	Height int
}

type allocationRow struct {
	Label, Score, Raw, Bound string
	Amount, Previous, Change quartier.Cents
	HasPrevious              bool
	Measures, Shifts         []string
	Y, Width, PrevX          int
}

const allocationBarMax = 360 // px of the largest amount

func newAllocationResult(p *quartier.AllocationProposal) *allocationResult {
	res := &allocationResult{P: p, Base: decimal(p.Rule.BaseShare * 100), Height: 18*len(p.Shares) + 4}
	var top quartier.Cents = 1
	for _, s := range p.Shares {
		top = max(top, s.Amount, s.Previous)
	}
	for i, s := range p.Shares {
		sp := quartier.Space{Code: s.Space, Name: s.Name}
		row := allocationRow{Label: sp.Label(), Score: decimal(s.Score*100) + " %", Raw: decimal(s.Raw) + " €", Bound: allocation.BoundLabel(s.Bound),
			Amount: s.Amount, Previous: s.Previous, Change: s.Change(), HasPrevious: s.HasPrevious,
			Y: 18 * i, Width: int(int64(s.Amount) * allocationBarMax / int64(top)), PrevX: 195 + int(int64(s.Previous)*allocationBarMax/int64(top))}
		for _, m := range s.Measures {
			row.Measures = append(row.Measures, decimal(m))
		}
		for _, d := range s.Shifts {
			row.Shifts = append(row.Shifts, d.String())
		}
		res.Rows = append(res.Rows, row)
	}
	return res
}

// allocationPage lists the saved proposals and, for planners, the form.
func (s *Server) allocationPage(w http.ResponseWriter, r *http.Request) {
	s.allocationForm(w, r, http.StatusOK, &allocationView{Form: allocation.Form{Year: strconv.Itoa(s.spatial.Today().Year() + 1), Base: "20"}})
}

func (s *Server) allocationForm(w http.ResponseWriter, r *http.Request, status int, v *allocationView) {
	ps, err := s.allocation.Proposals(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v.Proposals = ps
	rs, err := s.allocation.Releases(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v.ReleasedIDs = make(map[int64]bool, len(rs))
	for _, rel := range rs {
		v.ReleasedIDs[rel.Allocation] = true
	}
	if quartier.ActorFrom(r.Context()).Can(quartier.PermManageIndicators) {
		if v.Indicators, err = s.monitoring.Indicators(r.Context()); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	for i := range allocationTerms {
		row := allocationTermRow{N: i + 1}
		if i < len(v.Form.Terms) {
			row.Indicator, row.Weight, _ = strings.Cut(v.Form.Terms[i], "=")
		}
		v.TermRows = append(v.TermRows, row)
	}
	v.Title = "Verteilungsvorschläge"
	w.WriteHeader(status)
	s.render(w, r, "allocation", v)
}

// allocationCompute previews (button "berechnen") or saves ("speichern").
func (s *Server) allocationCompute(w http.ResponseWriter, r *http.Request) {
	err := readForm(w, r, formLimit())
	f := allocation.Form{Name: r.PostFormValue("name"), Year: r.PostFormValue("year"), Amount: r.PostFormValue("amount"), Base: r.PostFormValue("base"),
		Date: r.PostFormValue("date"), Floor: r.PostFormValue("floor"), Cap: r.PostFormValue("cap"), Note: r.PostFormValue("note"), Compare: r.PostFormValue("compare")}
	for i := 1; i <= allocationTerms; i++ {
		ind, weight := r.PostFormValue(fmt.Sprintf("indicator%d", i)), r.PostFormValue(fmt.Sprintf("weight%d", i))
		if ind != "" || weight != "" {
			f.Terms = append(f.Terms, ind+"="+weight)
		}
	}
	v := &allocationView{Form: f}
	var p *quartier.AllocationProposal
	if err == nil {
		var req allocation.Request
		if req, err = f.Request(); err == nil {
			if r.PostFormValue("action") == "save" {
				p, err = s.allocation.Save(r.Context(), req)
				if err == nil {
					http.Redirect(w, r, fmt.Sprintf("/verteilung/%d", p.ID), http.StatusSeeOther)
					return
				}
			} else {
				p, err = s.allocation.Preview(r.Context(), req)
			}
		}
	}
	status := http.StatusOK
	if err != nil {
		v.Error, status = s.userMessage(r, err), statusOf(err)
	} else {
		v.Result = newAllocationResult(p)
	}
	s.allocationForm(w, r, status, v)
}

// allocationShow shows a saved proposal.
func (s *Server) allocationShow(w http.ResponseWriter, r *http.Request) {
	p, ok := s.savedAllocation(w, r)
	if !ok {
		return
	}
	s.showAllocation(w, r, http.StatusOK, p, "")
}

func (s *Server) showAllocation(w http.ResponseWriter, r *http.Request, status int, p *quartier.AllocationProposal, msg string) {
	v := &allocationView{page: titled(fmt.Sprintf("%s %d, Fassung %d", p.Name, p.Year, p.Version)), Result: newAllocationResult(p), Error: msg}
	_, err := s.allocation.Release(r.Context(), p.ID)
	switch {
	case err == nil:
		v.Released = true
	case quartier.ErrorCode(err) != quartier.ENOTFOUND:
		s.errorPage(w, r, err)
		return
	}
	v.CanPublish = !v.Released && quartier.ActorFrom(r.Context()).Can(quartier.PermPublishIndicators)
	w.WriteHeader(status)
	s.render(w, r, "allocation_show", v)
}

// allocationPublish: POST /verteilung/{id}/veroeffentlichen releases the
// version to the committee; a refusal (the amounts would give a withheld
// measure back) comes back on the version's page.
func (s *Server) allocationPublish(w http.ResponseWriter, r *http.Request) {
	p, ok := s.savedAllocation(w, r)
	if !ok {
		return
	}
	_, err := s.allocation.Publish(r.Context(), p.ID)
	if err != nil {
		s.showAllocation(w, r, statusOf(err), p, s.userMessage(r, err))
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/monitoring/verteilungen/%d", p.ID), http.StatusSeeOther)
}

// releasedAllocation: GET /monitoring/verteilungen/{id}[/bericht.pdf|
// /bericht.xlsx], a released allocation proposal's report (public, like
// the committee reports; an unreleased version is not found).
func (s *Server) releasedAllocation(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Den veröffentlichten Verteilungsvorschlag „%s“ gibt es nicht.", r.PathValue("id")))
			return
		}
		rep, err := committee.Allocation(r.Context(), s.allocation, s.spatial, id)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		if err := s.writeReport(w, r, rep, format, fmt.Sprintf("verteilungsvorschlag-%d", id)); err != nil {
			w.WriteHeader(reportStatus(err))
			s.render(w, r, "error", &errorView{page: titled("Bericht nicht verfügbar"), Message: s.userMessage(r, err)})
		}
	}
}

// allocationCSV downloads a saved proposal for a spreadsheet.
func (s *Server) allocationCSV(w http.ResponseWriter, r *http.Request) {
	p, ok := s.savedAllocation(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", fmt.Sprintf("verteilung-%d-%d-fassung-%d.csv", p.ID, p.Year, p.Version)))
	allocation.WriteCSV(w, p)
}

func (s *Server) savedAllocation(w http.ResponseWriter, r *http.Request) (*quartier.AllocationProposal, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, quartier.Errorf(quartier.ENOTFOUND, "Den Verteilungsvorschlag „%s“ gibt es nicht.", r.PathValue("id")))
		return nil, false
	}
	p, err := s.allocation.Proposal(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return nil, false
	}
	return p, true
}
