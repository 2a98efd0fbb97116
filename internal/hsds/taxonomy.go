package hsds

import (
	"sort"

	"github.com/quartier/quartier"
)

// Version is the HSDS version Quartier speaks.
const Version = "3.1"

// ProfileURI names the Quartier profile of HSDS (the README section that
// describes it); the API's root endpoint and the data package carry it.
const ProfileURI = "https://github.com/quartier/quartier#hsds-31-exchange"

// OpenAPIURL is the API description the endpoints follow.
const OpenAPIURL = SchemaBase + "openapi.json"

// The Quartier profile adds no properties to HSDS: everything Quartier
// knows beyond the HSDS fields travels as attributes linking to terms of
// these taxonomies, which HSDS provides for exactly that.
const (
	TaxTopics        = "quartier-themen"           // offer topics (Quartier's topic taxonomy)
	TaxTargetGroups  = "quartier-zielgruppen"      // offer target groups
	TaxSpaces        = "quartier-sozialraum"       // space of a place; term code = area code
	TaxBlocks        = "quartier-baustein"         // block of a place; term code = area code
	TaxAccessibility = "quartier-barrierefreiheit" // accessibility features of a place
	TaxProfile       = "quartier-profil"           // technical terms of the profile, see profileTerms
)

// Terms of TaxProfile.
const (
	termKey             = "schluessel"               // value: Quartier key of a service or location, code of an organization
	termConfidential    = "vertraulich"              // location: confidential place, address withheld
	termPublic          = "sichtbarkeit-oeffentlich" // contact for everyone
	termProfessionals   = "sichtbarkeit-fachkraefte" // contact for signed-in professionals only
	termPublicProvider  = "traeger-oeffentlich"      // organization: public provider (Jugendamt)
	termIndependent     = "traeger-frei"             // organization: independent provider
	termPublisher       = "herausgeber"              // organization: the atlas itself, for offers without provider
	termValidFrom       = "gueltig-ab"               // service: first day of a time-boxed offer (value)
	termValidTo         = "gueltig-bis"              // service: last day of a time-boxed offer (value, inclusive)
	termException       = "ausnahme"                 // schedule: dated exception (value: its number)
	termExceptionClosed = "ausnahme-geschlossen"     // schedule: dated closure (value: its number)
	termHoursNote       = "hinweis"                  // schedule: note and holiday rule of the hours
	termHolidaysClosed  = "feiertage-geschlossen"    // schedule: weekly hours do not apply on public holidays
)

type termDef struct{ code, name string }

var profileTerms = []termDef{
	{termKey, "Schlüssel in Quartier"},
	{termConfidential, "Vertraulicher Ort: Adresse, Lage, Baustein und Sozialraum werden nicht veröffentlicht"},
	{termPublic, "Kontakt für alle sichtbar"},
	{termProfessionals, "Kontakt nur für angemeldete Fachkräfte"},
	{termPublicProvider, "Öffentlicher Träger der Kinder- und Jugendhilfe"},
	{termIndependent, "Freier Träger der Kinder- und Jugendhilfe"},
	{termPublisher, "Herausgeber des Atlas (Angebote ohne eigenen Träger)"},
	{termValidFrom, "Angebot gilt ab (Datum)"},
	{termValidTo, "Angebot gilt bis einschließlich (Datum)"},
	{termException, "Ausnahme von den Öffnungszeiten (Nummer)"},
	{termExceptionClosed, "Geschlossen an diesen Tagen (Nummer der Ausnahme)"},
	{termHoursNote, "Hinweis zu den Öffnungszeiten"},
	{termHolidaysClosed, "An gesetzlichen Feiertagen geschlossen"},
}

var taxonomyDefs = []struct{ name, description string }{
	{TaxTopics, "Themen der Angebote im Quartier-Atlas (Kinder-, Jugend- und Familienhilfe)"},
	{TaxTargetGroups, "Zielgruppen der Angebote im Quartier-Atlas"},
	{TaxSpaces, "Sozialraum eines Orts; der Code ist der Gebietscode der Sozialraumebene"},
	{TaxBlocks, "Baustein (kleinste Gebietseinheit) eines Orts; der Code ist der Gebietscode"},
	{TaxAccessibility, "Merkmale der Barrierefreiheit eines Orts"},
	{TaxProfile, "Technische Begriffe des Quartier-Profils von HSDS"},
}

func taxonomyID(name string) string { return newID("taxonomy", name) }

func isQuartierTaxonomy(name string) bool {
	for _, t := range taxonomyDefs {
		if t.name == name {
			return true
		}
	}
	return false
}

func taxonomyObject(name, description string) Taxonomy {
	return Taxonomy{ID: taxonomyID(name), Name: name, Description: description, URI: ProfileURI}
}

// term builds a term of a Quartier taxonomy. Its id depends only on
// taxonomy and code, so the same term has the same id everywhere.
func term(taxonomy, code, name, parent string) TaxonomyTerm {
	t := TaxonomyTerm{ID: newID("taxonomy_term", taxonomy+":"+code), Code: code, Name: name, Description: name,
		Taxonomy: taxonomy, TaxonomyID: taxonomyID(taxonomy), Language: "de"}
	if parent != "" {
		t.ParentID = newID("taxonomy_term", taxonomy+":"+parent)
	}
	return t
}

func profileTerm(code string) TaxonomyTerm {
	for _, d := range profileTerms {
		if d.code == code {
			return term(TaxProfile, d.code, d.name, "")
		}
	}
	panic("hsds: unknown profile term " + code) // constants only
}

func topicTerm(t quartier.Topic) TaxonomyTerm { return term(TaxTopics, t.Code, t.Label, t.Parent) }

func accessibilityTerm(code string) TaxonomyTerm {
	name := quartier.AccessibilityTerms[code]
	if name == "" {
		name = code
	}
	return term(TaxAccessibility, code, name, "")
}

func spaceTerm(code string) TaxonomyTerm { return term(TaxSpaces, code, "Sozialraum "+code, "") }
func blockTerm(code string) TaxonomyTerm { return term(TaxBlocks, code, "Baustein "+code, "") }
func groupTerm(code string) TaxonomyTerm { return term(TaxTargetGroups, code, code, "") }

// fixedTerms are the terms every export lists whether used or not: the
// whole topic taxonomy, the accessibility vocabulary and the profile.
func fixedTerms(topics []quartier.Topic) []TaxonomyTerm {
	var out []TaxonomyTerm
	for _, t := range topics {
		out = append(out, topicTerm(t))
	}
	codes := make([]string, 0, len(quartier.AccessibilityTerms))
	for c := range quartier.AccessibilityTerms {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		out = append(out, accessibilityTerm(c))
	}
	for _, d := range profileTerms {
		out = append(out, term(TaxProfile, d.code, d.name, ""))
	}
	return out
}
