package hsds

import (
	"time"

	"github.com/quartier/quartier"
)

// The confidential place of the fixture: none of these may appear in an
// export that does not reveal it.
const (
	shelterStreet   = "Geheimweg"
	shelterNumber   = "88c"
	shelterPostcode = "10999"
	shelterSpace    = "kiez-suedost"
	shelterBlock    = "blk-fh-9"
	shelterX        = 393456.25
	shelterY        = 5820987.5
	shelterNote     = "Hinterhaus, zweiter Stock"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ptr[T any](v T) *T { return &v }

// fixture is a small atlas with every feature the exchange must carry.
func fixture() Dataset {
	verified := date(2025, 3, 1)
	updated := time.Date(2025, 3, 2, 10, 30, 45, 123000000, time.UTC)
	weekdays := func(open, close int, days ...time.Weekday) []quartier.HoursSlot {
		var out []quartier.HoursSlot
		for _, d := range days {
			out = append(out, quartier.HoursSlot{Day: d, Open: open, Close: close})
		}
		return out
	}
	mo, tu, we, th, fr, sa := time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday
	return Dataset{
		Topics: quartier.DefaultTopics(),
		Providers: []quartier.Provider{
			{Code: "awo", Name: "Arbeiterwohlfahrt Kreisverband", ShortName: "AWO", Kind: quartier.ProviderIndependent, Website: "https://awo.example/"},
			{Code: "jugendamt", Name: "Jugendamt Mitte", Kind: quartier.ProviderPublic},
			{Code: "verein", Name: "Nachbarschaftsverein ohne Angebot", Kind: quartier.ProviderIndependent},
		},
		Places: []quartier.Place{
			{ID: 11, Key: "club", Name: "Jugendclub West", Provider: "awo", Street: "Lindenweg", HouseNumber: "3", Postcode: "10115", City: "Berlin",
				X: 390500, Y: 5819500, Block: "r1c0", Space: "west", Accessibility: []string{"stufenlos", "rollstuhl-wc"},
				AccessibilityNote: "Eingang über den Hof", VerifiedOn: verified, UpdatedAt: updated},
			{ID: 12, Key: "familienzentrum", Name: "Familienzentrum Mitte", Provider: "jugendamt", Street: "Karl-Marx-Allee", HouseNumber: "12 a",
				Postcode: "10178", City: "Berlin", X: 391500, Y: 5819500, Block: "r1c1", Space: "mitte", Accessibility: []string{"aufzug"}},
			{ID: 13, Key: "fh", Name: "Schutzwohnung", Street: shelterStreet, HouseNumber: shelterNumber, Postcode: shelterPostcode, City: "Berlin",
				X: shelterX, Y: shelterY, Block: shelterBlock, Space: shelterSpace, Confidential: true, ContactPath: "Hotline 08000 116 016 (rund um die Uhr)",
				Accessibility: []string{"stufenlos"}, AccessibilityNote: shelterNote},
			{ID: 14, Key: "lager", Name: "Lager ohne Angebot", Street: "Am Speicher", City: "Berlin", X: 390100, Y: 5818100, Block: "r0c0", Space: "west"},
		},
		Offers: []quartier.Offer{
			{Key: "treff", Name: "Offener Treff", Description: "Treffpunkt für Jugendliche mit Kicker und Küche.", Provider: "awo",
				Topics: []string{"offene-jugendarbeit", "jugendfreizeit"}, TargetGroups: []string{"jugendliche", "maedchen"},
				MinAge: ptr(10), MaxAge: ptr(17), Languages: []string{"de", "tr"}, Costs: "kostenfrei", Status: quartier.OfferActive,
				Places: []int64{11}, Website: "https://awo.example/treff", VerifiedOn: verified, UpdatedAt: updated, Capacity: ptr(40),
				Hours: quartier.OpeningHours{
					Weekly: append(weekdays(14*60, 19*60, mo, tu, we, th, fr), weekdays(12*60, 16*60, sa)...),
					Exceptions: []quartier.HoursException{
						{From: date(2025, 7, 14), To: date(2025, 8, 22), Closed: true, Note: "Sommerferien"},
						{From: date(2025, 12, 22), To: date(2025, 12, 23), Slots: []quartier.HoursSlot{{Day: mo, Open: 10 * 60, Close: 13 * 60}}, Note: "Weihnachtsbetrieb"},
					},
					ClosedOnHolidays: true, Note: "Freitags ab 17 Uhr Mädchentag",
				},
				Contacts: []quartier.Contact{
					{Name: "Team Treff", Role: "Leitung", Phone: "030 1234567", Email: "treff@awo.example", Visibility: quartier.VisiblePublic},
					{Name: "Diensthandy Frau K.", Phone: "0170 7654321", Visibility: quartier.VisibleProfessionals},
				}},
			{Key: "beratung", Name: "Erziehungsberatung", Provider: "jugendamt", Topics: []string{"erziehungsberatung"},
				MinAge: ptr(0), MaxAge: ptr(27), Costs: "5 € je Termin", Status: quartier.OfferPaused, Places: []int64{12, 11},
				Hours:    quartier.OpeningHours{Weekly: append(weekdays(9*60, 12*60, mo, tu), weekdays(13*60, 16*60, mo)...)},
				Contacts: []quartier.Contact{{Name: "Beratungsstelle", Phone: "030 9876543", Visibility: quartier.VisiblePublic}}},
			{Key: "schutz", Name: "Schutz und Beratung für Frauen", Topics: []string{"schutz"}, Status: quartier.OfferActive, Places: []int64{13},
				Languages: []string{"de", "ar"}, Hours: quartier.OpeningHours{Note: "rund um die Uhr erreichbar"},
				Contacts: []quartier.Contact{{Name: "Hilfetelefon", Phone: "08000 116 016", Visibility: quartier.VisiblePublic}}},
			{Key: "ferien", Name: "Ferienfreizeit", Provider: "awo", Topics: []string{"sport"}, Status: quartier.OfferActive, Places: []int64{11},
				ValidFrom: ptr(date(2025, 7, 1)), ValidTo: ptr(date(2025, 8, 1)), MinAge: ptr(8), MaxAge: ptr(12), Capacity: ptr(0),
				Hours: quartier.OpeningHours{Weekly: weekdays(9*60, 15*60, mo, tu, we, th, fr)}},
		},
	}
}

var fixtureOptions = EncodeOptions{SRID: quartier.UTM33N, State: "BE", Publisher: "Jugendamt Mitte – Atlas"}
