package atlas

import (
	"context"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/csvio"
	"github.com/quartier/quartier/internal/search"
	"github.com/quartier/quartier/internal/spatial"
	"github.com/quartier/quartier/internal/xlsx"
)

// GapRequest asks how well each social space is supplied with offers of
// some topics, relative to its residents of a group.
type GapRequest struct {
	Group  string   // population group, default "0-26", else "gesamt"
	Topics []string // default: the top-level topics
}

// GapReport is the supply table: offers per topic per space and per 1,000
// residents of the group, with the spaces that have no offer of a topic.
type GapReport struct {
	Group         string
	GroupLabel    string
	ReferenceDate time.Time // of the population figures; zero: none stored
	Groups        []string  // groups with figures, for the choice
	Topics        []quartier.Topic
	Rows          []GapRow
	City          GapRow
	// Without lists, per topic (same order as Topics), the spaces with no
	// offer of it.
	Without [][]spatial.AreaRef
}

// GapRow is one space (or the city).
type GapRow struct {
	Space     spatial.AreaRef
	Residents int
	// Complete is false when some block of the space has no figure.
	Complete bool
	Offers   []int     // per topic
	Per1000  []float64 // per topic; NaN without residents
	// Places sums the capacity the offers state (a Kita's places), per
	// topic; PlacesKnown is how many of Offers state one, so a reader sees
	// how far the sum goes. PlacesPer1000 is Places per 1,000 residents of
	// the group, NaN without residents or without any stated capacity.
	Places        []int
	PlacesKnown   []int
	PlacesPer1000 []float64
}

// addPlaces sums the stated capacity of the offers in docs.
func (row *GapRow) addPlaces(s *atlasSnapshot, docs search.Bitset) {
	sum, known := 0, 0
	if docs != nil {
		docs.ForEach(func(d uint32) bool {
			if c, ok := s.offers[s.docs[d].offer].Capacity(); ok {
				sum += c
				known++
			}
			return true
		})
	}
	row.Places, row.PlacesKnown = append(row.Places, sum), append(row.PlacesKnown, known)
	per := math.NaN()
	if known > 0 {
		per = per1000(sum, row.Residents)
	}
	row.PlacesPer1000 = append(row.PlacesPer1000, per)
}

// GapAnalysis counts the current offers of each topic (with its children)
// that have a place in each space, as the actor may see them: a shelter
// counts only for those who may locate it, so the table does not reveal
// which space has one. Population comes from the newest figures of the
// group; blocks are summed into spaces through the current block layer.
func (a *Service) GapAnalysis(ctx context.Context, req GapRequest) (*GapReport, error) {
	s, err := a.readAtlas(ctx)
	if err != nil {
		return nil, err
	}
	var pop []quartier.Population
	if err := a.store.View(ctx, func(tx Tx) error {
		pop, err = tx.Population(ctx)
		return err
	}); err != nil {
		return nil, err
	}
	rep := &GapReport{}
	newest := map[string]time.Time{}
	for _, p := range pop {
		if p.ReferenceDate.After(newest[p.Group]) {
			newest[p.Group] = p.ReferenceDate
		}
	}
	for g := range newest {
		rep.Groups = append(rep.Groups, g)
	}
	slices.Sort(rep.Groups)
	rep.Group = req.Group
	if rep.Group == "" {
		rep.Group = "0-26"
		if _, ok := newest[rep.Group]; !ok {
			rep.Group = "gesamt"
		}
	}
	rep.GroupLabel = quartier.PopulationGroupLabel(rep.Group)
	rep.ReferenceDate = newest[rep.Group]

	topics := req.Topics
	if len(topics) == 0 {
		for _, t := range s.topics {
			if t.Parent == "" {
				topics = append(topics, t.Code)
			}
		}
	}
	for _, t := range topics {
		if tp, ok := s.topicIdx[t]; ok {
			rep.Topics = append(rep.Topics, tp)
		}
	}

	loc := a.locator()
	spaceLayer := loc.SpaceLayer()
	residents := map[string]int{}
	counted := map[string]int{}
	for _, p := range pop {
		if p.Group != rep.Group || !p.ReferenceDate.Equal(rep.ReferenceDate) {
			continue
		}
		r, ok := loc.LocateBlock(p.Block)
		if !ok {
			continue // a block of an older Gebietsstand
		}
		if h, ok := r.HitFor(spaceLayer); ok && h.Code != "" {
			residents[h.Code] += p.Residents
			counted[h.Code]++
		}
		rep.City.Residents += p.Residents
	}
	blocksPerSpace := map[string]int{}
	for _, b := range loc.BlockCodes() {
		if r, ok := loc.LocateBlock(b); ok {
			if h, ok := r.HitFor(spaceLayer); ok && h.Code != "" {
				blocksPerSpace[h.Code]++
			}
		}
	}

	actor := quartier.ActorFrom(ctx)
	seeConf := func(space quartier.SpaceCode) bool { return actor.CanInSpace(quartier.PermReadConfidential, space) }
	n := len(s.docs)
	topicBits := make([]search.Bitset, len(rep.Topics))
	for i, t := range rep.Topics {
		topicBits[i] = s.facets[FacetTopic][t.Code]
		if topicBits[i] == nil {
			topicBits[i] = search.NewBitset(n)
		}
	}
	rep.Without = make([][]spatial.AreaRef, len(rep.Topics))
	anywhere := search.NewBitset(n)
	for _, code := range slices.Sorted(maps.Keys(s.spaceNames)) {
		row := GapRow{Space: spatial.AreaRef{Code: code, Name: s.spaceNames[code]}, Residents: residents[code], Complete: counted[code] == blocksPerSpace[code] && counted[code] > 0}
		inSpace := s.facetBits(FacetSpace, code, seeConf)
		if inSpace != nil {
			// Facet sets keep the documents a patch removed.
			inSpace = inSpace.Clone()
			inSpace.And(s.index.Live())
		}
		for i := range rep.Topics {
			c := 0
			var both search.Bitset
			if inSpace != nil {
				c = inSpace.CountAnd(topicBits[i])
				both = inSpace.Clone()
				both.And(topicBits[i])
			}
			row.addPlaces(s, both)
			row.Offers = append(row.Offers, c)
			row.Per1000 = append(row.Per1000, per1000(c, row.Residents))
			if c == 0 {
				rep.Without[i] = append(rep.Without[i], row.Space)
			}
		}
		if inSpace != nil {
			anywhere.Or(inSpace)
		}
		rep.Rows = append(rep.Rows, row)
	}
	rep.City.Space = spatial.AreaRef{Name: "Stadt insgesamt"}
	rep.City.Complete = len(loc.BlockCodes()) > 0
	for _, row := range rep.Rows {
		rep.City.Complete = rep.City.Complete && row.Complete
	}
	for i := range rep.Topics {
		c := anywhere.CountAnd(topicBits[i])
		both := anywhere.Clone()
		both.And(topicBits[i])
		rep.City.addPlaces(s, both)
		rep.City.Offers = append(rep.City.Offers, c)
		rep.City.Per1000 = append(rep.City.Per1000, per1000(c, rep.City.Residents))
	}
	return rep, nil
}

