package quartier

import (
	"fmt"
	"strings"
	"unicode"
)

// What is shown of a confidential place (its key, its name, and the text
// of the offers there) must not carry its address: Redacted leaves out
// the fields, but a key from a source ("frauenhaus-geheimgasse-7") or a
// name ("Schutzwohnung Karl-Marx-Str.") would give the street back. So
// the street and the postcode are looked for word by word, as people
// write them: folded (ä → ae, ß → ss), with or without the street's
// suffix or its abbreviation ("Karl-Marx-Str.", "karl-marx-strasse",
// "Karl Marx Straße"). Whole words only: a shelter in the Hauptstraße
// may have "hauptamtliche" staff.

// streetSuffixes are the endings of German street names people shorten
// or leave out; the abbreviations follow their full form.
var streetSuffixes = [][]string{
	{"strasse", "str"}, {"gasse"}, {"weg"}, {"platz", "pl"}, {"allee"}, {"damm"}, {"ufer"}, {"ring"}, {"chaussee"}, {"steig"}, {"pfad"},
}

// foldWords splits s into lower-case words of letters and digits, with
// umlauts and ß written out.
func foldWords(s string) []string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ẞ", "ss")
	return strings.FieldsFunc(strings.ToLower(r.Replace(s)), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c)
	})
}

// streetForms are the ways the street of p is written, each as its words
// run together: "karlmarxstrasse" (also from "Karl-Marx Straße") and
// "karlmarxstr"; not "karlmarx", a core alone is too common a word.
func (p *Place) streetForms() []string {
	full := strings.Join(foldWords(p.Street), "")
	if len(full) < 4 {
		return nil
	}
	forms := []string{full}
	for _, group := range streetSuffixes {
		core, ok := strings.CutSuffix(full, group[0])
		if !ok || len(core) < 3 {
			continue
		}
		for _, s := range group[1:] {
			forms = append(forms, core+s)
		}
	}
	return forms
}

// AddressIn returns the part of p's address that text gives away (the
// street as written in text, or the postcode), "" when none. Only for
// confidential places; others have nothing to hide.
func (p *Place) AddressIn(text string) string {
	if !p.Confidential {
		return ""
	}
	words := foldWords(text)
	pc := strings.TrimSpace(p.Postcode)
	forms := p.streetForms()
	for i, w := range words {
		if pc != "" && w == pc {
			return pc
		}
		// Up to six words run together: street names have few.
		run := ""
		for j := i; j < len(words) && j < i+6; j++ {
			run += words[j]
			for _, f := range forms {
				if run == f {
					return strings.Join(words[i:j+1], " ")
				}
			}
		}
	}
	return ""
}

// AddressIn returns the first field of o that gives away the address of
// the confidential place p, with the part found ("" when none): an
// offer at a shelter is shown with the place's address left out, so its
// own words must not carry it either (the search would find the shelter
// by its street, the list would print it).
func (o *Offer) AddressIn(p *Place) (field, part string) {
	texts := []struct{ field, text string }{
		{"key", o.Key}, {"name", o.Name}, {"description", o.Description}, {"costs", o.Costs},
		{"website", o.Website}, {"hours.note", o.Hours.Note},
	}
	for i, x := range o.Hours.Exceptions {
		texts = append(texts, struct{ field, text string }{fmt.Sprintf("hours.exceptions.%d", i), x.Note})
	}
	for i, c := range o.Contacts {
		texts = append(texts, struct{ field, text string }{fmt.Sprintf("contacts.%d.name", i), c.Name},
			struct{ field, text string }{fmt.Sprintf("contacts.%d.role", i), c.Role}, struct{ field, text string }{fmt.Sprintf("contacts.%d.email", i), c.Email})
	}
	for _, t := range texts {
		if part := p.AddressIn(t.text); part != "" {
			return t.field, part
		}
	}
	return "", ""
}

// offerFieldLabels name the fields of AddressIn in messages.
var offerFieldLabels = map[string]string{"key": "Schlüssel", "name": "Name", "description": "Beschreibung", "costs": "Kosten",
	"website": "Website", "hours.note": "Hinweis zu den Öffnungszeiten"}

// AddressError is the error of an offer whose field gives away the
// address of its confidential place p (see Offer.AddressIn), located at
// the field; nil when none does.
func (o *Offer) AddressError(p *Place) error {
	field, part := o.AddressIn(p)
	if field == "" {
		return nil
	}
	label, ok := offerFieldLabels[field]
	switch {
	case ok:
	case strings.HasPrefix(field, "contacts."):
		label = "Kontakt"
	default:
		label = "Ausnahme der Öffnungszeiten"
	}
	return NewFieldError(field, "Angebot %s, %s: der Text nennt die Adresse des vertraulichen Orts %s („%s“). Er wird öffentlich gezeigt, die Adresse nicht – bitte ohne Straße und Postleitzahl formulieren.", o.Key, label, p.Key, part)
}
