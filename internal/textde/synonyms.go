package textde

import (
	"bufio"
	"slices"
	"strings"

	"github.com/quartier/quartier"
)

// Synonyms are groups of words that mean the same offer to the people who
// search for it ("Jugendclub, Jugendklub, Jugendtreff"). They expand the
// query, not the index, so an edited list takes effect without reindexing.
type Synonyms struct {
	groups [][]string       // stems per group
	byTerm map[string][]int // stem → groups containing it
}

// DefaultSynonyms is the shipped list for youth and family offers; an
// installation edits it on the atlas settings page.
const DefaultSynonyms = `# Eine Zeile je Gruppe gleichbedeutender Wörter, durch Kommas getrennt.
Jugendclub, Jugendklub, Jugendtreff, Jugendzentrum, Jugendhaus, Jugendfreizeiteinrichtung, JFE, Freizeitheim, Freizeithaus
Kita, Kindertagesstätte, Kindergarten, Kindertageseinrichtung, Krippe, Kinderkrippe
Tagesmutter, Tagesvater, Tagespflege, Kindertagespflege
Hausaufgabenhilfe, Hausaufgabenbetreuung, Lernhilfe, Nachhilfe, Lernförderung
Elterncafé, Elterntreff, Familientreff, Familiencafé
Familienzentrum, Familienbildungsstätte, Familienbildung
Erziehungsberatung, Familienberatung, Erziehungsberatungsstelle, EFB
Suchtberatung, Drogenberatung, Suchthilfe
Schwangerschaftsberatung, Schwangerenberatung, Schwangerschaftskonfliktberatung
Abenteuerspielplatz, Bauspielplatz, Kinderbauernhof, Kinderfarm, ASP
Frauenhaus, Schutzwohnung, Zufluchtswohnung, Frauenschutzwohnung
Schulsozialarbeit, Schulsozialarbeiter, Schulsozialarbeiterin
Geflüchtete, Flüchtlinge, Asylsuchende
Jugendliche, Teenager, Teens
Deutschkurs, Sprachkurs, Sprachcafé
Babys, Säuglinge
`

// ParseSynonyms reads one group per line, words separated by commas;
// blank lines and lines starting with # are ignored. Every word must be a
// single word (hyphenated compounds count as one): a phrase could not be
// matched as a whole, so it is refused, naming the line.
func ParseSynonyms(a *Analyzer, text string) (*Synonyms, error) {
	s := &Synonyms{byTerm: map[string][]int{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		var group []string
		for _, w := range strings.Split(l, ",") {
			w = strings.TrimSpace(w)
			if w == "" {
				continue
			}
			words := a.Words(w)
			if len(words) != 1 {
				return nil, quartier.Errorf(quartier.EINVALID, "Synonyme, Zeile %d: „%s“ ist kein einzelnes Wort (Wortgruppen können nicht als Ganzes gesucht werden).", line, w)
			}
			if !slices.Contains(group, words[0].Term) {
				group = append(group, words[0].Term)
			}
		}
		if len(group) < 2 {
			return nil, quartier.Errorf(quartier.EINVALID, "Synonyme, Zeile %d: eine Gruppe braucht mindestens zwei verschiedene Wörter.", line)
		}
		for _, t := range group {
			s.byTerm[t] = append(s.byTerm[t], len(s.groups))
		}
		s.groups = append(s.groups, group)
	}
	if err := sc.Err(); err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "Synonyme, Zeile %d: %v", line+1, err)
	}
	return s, nil
}

// Expand returns term and every stem sharing a group with it, term first.
func (s *Synonyms) Expand(term string) []string {
	out := []string{term}
	if s == nil {
		return out
	}
	for _, g := range s.byTerm[term] {
		for _, t := range s.groups[g] {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// Groups is the number of groups.
func (s *Synonyms) Groups() int {
	if s == nil {
		return 0
	}
	return len(s.groups)
}
