package atlas

import (
	"context"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/spatial"
)

// Guide is the printable offer guide (Wegweiser) of one social space:
// its current offers grouped by topic, and the city-wide crisis help
// whose address is confidential.
type Guide struct {
	Space    spatial.AreaRef
	Date     time.Time
	Sections []GuideSection
	// Crisis are protection offers without a public place: reachable from
	// everywhere through their contact path.
	Crisis []SearchHit
	Total  int
}

// GuideSection is one top-level topic with its offers in name order.
type GuideSection struct {
	Topic  quartier.Topic
	Offers []SearchHit
}

// Guide builds the Wegweiser of a space from the public view, whoever
// asks: it is printed and handed to families, so it never carries a
// confidential address or a contact meant for professionals.
func (a *Service) Guide(ctx context.Context, space quartier.SpaceCode) (*Guide, error) {
	pub := quartier.WithActor(ctx, nil)
	s, err := a.snapshot(pub)
	if err != nil {
		return nil, err
	}
	name, ok := s.spaceNames[string(space)]
	if !ok {
		return nil, quartier.Errorf(quartier.ENOTFOUND, "Sozialraum %s wurde nicht gefunden.", space)
	}
	g := &Guide{Space: spatial.AreaRef{Code: string(space), Name: name}, Date: a.today()}
	root := func(code string) string {
		for s.topicIdx[code].Parent != "" {
			code = s.topicIdx[code].Parent
		}
		return code
	}
	bySection := map[string]int{}
	for _, t := range s.topics {
		if t.Parent == "" {
			bySection[t.Code] = len(g.Sections)
			g.Sections = append(g.Sections, GuideSection{Topic: t})
		}
	}
	for page := 1; ; page++ {
		res, err := a.Search(pub, SearchRequest{Spaces: []string{string(space)}, Sort: SortName, Page: page, PerPage: 100})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			if len(h.Offer.Topics) == 0 {
				continue
			}
			i := bySection[root(h.Offer.Topics[0])]
			g.Sections[i].Offers = append(g.Sections[i].Offers, h)
			g.Total++
		}
		if page >= res.Pages {
			break
		}
	}
	crisis, err := a.Search(pub, SearchRequest{Topics: []string{"schutz"}, Sort: SortName, PerPage: 100})
	if err != nil {
		return nil, err
	}
	for _, h := range crisis.Hits {
		located := false
		for _, p := range h.Places {
			located = located || p.HasPoint()
		}
		if !located {
			g.Crisis = append(g.Crisis, h)
		}
	}
	var kept []GuideSection
	for _, sec := range g.Sections {
		if len(sec.Offers) > 0 {
			kept = append(kept, sec)
		}
	}
	g.Sections = kept
	return g, nil
}
