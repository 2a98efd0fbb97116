package quartier

import (
	"testing"
	"time"
)

func TestPeriods(t *testing.T) {
	d := func(y, m, dd int) *time.Time { x := day(y, m, dd); return &x }
	jan, mar, may := *d(2024, 1, 1), *d(2024, 3, 1), *d(2024, 5, 1)
	for _, c := range []struct {
		name   string
		af     time.Time
		at     *time.Time
		bf     time.Time
		bt     *time.Time
		shared bool
	}{
		{"both open", jan, nil, may, nil, true},
		{"a ends as b begins", jan, &mar, mar, nil, false},
		{"a ends a day after b begins", jan, d(2024, 3, 2), mar, nil, true},
		{"b inside a", jan, &may, mar, d(2024, 4, 1), true},
		{"b ends as a begins", mar, nil, jan, &mar, false},
		{"b ends before a", may, nil, jan, &mar, false},
	} {
		if got := periodsOverlap(c.af, c.at, c.bf, c.bt); got != c.shared {
			t.Errorf("%s: overlap %v, want %v", c.name, got, c.shared)
		}
		if got := periodsOverlap(c.bf, c.bt, c.af, c.at); got != c.shared {
			t.Errorf("%s (swapped): overlap %v, want %v", c.name, got, c.shared)
		}
	}
	if !inPeriod(jan, jan, &mar) || inPeriod(mar, jan, &mar) || inPeriod(*d(2023, 12, 31), jan, nil) || !inPeriod(may, jan, nil) {
		t.Error("inPeriod is not [from, to) with an open end")
	}
	if got := germanDate(day(2024, 3, 9)); got != "09.03.2024" {
		t.Errorf("germanDate: %q", got)
	}
	if germanDate(time.Time{}) != "" || optDate(nil) != "offen" {
		t.Error("unset dates must render empty / open")
	}
	for _, s := range []string{"2024-03-09", "09.03.2024"} {
		if got, err := ParseDate(s); err != nil || !got.Equal(day(2024, 3, 9)) {
			t.Errorf("ParseDate(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "9.3.2024", "2024-3-9", "09.03.24", "31.02.2024"} {
		if _, err := ParseDate(s); ErrorCode(err) != EINVALID {
			t.Errorf("ParseDate(%q) accepted: %v", s, err)
		}
	}
	// Day keeps the calendar day of t's own zone: midnight in Berlin is
	// still that day, not the previous one in UTC.
	if got := Day(time.Date(2024, 3, 9, 0, 30, 0, 0, Berlin)); !got.Equal(day(2024, 3, 9)) {
		t.Errorf("Day: %v", got)
	}
}
