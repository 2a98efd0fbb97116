package quartier

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata"
)

// OpeningHours are the weekly times of an offer at a place, with dated
// exceptions (closed for the summer, open on a Saturday) and a rule for
// public holidays. Times are local wall-clock minutes after midnight in
// the installation's time zone (Europe/Berlin), as people read them on a
// door sign.
type OpeningHours struct {
	Weekly     []HoursSlot      `json:"weekly,omitempty"`
	Exceptions []HoursException `json:"exceptions,omitempty"`
	// ClosedOnHolidays: on a public holiday the weekly hours do not apply
	// (exceptions still do).
	ClosedOnHolidays bool   `json:"closed_on_holidays,omitempty"`
	Note             string `json:"note,omitempty"` // "nach Vereinbarung", "in den Ferien geschlossen"
}

// HoursSlot is one opening interval on a weekday: [Open, Close) in minutes.
type HoursSlot struct {
	Day   time.Weekday `json:"day"`
	Open  int          `json:"open"`
	Close int          `json:"close"`
}

// HoursException replaces the weekly hours on the days [From, To]
// (inclusive, dates): Closed, or open only in Slots (Day ignored).
type HoursException struct {
	From   time.Time   `json:"from"`
	To     time.Time   `json:"to"`
	Closed bool        `json:"closed,omitempty"`
	Slots  []HoursSlot `json:"slots,omitempty"`
	Note   string      `json:"note,omitempty"`
}

// Berlin is the time zone of opening hours. The embedded zone data
// (time/tzdata, imported here: 450 kB) keeps summer time right on a
// minimal container without /usr/share/zoneinfo.
var Berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}()

// Validate reports every impossible slot or exception, located at
// "hours.weekly.N" or "hours.exceptions.N"; the message names the first.
func (h *OpeningHours) Validate() error {
	var f fieldErrors
	check := func(s HoursSlot, field, where string) {
		if s.Day < time.Sunday || s.Day > time.Saturday {
			f.add(field, "%s: unbekannter Wochentag %d.", where, s.Day)
		} else if s.Open < 0 || s.Close > 24*60 || s.Open >= s.Close {
			f.add(field, "%s: %s–%s ist keine Öffnungszeit (Beginn vor Ende, 00:00–24:00).", where, Clock(s.Open), Clock(s.Close))
		}
	}
	for i, s := range h.Weekly {
		check(s, fmt.Sprintf("hours.weekly.%d", i), fmt.Sprintf("Öffnungszeit %d", i+1))
	}
	for i, e := range h.Exceptions {
		field, where := fmt.Sprintf("hours.exceptions.%d", i), fmt.Sprintf("Ausnahme %d", i+1)
		if e.From.IsZero() || e.To.Before(e.From) {
			f.add(field, "%s: der Zeitraum braucht ein Von-Datum und ein Bis-Datum nicht davor.", where)
		}
		if e.Closed && len(e.Slots) > 0 {
			f.add(field, "%s ist geschlossen und hat zugleich Öffnungszeiten.", where)
		}
		for _, s := range e.Slots {
			check(s, field, where)
		}
	}
	return f.err()
}

// OpenAt reports whether the hours are open at t; holiday reports public
// holidays (nil: none).
func (h *OpeningHours) OpenAt(t time.Time, holiday func(time.Time) bool) bool {
	t = t.In(Berlin)
	day := Day(t)
	minute := t.Hour()*60 + t.Minute()
	in := func(slots []HoursSlot, anyDay bool) bool {
		for _, s := range slots {
			if (anyDay || s.Day == t.Weekday()) && s.Open <= minute && minute < s.Close {
				return true
			}
		}
		return false
	}
	for _, e := range h.Exceptions {
		if !day.Before(Day(e.From)) && !day.After(Day(e.To)) {
			return !e.Closed && in(e.Slots, true)
		}
	}
	if h.ClosedOnHolidays && holiday != nil && holiday(day) {
		return false
	}
	return in(h.Weekly, false)
}

// Clock renders minutes after midnight as "09:30".
func Clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// ParseClock reads "9:30", "09:30" or "24:00".
func ParseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, Errorf(EINVALID, "Uhrzeit %q ist ungültig (Form 09:30).", s)
	}
	return hh*60 + mm, nil
}

var weekdayShort = [...]string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"}

// WeekdayName is the German name of a day.
func WeekdayName(d time.Weekday) string {
	return [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}[d]
}

// String renders the weekly hours the German way: "Mo–Fr 09:00–17:00; Sa 10:00–13:00".
func (h *OpeningHours) String() string {
	// Group weekdays with identical slots, Monday first.
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	slotsOf := func(d time.Weekday) string {
		var parts []string
		for _, s := range h.Weekly {
			if s.Day == d {
				parts = append(parts, Clock(s.Open)+"–"+Clock(s.Close))
			}
		}
		slices.Sort(parts)
		return strings.Join(parts, ", ")
	}
	var out []string
	for i := 0; i < len(order); {
		s := slotsOf(order[i])
		j := i
		for j+1 < len(order) && slotsOf(order[j+1]) == s {
			j++
		}
		if s != "" {
			days := weekdayShort[order[i]]
			if j > i {
				days += "–" + weekdayShort[order[j]]
			}
			out = append(out, days+" "+s)
		}
		i = j + 1
	}
	return strings.Join(out, "; ")
}
