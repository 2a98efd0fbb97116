package textde

import (
	"bufio"
	"slices"
	"strings"

	"github.com/quartier/quartier"
)

// Synonyms are groups of words or phrases that mean the same offer or
// organisation to the people who search for it ("Jugendclub, Jugendklub,
// JFE", "DRK, Deutsches Rotes Kreuz"). They expand the query, not the
// index, so an edited list takes effect without reindexing.
type Synonyms struct {
	groups [][]Entry
	// byKey finds the groups of a query word by its stem (also by the
	// stem of a Latin plural: "Jugendzentren" is in the group of
	// "Jugendzentrum"), and of a phrase by its stems joined with spaces.
	byKey     map[string][]int
	maxPhrase int
}

// Entry is one word or phrase of a group. Term is the stem of a single
// word (of a hyphenated one as a whole); Parts are the stems of the words
// of a phrase or of the parts of a hyphenated word. A document holds the
// entry when it holds Term, or every one of Parts: as whole words outside
// the address, or with Typed (the right side of a line "X-Berg =>
// Kreuzberg") as typed words are found.
type Entry struct {
	Term  string
	Parts []string
	Typed bool
}

func (e Entry) key() string {
	if e.Term != "" {
		return e.Term
	}
	return strings.Join(e.Parts, " ")
}

// maxPhraseWords bounds a phrase of the list: a query is searched for
// every phrase at every word.
const maxPhraseWords = 5

// DefaultSynonyms is the shipped list for youth and family offers and the
// organisations that run them; an installation edits it on the atlas
// settings page.
const DefaultSynonyms = `# Eine Zeile je Gruppe gleichbedeutender Wörter oder Wortgruppen, durch Kommas getrennt.
# Eine Wortgruppe („Hilfen zur Erziehung“) trifft Angebote, die alle ihre Wörter enthalten.
# „links => rechts“ gilt nur in eine Richtung: Wer ein Wort von links sucht, findet, was die Wörter rechts
# finden, als hätte er sie getippt (für Namen, wie man sie sagt: „X-Berg, Xberg => Kreuzberg“).
# Angebote
Jugendclub, Jugendklub, Jugendtreff, Jugendzentrum, Jugendhaus, Jugendfreizeiteinrichtung, JFE, KJFE, JuZ, Freizeitheim, Freizeithaus, Jugendfreizeitheim, Jugendfreizeitstätte, Freizeitstätte, Youth Club, Youth Centre, Youth Center
Kita, Kindertagesstätte, Kindergarten, Kindertageseinrichtung, Krippe, Kinderkrippe, Kiga, Daycare, Day Care, Nursery, Preschool, Kindergarden
Kinderladen, EKT, Elterninitiative, Elterninitiativkita, Eltern-Initiativ-Kindertagesstätte, Elterninitiativ-Kindertagesstätte
Hort, Schulhort, EFöB, ergänzende Förderung und Betreuung, After School
Tagesmutter, Tagesvater, Tagespflege, Kindertagespflege, Tagespflegeperson
Tageseltern, Tagespflegeeltern, Tagesmama, Tagesmami, Tagesmutti, Tagespflegestelle, Kindertagespflegestelle => Kindertagespflege
Hausaufgabenhilfe, Hausaufgabenbetreuung, Lernhilfe, Nachhilfe, Lernförderung, Homework Help
Elterncafé, Elterntreff, Familientreff, Familiencafé, Eltern-Kind-Café
Familienzentrum, Familienbildungsstätte, Familienbildung, Family Centre, Family Center
Erziehungsberatung, Familienberatung, Erziehungsberatungsstelle, EFB, EB
Hilfen zur Erziehung, HzE, Erziehungshilfe
Sozialpädagogische Familienhilfe, SPFH
Erziehungsbeistand, Erziehungsbeistandschaft
Eingliederungshilfe, EGH
Suchtberatung, Drogenberatung, Suchthilfe
Schwangerschaftsberatung, Schwangerenberatung, Schwangerschaftskonfliktberatung
Abenteuerspielplatz, Bauspielplatz, Aktivspielplatz, Kinderbauernhof, Kinderfarm, Jugendfarm, ASP, PbS, Adventure Playground
Frauenhaus, Schutzwohnung, Zufluchtswohnung, Frauenschutzwohnung
Schulsozialarbeit, Schulsozialarbeiter, Schulsozialpädagoge
Straßensozialarbeit, Streetwork, Streetworker, Mobile Jugendarbeit, Aufsuchende Jugendarbeit
Stadtteilzentrum, Nachbarschaftszentrum, Nachbarschaftshaus, Nachbarschaftsheim
Geflüchtete, Flüchtlinge, Asylsuchende, Refugees, Refugee
Queer, LSBTIQ, LSBTI, LGBTIQ, LGBTQ, LGBT
Jugendliche, Teenager, Teens, Teenies
# Wörter, wie man sie sagt
Mädchen, Mädels
Mädchentreff, Mädchenzentrum, Mädchenclub, Mädchencafé, Mädchenladen
Integrationskita, Inklusionskita, Integrationskindergarten, Inklusive Kita, Integrative Kita
Zweisprachig, Bilingual
Deutschkurs, Sprachkurs, Sprachcafé
Babys, Babies, Säuglinge
# Angebote und Tätigkeiten, wie sie auf Englisch heißen
Beratung, Counselling, Counseling
Fußball, Football, Soccer
Schwimmen, Swimming
Spielplatz, Playground
# Sprachen, wie sie auf Englisch heißen
Englisch, English
Französisch, French
Spanisch, Spanish
Türkisch, Turkish
Arabisch, Arabic
Russisch, Russian
Ukrainisch, Ukrainian
Polnisch, Polish
Persisch, Persian, Farsi
Kurdisch, Kurdish
Vietnamesisch, Vietnamese
# Ämter und Dienste
Allgemeiner Sozialer Dienst, ASD, Regionaler Sozialer Dienst, RSD
Kinder- und Jugendgesundheitsdienst, KJGD
Sozialpädiatrisches Zentrum, SPZ
# Träger und Verbände
Arbeiterwohlfahrt, AWO
Deutsches Rotes Kreuz, Rotes Kreuz, DRK
Arbeiter-Samariter-Bund, ASB
Diakonie, Diakonisches Werk, DW
Caritas, Caritasverband, Diözesan-Caritasverband, DiCV
Paritätischer, Paritätischer Wohlfahrtsverband, DPW, DPWV
Humanistischer Verband, HVD
Internationaler Bund, IB
Evangelisch, Ev, Evang
Katholisch, Kath
# Namen
Sankt, St
Heilige, Hl
`

