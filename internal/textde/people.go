package textde

// A word for young people as a group names an age as much as a
// target group: a Kita for 0 to 6 is no offer for "Jugendliche", also
// where its provider's name ("Jugend- und Sozialwerk", "… für Kinder und
// Jugendliche", "Jugendwerk Aufbau Ost") holds the word, which every Kita
// of the provider repeats. The word "Jugend" alone is left out: it is a
// word of names ("Haus der Jugend", "Jugend- und Sozialwerk"), and a
// search for a provider must find all it runs.

// youngPeopleAges: young people are 12 to 26 in the atlas's age bands
// (12–17, 18–26; youth welfare ends at 27, SGB VIII § 7).
var youngPeopleAges = AgeRange{12, 26}

// youngPeople are the folded forms of the words for young people.
var youngPeople = map[string]bool{
	"jugendliche": true, "jugendlicher": true, "jugendlichen": true, "jugendlichem": true,
	"teenager": true, "teenagern": true, "teens": true, "teenies": true, "teenie": true,
}

// PeopleAges returns the ages a query word (folded) names when it names
// people by their age ("Jugendliche", "Teenager"), else nil. An offer
// stating ages outside them is not for them, whatever its text says.
func PeopleAges(folded string) *AgeRange {
	if youngPeople[folded] {
		return &youngPeopleAges
	}
	return nil
}

// peopleWords are the folded words for people by age or sex that a
// range of ages may follow without a unit ("Kinder 6-12").
var peopleWords = map[string]bool{
	"kinder": true, "kind": true, "kids": true, "madchen": true, "jungen": true, "jungs": true,
	"schuler": true, "schulerinnen": true, "junge": true, "erwachsene": true,
}

// namesPeople reports whether a folded word names people by their age or
// sex: a number range after it is their ages.
func namesPeople(folded string) bool { return peopleWords[folded] || youngPeople[folded] }
