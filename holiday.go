package quartier

import "time"

// Holidays answers whether a date is a public holiday in a German state
// (Land, two-letter code as in ISO 3166-2:DE: "BE", "TH", "NI", …). Only
// state-wide holidays count; local ones (Augsburg's Friedensfest) do not.
func Holidays(state string) func(time.Time) bool {
	return func(t time.Time) bool { return isHoliday(Day(t), state) }
}

// StateNames are the Länder by ISO 3166-2:DE code: the installation's
// Land decides its public holidays and fills HSDS's state_province.
var StateNames = map[string]string{
	"BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg", "HB": "Bremen", "HH": "Hamburg",
	"HE": "Hessen", "MV": "Mecklenburg-Vorpommern", "NI": "Niedersachsen", "NW": "Nordrhein-Westfalen",
	"RP": "Rheinland-Pfalz", "SL": "Saarland", "SN": "Sachsen", "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein", "TH": "Thüringen",
}

// ValidState reports whether s is the code of a Land.
func ValidState(s string) bool { _, ok := StateNames[s]; return ok }

func isHoliday(d time.Time, state string) bool {
	y := d.Year()
	date := func(m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	easter := easterSunday(y)
	rel := func(days int) time.Time { return easter.AddDate(0, 0, days) }
	common := []time.Time{
		date(time.January, 1), rel(-2), rel(1), date(time.May, 1), rel(39), rel(50),
		date(time.October, 3), date(time.December, 25), date(time.December, 26),
	}
	for _, h := range common {
		if d.Equal(h) {
			return true
		}
	}
	in := func(states ...string) bool {
		for _, s := range states {
			if s == state {
				return true
			}
		}
		return false
	}
	switch {
	case d.Equal(date(time.January, 6)):
		return in("BW", "BY", "ST")
	case d.Equal(date(time.March, 8)):
		return in("BE") || (in("MV") && y >= 2023)
	case d.Equal(rel(60)): // Fronleichnam
		return in("BW", "BY", "HE", "NW", "RP", "SL")
	case d.Equal(date(time.August, 15)):
		return in("SL") // and Catholic parts of Bavaria: local
	case d.Equal(date(time.September, 20)):
		return in("TH") && y >= 2019
	case d.Equal(date(time.October, 31)):
		return in("BB", "MV", "SN", "ST", "TH") || (in("HB", "HH", "NI", "SH") && y >= 2018)
	case d.Equal(date(time.November, 1)):
		return in("BW", "BY", "NW", "RP", "SL")
	case d.Month() == time.November && d.Weekday() == time.Wednesday && d.Day() >= 16 && d.Day() <= 22:
		return in("SN") // Buß- und Bettag: the Wednesday before 23 November
	}
	return false
}

// easterSunday is the Gregorian date (anonymous algorithm, Meeus/Jones/Butcher).
func easterSunday(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}
