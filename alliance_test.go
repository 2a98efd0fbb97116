package quartier

import (
	"strings"
	"testing"
	"time"
)

// TestAllianceMembershipPeriods: memberships have half-open periods like
// assignments; on every day with members the alliance has at least two and
// exactly one lead, and a provider's periods do not overlap.
func TestAllianceMembershipPeriods(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(DateLayout, s); return t }
	until := func(s string) *time.Time { v := d(s); return &v }
	m := func(id int64, lead bool, from string, to *time.Time) AllianceMember {
		mm := AllianceMember{ProviderID: id, Provider: string(rune('a' + id)), Lead: lead, ValidTo: to}
		if from != "" {
			mm.ValidFrom = d(from)
		}
		return mm
	}
	for name, c := range map[string]struct {
		members []AllianceMember
		msg     string // "" valid
	}{
		"from the start":        {[]AllianceMember{m(1, true, "", nil), m(2, false, "", nil)}, ""},
		"a third joins later":   {[]AllianceMember{m(1, true, "", nil), m(2, false, "", nil), m(3, false, "2025-01-01", nil)}, ""},
		"one leaves, one joins": {[]AllianceMember{m(1, true, "", nil), m(2, false, "", until("2025-01-01")), m(3, false, "2025-01-01", nil)}, ""},
		"the lead passes": {[]AllianceMember{m(1, true, "", until("2025-01-01")), m(1, false, "2025-01-01", nil),
			m(2, false, "", until("2025-01-01")), m(2, true, "2025-01-01", nil)}, ""},
		"dissolved": {[]AllianceMember{m(1, true, "2024-01-01", until("2025-01-01")), m(2, false, "2024-01-01", until("2025-01-01"))}, ""},
		"alone after a leave": {[]AllianceMember{m(1, true, "", nil), m(2, false, "", until("2025-03-01"))},
			"hätte am 01.03.2025 nur ein Mitglied"},
		"no lead after the lead left": {[]AllianceMember{m(1, true, "", until("2025-01-01")), m(2, false, "", nil), m(3, false, "", nil)},
			"braucht am 01.01.2025 genau ein federführendes Mitglied (hat 0)"},
		"two leads from a day": {[]AllianceMember{m(1, true, "", nil), m(2, false, "", nil), m(3, true, "2025-06-01", nil)},
			"braucht am 01.06.2025 genau ein federführendes Mitglied (hat 2)"},
		"overlapping periods": {[]AllianceMember{m(1, true, "", nil), m(2, false, "", until("2025-01-01")), m(2, false, "2024-06-01", nil)},
			"schon Mitglied (bis 31.12.2024); die Zeiträume überschneiden sich"},
		"ends before it begins": {[]AllianceMember{m(1, true, "", nil), m(2, false, "2025-01-01", until("2025-01-01"))},
			"endet nicht nach ihrem Beginn (01.01.2025)"},
	} {
		a := Alliance{Code: "nord", Name: "Verbund Nord", Members: c.members}
		err := a.Validate()
		switch {
		case c.msg == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case c.msg != "" && (err == nil || !strings.Contains(ErrorMessage(err), c.msg)):
			t.Errorf("%s: %v, want %q", name, err, c.msg)
		}
	}
	a := Alliance{Members: []AllianceMember{m(1, false, "", nil), m(2, true, "2024-01-01", until("2025-01-01")), m(3, false, "2025-01-01", nil)}}
	if got := a.MembersAt(d("2024-06-30")); len(got) != 2 || got[0].ProviderID != 2 {
		t.Errorf("members on 30.06.2024: %+v", got)
	}
	if a.HasMember("d", time.Time{}, until("2025-01-01")) || !a.HasMember("d", d("2024-12-01"), nil) {
		t.Error("HasMember ignores the periods")
	}
	for mm, want := range map[*AllianceMember]string{&a.Members[0]: "von Anfang an", &a.Members[1]: "01.01.2024 bis 31.12.2024", &a.Members[2]: "seit 01.01.2025"} {
		if got := mm.Period(); got != want {
			t.Errorf("period %q, want %q", got, want)
		}
	}
}
