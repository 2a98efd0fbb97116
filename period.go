package quartier

import "time"

// Periods and dates. Every validity in Quartier (versions, assignments,
// grants, leaderships, offers) is a half-open period [from, to) of calendar
// days with an open end, and every date is kept as midnight UTC of its day.

// DateLayout is the ISO date format used in CSV, JSON and flags.
const DateLayout = "2006-01-02"

// GermanDateLayout is the date as German readers expect it (31.12.2024): on
// pages, in printed lists, in the history and in CLI messages.
const GermanDateLayout = "02.01.2006"

// ParseDate parses an ISO date ("2021-01-01") or a German one ("01.01.2021").
func ParseDate(s string) (time.Time, error) {
	for _, layout := range []string{DateLayout, GermanDateLayout} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, Errorf(EINVALID, "Datum %q ist weder JJJJ-MM-TT noch TT.MM.JJJJ.", s)
}

// Day truncates t to its calendar date in UTC, the form dates are kept in.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// inPeriod reports whether t lies in the half-open period [from, to); a
// nil to is open-ended. Every validity in Quartier follows this rule.
func inPeriod(t, from time.Time, to *time.Time) bool {
	return !t.Before(from) && (to == nil || t.Before(*to))
}

// periodsOverlap reports whether two half-open periods share a day; a
// period that ends when the other begins does not.
func periodsOverlap(af time.Time, at *time.Time, bf time.Time, bt *time.Time) bool {
	aEndsBefore := at != nil && !at.After(bf)
	bEndsBefore := bt != nil && !bt.After(af)
	return !aEndsBefore && !bEndsBefore
}

// germanDate renders t as 31.12.2024, "" for the zero time (a date never set).
func germanDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(GermanDateLayout)
}

// optDate renders an optional end or start of a period; nil is open.
func optDate(t *time.Time) string {
	if t == nil {
		return "offen"
	}
	return germanDate(*t)
}
