package atlas

import (
	"context"
	"fmt"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/audit"
	"github.com/quartier/quartier/internal/textde"
)

// Settings are what shapes every search of the installation: the
// topic taxonomy and the synonym list.
type Settings struct {
	Topics   []quartier.Topic
	Synonyms string
	// Used counts the offers (ended ones too) per topic, so the editor
	// sees which topics cannot simply go.
	Used map[string]int
}

// Settings reads the taxonomy and the synonyms for their editor.
func (a *Service) Settings(ctx context.Context) (*Settings, error) {
	if err := a.audit.Require(ctx, quartier.PermConfigureAtlas, "atlas", "einstellungen"); err != nil {
		return nil, err
	}
	s, err := a.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	out := &Settings{Topics: s.topics, Synonyms: s.synText, Used: map[string]int{}}
	for _, o := range s.offers {
		for _, t := range o.Topics() {
			out.Used[t]++
		}
	}
	return out, nil
}

// SaveSynonyms checks and stores the synonym list; a word that is not one
// word is refused with its line.
func (a *Service) SaveSynonyms(ctx context.Context, text string) error {
	if err := a.audit.Require(ctx, quartier.PermConfigureAtlas, "atlas", "synonyme"); err != nil {
		return err
	}
	if len(text) > 256<<10 {
		return quartier.Errorf(quartier.ETOOLARGE, "Die Synonymliste ist länger als 256 kB.")
	}
	syn, err := textde.ParseSynonyms(a.analyzer, text)
	if err != nil {
		return err
	}
	return a.configure(ctx, "atlas.synonyms", fmt.Sprintf("%d Gruppen", syn.Groups()), func(tx Tx) error {
		return tx.SetSetting(ctx, settingSynonyms, text)
	})
}

// ParseTaxonomy reads the taxonomy editor's text: one topic per line,
// "code; Bezeichnung; übergeordnetes Thema" (the last part may be
// missing), in display order. Faults name their line.
func ParseTaxonomy(text string) ([]quartier.Topic, error) {
	var ts []quartier.Topic
	line := 0
	for _, l := range strings.Split(text, "\n") {
		line++
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, ";")
		if len(f) < 2 || len(f) > 3 {
			return nil, quartier.Errorf(quartier.EINVALID, "Themen, Zeile %d: erwartet „code; Bezeichnung“ oder „code; Bezeichnung; übergeordnet“.", line)
		}
		t := quartier.Topic{Code: strings.TrimSpace(f[0]), Label: strings.TrimSpace(f[1])}
		if len(f) == 3 {
			t.Parent = strings.TrimSpace(f[2])
		}
		ts = append(ts, t)
	}
	return ts, nil
}

// SaveTaxonomy replaces the topic taxonomy. Codes are unique, a parent
// must be a top-level topic of the list (two levels, as people browse
// them), and a topic that offers use cannot be removed: its offers would
// lose their topic silently.
func (a *Service) SaveTaxonomy(ctx context.Context, ts []quartier.Topic) error {
	if err := a.audit.Require(ctx, quartier.PermConfigureAtlas, "atlas", "themen"); err != nil {
		return err
	}
	byCode := map[string]quartier.Topic{}
	for i, t := range ts {
		switch {
		case !quartier.ValidCode(t.Code):
			return quartier.Errorf(quartier.EINVALID, "Thema %d: Code %q ist ungültig (a–z, 0–9, - _).", i+1, t.Code)
		case strings.TrimSpace(t.Label) == "":
			return quartier.Errorf(quartier.EINVALID, "Thema %s braucht eine Bezeichnung.", t.Code)
		case byCode[t.Code].Code != "":
			return quartier.Errorf(quartier.EINVALID, "Thema %s steht zweimal in der Liste.", t.Code)
		}
		byCode[t.Code] = t
	}
	for _, t := range ts {
		if t.Parent == "" {
			continue
		}
		p, ok := byCode[t.Parent]
		if !ok {
			return quartier.Errorf(quartier.EINVALID, "Thema %s: übergeordnetes Thema %q gibt es nicht.", t.Code, t.Parent)
		}
		if p.Parent != "" {
			return quartier.Errorf(quartier.EINVALID, "Thema %s: %s ist selbst untergeordnet; die Themen haben zwei Ebenen.", t.Code, t.Parent)
		}
	}
	if len(ts) == 0 {
		return quartier.Errorf(quartier.EINVALID, "Die Themenliste ist leer.")
	}
	return a.configure(ctx, "atlas.topics", fmt.Sprintf("%d Themen", len(ts)), func(tx Tx) error {
		offers, err := tx.Offers(ctx)
		if err != nil {
			return err
		}
		for _, o := range offers {
			for _, t := range o.Topics {
				if _, ok := byCode[t]; !ok {
					return quartier.Errorf(quartier.ECONFLICT, "Thema %s wird noch verwendet (z. B. von „%s“) und kann nicht entfernt werden; zuerst die Angebote umstellen.", t, o.Name)
				}
			}
		}
		return tx.SaveTopics(ctx, ts)
	})
}

// configure writes a setting of the atlas in one audited transaction.
func (a *Service) configure(ctx context.Context, action, detail string, fn func(tx Tx) error) error {
	return a.updateAtlas(ctx, quartier.PermConfigureAtlas, "atlas", "", func(tx Tx) (audit.Event, error) {
		return audit.Event{Action: action, ObjectType: "atlas", Detail: detail}, fn(tx)
	})
}