// ParseSynonyms reads one group per line, entries separated by commas;
// blank lines and lines starting with # are ignored. An entry of several
// words (up to five, stop words aside) is a phrase: a document holds it
// when it holds all its words. A group needs two entries that differ as
// written; entries that differ only by inflection ("Schulsozialarbeiter,
// Schulsozialarbeiterin") are kept once. A line "X-Berg, Xberg =>
// Kreuzberg" is directed: the words on the left are looked for as if
// those on the right had been typed (for names as people say them, which
// no offer writes), and "Kreuzberg" finds only itself. A fault is
// refused, naming the line.
func ParseSynonyms(a *Analyzer, text string) (*Synonyms, error) {
	s := &Synonyms{byKey: map[string][]int{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		sides := strings.Split(l, "=>")
		if len(sides) > 2 {
			return nil, quartier.Errorf(quartier.EINVALID, "Synonyme, Zeile %d: „=>“ darf nur einmal in einer Zeile stehen.", line)
		}
		group, written, err := parseEntries(a, sides[len(sides)-1], line)
		if err != nil {
			return nil, err
		}
		keys := group
		if len(sides) == 2 {
			// Directed: the words on the left are looked for as if
			// those on the right were typed, not the other way round.
			if keys, written, err = parseEntries(a, sides[0], line, written...); err != nil {
				return nil, err
			}
			if len(keys) == 0 || len(group) == 0 {
				return nil, quartier.Errorf(quartier.EINVALID, "Synonyme, Zeile %d: links und rechts von „=>“ muss je ein Wort stehen.", line)
			}
			for i := range group {
				group[i].Typed = true
			}
		}
		if len(written) < 2 {
			return nil, quartier.Errorf(quartier.EINVALID, "Synonyme, Zeile %d: eine Gruppe braucht mindestens zwei verschiedene Wörter.", line)
		}
		g := len(s.groups)
		s.groups = append(s.groups, group)
		for _, e := range keys {
			for _, k := range e.keys() {
				if !slices.Contains(s.byKey[k], g) {
					s.byKey[k] = append(s.byKey[k], g)
				}
			}
			s.maxPhrase = max(s.maxPhrase, len(e.Parts))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, quartier.WrapError(quartier.EINVALID, err, "Synonyme, Zeile %d: %v", line+1, err)
	}
	return s, nil
}

// parseEntries reads the entries of a group separated by commas, each
// once, and appends their words as written (folded) to written.
func parseEntries(a *Analyzer, text string, line int, written ...string) ([]Entry, []string, error) {
	var group []Entry
	for _, w := range strings.Split(text, ",") {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		words := a.Words(w)
		var e Entry
		switch {
		case len(words) == 0:
			return nil, nil, quartier.Errorf(quartier.EINVALID, "Synonyme, Zeile %d: „%s“ besteht nur aus Füllwörtern und kann nicht gesucht werden.", line, w)
		case len(words) > maxPhraseWords:
			return nil, nil, quartier.Errorf(quartier.EINVALID, "Synonyme, Zeile %d: „%s“ hat mehr als %d Wörter.", line, w, maxPhraseWords)
		case len(words) == 1:
			e.Term = words[0].Term
			if parts := significant(words[0].Parts); len(parts) > 1 {
				e.Parts = parts
			}
		default:
			for _, x := range words {
				e.Parts = append(e.Parts, x.Term)
			}
		}
		var f []string
		for _, x := range words {
			f = append(f, x.Folded)
		}
		if fw := strings.Join(f, " "); !slices.Contains(written, fw) {
			written = append(written, fw)
		}
		if !slices.ContainsFunc(group, func(g Entry) bool { return g.key() == e.key() }) {
			group = append(group, e)
		}
	}
	return group, written, nil
}

// keys are what a query word or phrase is looked up by to find e's group:
// its stem, the stem of its Latin plural (Zentrum → Zentren, Museum →
// Museen, Gymnasium → Gymnasien: the stemmer leaves -um and takes -en,
// so "zentrum" becomes "zentr"), and a hyphenated word's parts as a
// phrase ("Arbeiter Samariter Bund").
func (e Entry) keys() []string {
	var out []string
	if e.Term != "" {
		out = append(out, e.Term)
		if base, ok := strings.CutSuffix(e.Term, "um"); ok && len(base) >= 4 && strings.ContainsRune("rie", rune(base[len(base)-1])) {
			out = append(out, base)
		}
	}
	if len(e.Parts) > 1 {
		out = append(out, strings.Join(e.Parts, " "))
	}
	return out
}

// significant drops the one-letter parts of a hyphenated word ("E-Jugend",
// "U-Bahn"): the index keeps no single letters.
func significant(parts []string) []string {
	var out []string
	for _, p := range parts {
		if len(p) > 1 {
			out = append(out, p)
		}
	}
	return out
}

// Expand returns the entries of every group that key belongs to (a stem,
// or a phrase's stems joined with spaces), except key's own entry.
func (s *Synonyms) Expand(key string) []Entry {
	if s == nil {
		return nil
	}
	var out []Entry
	for _, g := range s.byKey[key] {
		for _, e := range s.groups[g] {
			k := e.key()
			if k != key && !slices.ContainsFunc(out, func(o Entry) bool { return o.key() == k }) {
				out = append(out, e)
			}
		}
	}
	return out
}

// Phrase returns how many of the leading stems form the longest phrase of
// the list (at least two), or 0: a query "Hilfen zur Erziehung" is then
// looked for as one entry, so that it also finds "HzE".
func (s *Synonyms) Phrase(stems []string) int {
	if s == nil {
		return 0
	}
	for n := min(len(stems), s.maxPhrase); n >= 2; n-- {
		if len(s.byKey[strings.Join(stems[:n], " ")]) > 0 {
			return n
		}
	}
	return 0
}

// Groups is the number of groups.
func (s *Synonyms) Groups() int {
	if s == nil {
		return 0
	}
	return len(s.groups)
}

// Knows reports whether key (a stem) is a word of the list.
func (s *Synonyms) Knows(key string) bool {
	return s != nil && len(s.byKey[key]) > 0
}
