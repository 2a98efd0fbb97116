package textde

import "strings"

// stopWords is the Snowball German stop list, folded like the text. These
// words carry no meaning for finding an offer; a query of stop words only
// matches everything, as an empty query does. "innen" is added: it is
// mostly the gender ending written apart ("Erzieher*innen",
// "Lehrer:innen"), whose stem would otherwise match every "Innenhof".
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
	anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das dass daß derselbe derselben
	denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir
	du dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig einige einigem einigen einiger
	einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin
	hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem innen ins ist jede jedem jeden jeder jedes jene jenem jenen jener
	jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches mein
	meine meinem meinen meiner meines mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen
	seiner seines selbst sich sie ihnen sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns
	unsere unserem unseren unser unseres unter viel vom von vor während war waren warst was weg weil weiter welche welchem welchen
	welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen`) {
		m[Fold(w)] = true
	}
	return m
}()

// areaKinds are the stems of the words that say what kind of area a place
// name is: planners type "Planungsraum Helmholtzplatz", "Bezirk
// Neukölln", "Sozialraum Wedding". The offers name the place, not its
// kind, so beside other words these must not filter (see IsAreaKind).
var areaKinds = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`Bezirk Bezirke Bezirks Bezirksregion Bezirksregionen Planungsraum Planungsräume
	Prognoseraum Prognoseräume Sozialraum Sozialräume Ortsteil Ortsteile Stadtteil Stadtteile LOR PLZ Postleitzahl
	Postleitzahlen`) {
		m[stem(Fold(w))] = true
	}
	return m
}()

// IsAreaKind reports whether a word, by its stem, names a kind of area
// (a postcode's too: "Kita PLZ 10997").
func IsAreaKind(stem string) bool { return areaKinds[stem] }

// nearWords are the stems of the words that say "near" before a place
// ("Kita in der Nähe vom Mauerpark", "Jugendclub Umgebung Kreuzberg"):
// no offer says so of itself, so beside other words they must not filter.
var nearWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`Nähe nahe nah Umgebung Umkreis nahebei`) {
		m[stem(Fold(w))] = true
	}
	return m
}()

// IsNearWord reports whether a word, by its stem, says "near".
func IsNearWord(stem string) bool { return nearWords[stem] }