func per1000(offers, residents int) float64 {
	if residents <= 0 {
		return math.NaN()
	}
	return float64(offers) * 1000 / float64(residents)
}

// WriteCSV writes the table for a spreadsheet: ';' and a byte-order mark
// as German Excel expects, decimal commas, one row per space and the city.
func (r *GapReport) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csvio.NewInertWriter(w, ';')
	if err := cw.Write(r.header()); err != nil {
		return err
	}
	for _, row := range append(slices.Clone(r.Rows), r.City) {
		rec := []string{row.Space.Code, row.Space.Name, strconv.Itoa(row.Residents), map[bool]string{true: "ja", false: "nein"}[row.Complete]}
		for i := range r.Topics {
			rec = append(rec, strconv.Itoa(row.Offers[i]), decimalComma(row.Per1000[i]), strconv.Itoa(row.Places[i]), strconv.Itoa(row.PlacesKnown[i]), decimalComma(row.PlacesPer1000[i]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// header names the columns as a person reads them; the machine names went
// into planners' spreadsheets as they were.
func (r *GapReport) header() []string {
	head := []string{"Sozialraum (Code)", "Sozialraum", "Einwohner " + r.GroupLabel, "Einwohnerzahl vollständig"}
	for _, t := range r.Topics {
		head = append(head, t.Label+": Angebote", t.Label+": je 1.000 Einwohner", t.Label+": Plätze (soweit angegeben)", t.Label+": Angebote mit Platzzahl", t.Label+": Plätze je 1.000 Einwohner")
	}
	return head
}

// WriteXLSX writes the table as an Excel workbook: codes as text (a CSV's
// "0110" becomes 110 in Excel), figures as numbers.
func (r *GapReport) WriteXLSX(w io.Writer) error {
	var rows [][]xlsx.Cell
	for _, row := range append(slices.Clone(r.Rows), r.City) {
		rec := []xlsx.Cell{xlsx.Text(row.Space.Code), xlsx.Text(row.Space.Name), xlsx.Number(float64(row.Residents)), xlsx.Text(map[bool]string{true: "ja", false: "nein"}[row.Complete])}
		for i := range r.Topics {
			rec = append(rec, xlsx.Number(float64(row.Offers[i])), xlsx.Number(row.Per1000[i]),
				xlsx.Number(float64(row.Places[i])), xlsx.Number(float64(row.PlacesKnown[i])), xlsx.Number(row.PlacesPer1000[i]))
		}
		rows = append(rows, rec)
	}
	return xlsx.Write(w, "Versorgung", r.header(), rows)
}

// decimalComma writes v with two decimals as German Excel reads it; NaN
// (no figure) stays empty.
func decimalComma(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(v, 'f', 2, 64), ".", ",", 1)
}
