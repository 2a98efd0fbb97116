package http

import (
	"bytes"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/atlas"
	"github.com/quartier/quartier/internal/monitoring"
	"github.com/quartier/quartier/internal/report"
	"github.com/quartier/quartier/internal/spatial"
)

// spaceProfileView is the Sozialraumprofil: what a leadership duo takes
// into a meeting — the indicators of the space beside the city's with
// their trend, the index classes, the atlas's offers per topic, the
// provider, teams and duo. It prints on its own.
type spaceProfileView struct {
	page
	Detail     *spatial.AreaDetail
	Duo        []quartier.Leadership
	Indicators []profileIndicator
	Indices    []profileIndex
	Gap        *atlas.GapReport
	Offers     []profileTopic
	Date       time.Time // of the profile: today
}

type profileIndicator struct {
	Indicator         quartier.Indicator
	Date              time.Time
	Value, City       string
	Trend             string // "+1,2 seit 31.12.2022" or ""
	Note              string // why a value is missing or incomplete
	Chart             template.HTML
	Points            []profilePoint
	ChartID, TableCap string
}

type profilePoint struct {
	Date        time.Time
	Value, City string
}

type profileIndex struct {
	Index    quartier.Index
	Classes  []string // per component: "Statusindex: niedrig"
	Combined string
	Excluded string
	Note     string
}

type profileTopic struct {
	Label         string
	Offers        int
	Per1000, City string
}

// spaceProfile: GET /sozialraeume/{space}/profil (indicators.read; a
// scoped reader only for its spaces, as the contexts decide).
func (s *Server) spaceProfile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	layer := s.spatial.Locator().SpaceLayer()
	code := r.PathValue("space")
	d, err := s.spatial.Area(ctx, layer, code)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	// The indicators first: they say whether the reader may see this
	// space's values at all.
	inds, err := s.monitoring.Indicators(ctx)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := &spaceProfileView{page: titled("Sozialraumprofil " + d.Area.Name), Detail: d, Duo: d.CurrentDuo(time.Now()), Date: time.Now().In(s.opt.TimeZone)}
	for i, ind := range inds {
		ser, err := s.monitoring.AreaSeries(ctx, ind.Code, layer, code)
		if quartier.ErrorCode(err) == quartier.EFORBIDDEN {
			s.errorPage(w, r, err)
			return
		}
		pi := profileIndicator{Indicator: ind, ChartID: "ch" + strconv.Itoa(i)}
		if err != nil {
			pi.Note = s.userMessage(r, err)
			v.Indicators = append(v.Indicators, pi)
			continue
		}
		pi.profileSeries(ser)
		v.Indicators = append(v.Indicators, pi)
	}
	xs, err := s.monitoring.Indices(ctx)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	for _, x := range xs {
		pi := profileIndex{Index: x}
		res, err := s.monitoring.ComputeIndex(ctx, x.Code, layer)
		if err != nil {
			pi.Note = s.userMessage(r, err)
		} else {
			for _, row := range res.Rows {
				if row.Area != code {
					continue
				}
				pi.Combined, pi.Excluded = row.Combined, row.Excluded
				for c, cr := range row.Components {
					pi.Classes = append(pi.Classes, res.Index.Components[c].Name+": "+cr.Class)
				}
			}
		}
		v.Indices = append(v.Indices, pi)
	}
	if v.Gap, err = s.atlas.GapAnalysis(ctx, atlas.GapRequest{}); err == nil {
		for _, row := range v.Gap.Rows {
			if row.Space.Code != code {
				continue
			}
			for t, topic := range v.Gap.Topics {
				v.Offers = append(v.Offers, profileTopic{Label: topic.Label, Offers: row.Offers[t],
					Per1000: decimal(row.Per1000[t]), City: decimal(v.Gap.City.Per1000[t])})
			}
		}
	} else {
		v.Gap = nil
	}
	s.render(w, r, "space_profile", v)
}

// profileSeries fills the newest value, the city's, the trend since the
// date before, the chart and its table.
func (pi *profileIndicator) profileSeries(ser *monitoring.AreaSeries) {
	unit := ""
	if pi.Indicator.Unit != "" {
		unit = " " + pi.Indicator.Unit
	}
	label := func(x float64) string {
		if math.IsNaN(x) {
			return "–"
		}
		return decimal(x) + unit
	}
	area := report.Series{Name: "Sozialraum"}
	city := report.Series{Name: "Stadt"}
	for _, p := range ser.Points {
		pi.Points = append(pi.Points, profilePoint{Date: p.Date, Value: label(p.Area.Value), City: label(p.City)})
		area.Points = append(area.Points, report.Point{Date: p.Date, Value: p.Area.Value, Label: label(p.Area.Value)})
		city.Points = append(city.Points, report.Point{Date: p.Date, Value: p.City, Label: label(p.City)})
	}
	n := len(ser.Points)
	if n == 0 {
		pi.Note = "Keine Werte eingespielt."
		return
	}
	last := ser.Points[n-1]
	pi.Date, pi.Value, pi.City = last.Date, label(last.Area.Value), label(last.City)
	if last.Area.Reported > 0 && !last.Area.Complete {
		pi.Note = "unvollständig: Werte für " + strconv.Itoa(last.Area.Reported) + " von " + strconv.Itoa(last.Area.Blocks) + " Bausteinen"
	}
	if n > 1 {
		prev := ser.Points[n-2]
		if ch := last.Area.Value - prev.Area.Value; !math.IsNaN(ch) {
			pi.Trend = signed2(ch) + unit + " seit " + prev.Date.Format(quartier.GermanDateLayout)
		}
	}
	if n < 2 {
		return
	}
	pi.TableCap = pi.Indicator.Name + " im Sozialraum und in der Stadt"
	var b bytes.Buffer
	if err := report.LineChart(&b, report.Chart{Title: pi.Indicator.Name + unit, Desc: "Verlauf im Sozialraum und in der Stadt über " + strconv.Itoa(n) + " Stichtage; die Werte stehen in der Tabelle daneben.",
		Unit: pi.Indicator.Unit, Width: 420, ID: pi.ChartID}, []report.Series{area, city}); err == nil {
		pi.Chart = template.HTML(b.String()) // every text escaped by LineChart
	}
}

// signed2 writes a change with its sign and up to two decimals.
func signed2(x float64) string {
	switch {
	case x > 0:
		return "+" + decimal(x)
	case x < 0:
		return "−" + decimal(-x)
	}
	return "±0"
}
