package hsds

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quartier/quartier"
)

// Opening hours as HSDS schedules (all on the service):
//
//   - Weekly slots: one WEEKLY schedule per pair of opening and closing
//     time, byday listing the days that share it (Monday first), wkst MO,
//     times as HH:MM:SS. A time-boxed offer's period is repeated in
//     valid_from/valid_to.
//   - A dated exception (valid_from/valid_to, both inclusive like
//     Quartier's) with slots: one schedule per slot time, byday all seven
//     days (Quartier's exception slots hold on every day of the period),
//     attribute quartier-profil/ausnahme with the exception's number; a
//     closure has no times and quartier-profil/ausnahme-geschlossen.
//   - The note and the holiday rule: one schedule without times, notes =
//     the note, attribute quartier-profil/hinweis, and
//     quartier-profil/feiertage-geschlossen if the weekly hours do not
//     apply on public holidays (iCalendar would need EXDATEs, which HSDS
//     lacks). Its description says it in words for readers of plain HSDS.
//
// Times are local wall-clock times in Europe/Berlin. HSDS's timezone is a
// fixed UTC offset, which cannot follow summer time, so it is left out
// rather than be wrong half of the year.
//
// Weekly slots, exceptions, the note and the holiday rule come back
// exactly, with the weekly slots in canonical order (Monday first, then by
// time) and duplicates merged. Lost on the way: the weekday of exception
// slots (Quartier ignores it). Foreign schedules Quartier cannot express
// (MONTHLY, interval > 1, count, until, by-month/week/year-day, ordinal
// days) are left out with a warning and their text kept in the note.

var rruleDays = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"} // by time.Weekday
var germanDays = [7]string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"}

type span struct{ open, close int }

func hms(m int) string { return fmt.Sprintf("%02d:%02d:00", m/60, m%60) }

func (s span) String() string { return quartier.Clock(s.open) + "–" + quartier.Clock(s.close) }

// spans groups slots by time; days are collected per time.
func spans(slots []quartier.HoursSlot) ([]span, map[span][]time.Weekday) {
	days := map[span][]time.Weekday{}
	var order []span
	for _, s := range slots {
		k := span{s.Open, s.Close}
		if _, ok := days[k]; !ok {
			order = append(order, k)
		}
		if !slices.Contains(days[k], s.Day) {
			days[k] = append(days[k], s.Day)
		}
	}
	for _, ds := range days {
		slices.SortFunc(ds, func(a, b time.Weekday) int { return cmp.Compare(mondayIndex(a), mondayIndex(b)) })
	}
	slices.SortFunc(order, func(a, b span) int {
		return cmp.Or(cmp.Compare(a.open, b.open), cmp.Compare(a.close, b.close))
	})
	return order, days
}

func mondayIndex(d time.Weekday) int { return (int(d) + 6) % 7 }

func (e *encoder) schedules(serviceID string, h quartier.OpeningHours, from, to *time.Time) []Schedule {
	var out []Schedule
	order, days := spans(h.Weekly)
	for _, sp := range order {
		var by, words []string
		for _, d := range days[sp] {
			by = append(by, rruleDays[d])
			words = append(words, germanDays[d])
		}
		s := Schedule{ID: newID("schedule", serviceID+":w:"+sp.String()), ServiceID: serviceID, Freq: "WEEKLY", Wkst: "MO",
			ByDay: strings.Join(by, ","), OpensAt: hms(sp.open), ClosesAt: hms(sp.close),
			Description: strings.Join(words, ", ") + " " + sp.String()}
		if h.ClosedOnHolidays {
			s.Description += ", nicht an gesetzlichen Feiertagen"
		}
		if from != nil {
			s.ValidFrom = from.Format(quartier.DateLayout)
		}
		if to != nil {
			s.ValidTo = lastDay(*to)
		}
		out = append(out, s)
	}
	allDays := strings.Join(rruleDays[1:], ",") + ",SU"
	for i, x := range h.Exceptions {
		n := strconv.Itoa(i + 1)
		period := fmt.Sprintf("%s bis %s", x.From.Format(quartier.GermanDateLayout), x.To.Format(quartier.GermanDateLayout))
		base := Schedule{ServiceID: serviceID, ValidFrom: x.From.Format(quartier.DateLayout), ValidTo: x.To.Format(quartier.DateLayout), Notes: x.Note}
		withNote := func(s string) string {
			if x.Note != "" {
				return s + ": " + x.Note
			}
			return s
		}
		xs, _ := spans(x.Slots)
		switch {
		case x.Closed || len(xs) == 0:
			s := base
			s.ID = newID("schedule", serviceID+":x:"+n)
			t := termException
			s.Description = withNote("Abweichende Öffnungszeiten " + period)
			if x.Closed {
				t, s.Description = termExceptionClosed, withNote("Geschlossen "+period)
			}
			s.Attributes = []Attribute{e.attribute("schedule", s.ID, profileTerm(t), n)}
			out = append(out, s)
		default:
			for _, sp := range xs {
				s := base
				s.ID = newID("schedule", serviceID+":x:"+n+":"+sp.String())
				s.Freq, s.Wkst, s.ByDay, s.OpensAt, s.ClosesAt = "WEEKLY", "MO", allDays, hms(sp.open), hms(sp.close)
				s.Description = withNote(fmt.Sprintf("Täglich %s, %s", sp, period))
				s.Attributes = []Attribute{e.attribute("schedule", s.ID, profileTerm(termException), n)}
				out = append(out, s)
			}
		}
	}
	if h.Note != "" || h.ClosedOnHolidays {
		s := Schedule{ID: newID("schedule", serviceID+":n"), ServiceID: serviceID, Notes: h.Note}
		s.Description = h.Note
		s.Attributes = []Attribute{e.attribute("schedule", s.ID, profileTerm(termHoursNote), "")}
		if h.ClosedOnHolidays {
			if d := s.Description; d != "" && !strings.ContainsAny(d[len(d)-1:], ".!?") {
				s.Description += "."
			}
			s.Description = strings.TrimSpace(s.Description + " An gesetzlichen Feiertagen geschlossen.")
			s.Attributes = append(s.Attributes, e.attribute("schedule", s.ID, profileTerm(termHolidaysClosed), ""))
		}
		out = append(out, s)
	}
	return out
}

