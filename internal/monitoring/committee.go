package monitoring

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
)

// CommitteeRequest names what a committee report (Ausschussbericht)
// shows: areas of one layer, indicators, optionally an index, and the
// report's reference date.
type CommitteeRequest struct {
	Layer string
	// Areas chosen; none: every area the actor may see.
	Areas      []string
	Indicators []string
	Index      string
	// Date: each indicator is shown at its newest reference date on or
	// before it (zero: its newest).
	Date time.Time
}

// ValueColumn is the column a map and a chart show: the share, or the
// one value column.
func ValueColumn(t *quartier.OutputTable) int { return len(t.Columns) - 1 }

// CommitteeFigures gathers the figures of a committee report: every
// figure withheld exactly as a publication of the same indicator on the
// same layer and date withholds it (the marks are computed over all
// areas of the layer, so report and publication never disagree and
// neither gives away what the other withholds). It needs indicators.read
// (the report is made from the internal values) and only areas the actor
// may see; it is audited as one read naming what it shows.
func (s *Service) CommitteeFigures(ctx context.Context, req CommitteeRequest) (*quartier.CommitteeFigures, error) {
	if err := s.audit.Require(ctx, quartier.PermReadIndicators, "committee_report", req.Layer); err != nil {
		return nil, err
	}
	out, err := s.committeeFigures(ctx, req)
	if err != nil {
		return nil, err
	}
	if err := s.audit.Read(ctx, audit.Event{Action: "indicators.committee_report", ObjectType: "committee_report", ObjectID: req.Layer,
		Detail: "Ausschussbericht, " + describe(req, out)}); err != nil {
		return nil, err
	}
	return out, nil
}

func describe(req CommitteeRequest, out *quartier.CommitteeFigures) string {
	what := strings.Join(req.Indicators, ",")
	if req.Index != "" {
		what = strings.TrimPrefix(what+",Index "+req.Index, ",")
	}
	return fmt.Sprintf("Ebene %s, %d Gebiete (%s), %s", req.Layer, len(out.Areas), abbreviate(out.Areas, 10), what)
}

func (s *Service) committeeFigures(ctx context.Context, req CommitteeRequest) (*quartier.CommitteeFigures, error) {
	if req.Layer == "" {
		return nil, quartier.Errorf(quartier.EINVALID, "Bitte eine Ebene für den Bericht wählen.")
	}
	if len(req.Indicators) == 0 && req.Index == "" {
		return nil, quartier.Errorf(quartier.EINVALID, "Bitte mindestens einen Indikator oder einen Index für den Bericht wählen.")
	}
	see := visibleAreas(ctx, s.spatial.Locator(), req.Layer)
	_, _, areas, err := s.spatial.LayerAreas(ctx, req.Layer)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(areas))
	for _, a := range areas {
		known[a.Code] = true
	}
	out := &quartier.CommitteeFigures{Layer: req.Layer, Date: req.Date}
	for _, code := range req.Areas {
		switch {
		case !known[code]:
			return nil, quartier.Errorf(quartier.EINVALID, "Gebiet %q gibt es auf der Ebene %s nicht.", code, req.Layer)
		case !see(code):
			s.audit.Denied(ctx, quartier.PermReadIndicators, "area", req.Layer+"/"+code)
			return nil, quartier.Errorf(quartier.EFORBIDDEN, "Gebiet %s liegt nicht in Ihren Sozialräumen.", code)
		}
		out.Areas = append(out.Areas, code)
	}
	if len(out.Areas) == 0 {
		for _, a := range areas {
			if see(a.Code) {
				out.Areas = append(out.Areas, a.Code)
			}
		}
	}
	slices.Sort(out.Areas)
	out.Areas = slices.Compact(out.Areas)
	for _, code := range req.Indicators {
		ci, err := s.committeeIndicator(ctx, code, req.Layer, req.Date, out.Areas)
		if err != nil {
			return nil, err
		}
		out.Indicators = append(out.Indicators, *ci)
	}
	if req.Index != "" {
		res, err := s.computeIndex(ctx, req.Index, req.Layer)
		if err != nil {
			return nil, err
		}
		out.Index = &quartier.CommitteeIndex{Index: res.Index, Table: *indexTable(res, false)}
	}
	keep := func(t *quartier.OutputTable) {
		t.Rows = slices.DeleteFunc(t.Rows, func(r quartier.OutputRow) bool { return !see(r.Area) })
	}
	for i := range out.Indicators {
		keep(&out.Indicators[i].Table)
	}
	if out.Index != nil {
		keep(&out.Index.Table)
	}
	return out, nil
}