var clockRE = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$`)

// parseTime reads an HSDS time (HH:MM, HH:MM:SS, optionally with a UTC
// offset) as minutes after midnight.
func parseTime(s string) (minutes int, zone, seconds bool, ok bool) {
	m := clockRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false, false, false
	}
	h, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	if h > 24 || mm > 59 || h == 24 && mm > 0 {
		return 0, false, false, false
	}
	return h*60 + mm, m[4] != "", m[3] != "" && m[3] != "00", true
}

// hours reads the schedules of a service back into opening hours;
// period is the offer's time box, which weekly schedules may repeat.
func (m *mapper) hours(ss []Schedule, from, to *time.Time) quartier.OpeningHours {
	var h quartier.OpeningHours
	var notes []string
	type group struct{ x quartier.HoursException }
	exceptions := map[string]*group{}
	var excOrder []string
	for i := range ss {
		s := &ss[i]
		kinds := m.profileOf(s.Attributes)
		_, isNote := kinds[termHoursNote]
		xn, isExc := kinds[termException]
		cn, isClosed := kinds[termExceptionClosed]
		if _, ok := kinds[termHolidaysClosed]; ok {
			h.ClosedOnHolidays = true
		}
		if s.Timezone != nil {
			m.warn(s.o.at("timezone"), "Die Zeitzone wird nicht übernommen; Quartier liest die Zeiten als Ortszeit Europe/Berlin.")
		}
		switch {
		case isNote:
			if s.Notes != "" {
				notes = append(notes, s.Notes)
			}
		case isExc || isClosed:
			n := xn
			if isClosed {
				n = cn
			}
			first, okF := parseDate(s.ValidFrom)
			last, okT := parseDate(s.ValidTo)
			if !okF || !okT || last.Before(first) {
				m.fail(s.o.at("valid_from"), "Eine Ausnahme braucht valid_from und valid_to (JJJJ-MM-TT), das Ende nicht vor dem Beginn.")
				continue
			}
			g := exceptions[n]
			if g == nil {
				g = &group{x: quartier.HoursException{From: first, To: last, Closed: isClosed, Note: s.Notes}}
				exceptions[n] = g
				excOrder = append(excOrder, n)
			}
			if s.OpensAt != "" || s.ClosesAt != "" {
				if sp, ok := m.span(s); ok {
					g.x.Slots = append(g.x.Slots, quartier.HoursSlot{Day: time.Monday, Open: sp.open, Close: sp.close})
				}
			}
		case s.OpensAt != "" || s.ClosesAt != "" || s.Freq != "" || s.ByDay != "":
			days, sp, ok := m.weekly(s)
			if !ok {
				if t := strings.TrimSpace(s.Description + " " + s.Notes); t != "" {
					notes = append(notes, t)
				}
				continue
			}
			if (s.ValidFrom != "" || s.ValidTo != "") && !samePeriod(s, from, to) {
				m.warn(s.o.at("valid_from"), "Der Gültigkeitszeitraum dieses Zeitplans wird nicht übernommen; Quartier kennt nur einen Zeitraum je Angebot.")
			}
			for _, d := range days {
				h.Weekly = append(h.Weekly, quartier.HoursSlot{Day: d, Open: sp.open, Close: sp.close})
			}
		default:
			if t := cmp.Or(s.Notes, s.Description); t != "" {
				notes = append(notes, t)
			}
		}
	}
	slices.SortFunc(h.Weekly, func(a, b quartier.HoursSlot) int {
		return cmp.Or(cmp.Compare(mondayIndex(a.Day), mondayIndex(b.Day)), cmp.Compare(a.Open, b.Open), cmp.Compare(a.Close, b.Close))
	})
	h.Weekly = slices.Compact(h.Weekly)
	for _, n := range excOrder {
		h.Exceptions = append(h.Exceptions, exceptions[n].x)
	}
	h.Note = strings.Join(notes, " ")
	return h
}

func samePeriod(s *Schedule, from, to *time.Time) bool {
	want := func(t *time.Time, last bool) string {
		switch {
		case t == nil:
			return ""
		case last:
			return lastDay(*t)
		}
		return t.Format(quartier.DateLayout)
	}
	return s.ValidFrom == want(from, false) && s.ValidTo == want(to, true)
}

// span reads opens_at and closes_at.
func (m *mapper) span(s *Schedule) (span, bool) {
	open, zo, so, ok1 := parseTime(s.OpensAt)
	closeAt, zc, sc, ok2 := parseTime(s.ClosesAt)
	switch {
	case !ok1:
		m.fail(s.o.at("opens_at"), fmt.Sprintf("Öffnungszeit %q ist keine Uhrzeit (HH:MM oder HH:MM:SS).", s.OpensAt))
		return span{}, false
	case !ok2:
		m.fail(s.o.at("closes_at"), fmt.Sprintf("Schließzeit %q ist keine Uhrzeit (HH:MM oder HH:MM:SS).", s.ClosesAt))
		return span{}, false
	case closeAt <= open:
		m.fail(s.o.at("closes_at"), fmt.Sprintf("Schließzeit %s liegt nicht nach der Öffnungszeit %s.", s.ClosesAt, s.OpensAt))
		return span{}, false
	}
	if zo || zc {
		m.warn(s.o.at("opens_at"), "Die UTC-Abweichung der Uhrzeit wird nicht übernommen; Quartier liest sie als Ortszeit Europe/Berlin.")
	}
	if so || sc {
		m.warn(s.o.at("opens_at"), "Sekunden werden abgeschnitten.")
	}
	return span{open, closeAt}, true
}

// weekly reads a schedule as weekly slots, or warns that Quartier cannot
// express it.
func (m *mapper) weekly(s *Schedule) ([]time.Weekday, span, bool) {
	unsupported := func(field, what string) ([]time.Weekday, span, bool) {
		m.warn(s.o.at(field), "Zeitplan nicht übernommen: "+what+" kann Quartier nicht abbilden (nur wöchentliche Zeiten); sein Text steht im Hinweis.")
		return nil, span{}, false
	}
	switch {
	case s.Freq != "" && s.Freq != "WEEKLY":
		return unsupported("freq", "die Häufigkeit "+s.Freq)
	case s.Interval != nil && *s.Interval != 1:
		return unsupported("interval", "ein Intervall ungleich 1")
	case s.Count != nil:
		return unsupported("count", "eine Anzahl von Terminen")
	case s.Until != "":
		return unsupported("until", "ein Enddatum der Wiederholung")
	case s.ByMonthDay != "":
		return unsupported("bymonthday", "Tage im Monat")
	case s.ByWeekNo != "":
		return unsupported("byweekno", "Kalenderwochen")
	case s.ByYearDay != "":
		return unsupported("byyearday", "Tage im Jahr")
	case s.ByDay == "":
		return unsupported("byday", "ein Zeitplan ohne Wochentage")
	case s.OpensAt == "" || s.ClosesAt == "":
		return unsupported("opens_at", "ein Zeitplan ohne Öffnungs- und Schließzeit")
	}
	var days []time.Weekday
	for _, tok := range strings.Split(s.ByDay, ",") {
		i := slices.Index(rruleDays[:], strings.ToUpper(strings.TrimSpace(tok)))
		if i < 0 {
			return unsupported("byday", fmt.Sprintf("der Tag %q", strings.TrimSpace(tok)))
		}
		if !slices.Contains(days, time.Weekday(i)) {
			days = append(days, time.Weekday(i))
		}
	}
	sp, ok := m.span(s)
	return days, sp, ok
}

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(quartier.DateLayout, s)
	return t, err == nil
}