// committeeIndicator is an indicator at the newest date on or before
// date, with its series up to there.
func (s *Service) committeeIndicator(ctx context.Context, code, layer string, date time.Time, chosen []string) (*quartier.CommitteeIndicator, error) {
	ind, vals, _, err := s.load(ctx, code)
	if err != nil {
		return nil, err
	}
	var dates []time.Time
	for _, v := range vals {
		if date.IsZero() || !v.ReferenceDate.After(date) {
			dates = append(dates, v.ReferenceDate)
		}
	}
	slices.SortFunc(dates, time.Time.Compare)
	dates = slices.CompactFunc(dates, time.Time.Equal)
	if len(dates) == 0 {
		when := ""
		if !date.IsZero() {
			when = " bis zum " + date.Format(quartier.GermanDateLayout)
		}
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Der Indikator %s hat%s keine Werte.", ind.Name, when)
	}
	ci := &quartier.CommitteeIndicator{Indicator: *ind, Date: dates[len(dates)-1], Dates: dates, Series: map[string][]quartier.OutputCell{}}
	for _, d := range dates {
		rep, err := s.allValues(ctx, code, layer, d)
		if err != nil {
			return nil, err
		}
		tab := valueTable(rep, false)
		// A report for the committee is released like a publication: what
		// was released before must not give its withheld cells away.
		if err := s.linkToPublished(ctx, tab, code, layer, d); err != nil {
			return nil, err
		}
		col := ValueColumn(tab)
		byArea := make(map[string]quartier.OutputCell, len(tab.Rows))
		for _, r := range tab.Rows {
			byArea[r.Area] = r.Cells[col]
		}
		for _, a := range chosen {
			ci.Series[a] = append(ci.Series[a], byArea[a])
		}
		var total quartier.OutputCell
		if tab.Total != nil && len(tab.Total.Cells) > col {
			total = tab.Total.Cells[col]
		}
		ci.Series[""] = append(ci.Series[""], total)
		if d.Equal(ci.Date) {
			ci.Table = *tab
		}
	}
	return ci, nil
}

func abbreviate(xs []string, n int) string {
	if len(xs) <= n {
		return strings.Join(xs, ",")
	}
	return fmt.Sprintf("%s,… (%d weitere)", strings.Join(xs[:n], ","), len(xs)-n)
}

// PublishCommitteeReport saves a committee report for the committee: its
// figures (as CommitteeFigures gathers them) and commentary frozen, one
// audit entry. Needs indicators.publish, as any publication.
func (s *Service) PublishCommitteeReport(ctx context.Context, req CommitteeRequest, title string, comment []string) (*quartier.CommitteeReport, error) {
	if err := s.audit.Require(ctx, quartier.PermPublishIndicators, "committee_report", req.Layer); err != nil {
		return nil, err
	}
	fig, err := s.committeeFigures(ctx, req)
	if err != nil {
		return nil, err
	}
	r := &quartier.CommitteeReport{Title: title, Comment: comment, Figures: *fig, PublishedAt: time.Now().UTC(), PublishedBy: quartier.ActorFrom(ctx).Label()}
	err = audit.Change(ctx, s.audit, s.store, quartier.PermPublishIndicators, "committee_report", req.Layer, func(tx Tx) (audit.Event, error) {
		if err := tx.CreateCommitteeReport(ctx, r); err != nil {
			return audit.Event{}, err
		}
		return audit.Event{Action: "indicators.publish", ObjectType: "committee_report", ObjectID: strconv.FormatInt(r.ID, 10),
			Detail: fmt.Sprintf("Ausschussbericht %q, %s", title, describe(req, fig))}, nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// CommitteeReports lists the saved committee reports, newest first,
// without their figures. Public, like publications.
func (s *Service) CommitteeReports(ctx context.Context) ([]quartier.CommitteeReport, error) {
	return publicRead(ctx, s, func(tx Tx) ([]quartier.CommitteeReport, error) { return tx.CommitteeReports(ctx) })
}

// CommitteeReport is one saved committee report (public).
func (s *Service) CommitteeReport(ctx context.Context, id int64) (*quartier.CommitteeReport, error) {
	return publicRead(ctx, s, func(tx Tx) (*quartier.CommitteeReport, error) { return tx.CommitteeReport(ctx, id) })
}
