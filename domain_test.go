package quartier

import (
	"context"
	"testing"
	"time"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestLayerValidate(t *testing.T) {
	for _, c := range []struct {
		l  Layer
		ok bool
	}{
		{Layer{Code: "plr", Name: "Planungsräume", Kind: LayerBlock}, true},
		{Layer{Code: "Sozialraum", Name: "x", Kind: LayerComposed}, false}, // upper case
		{Layer{Code: "sr", Name: "", Kind: LayerComposed}, false},
		{Layer{Code: "sr", Name: "x", Kind: "drawn"}, false},
		{Layer{Code: "plr", Name: "x", Kind: LayerBlock, Space: true}, false}, // blocks cannot be spaces
	} {
		if err := c.l.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: %v", c.l, err)
		}
	}
	for s, ok := range map[string]bool{"01100101": true, "mitte-sued": true, "": false, " a": false, "a/b": false, "a\tb": false} {
		if ValidAreaCode(s) != ok {
			t.Errorf("ValidAreaCode(%q) != %v", s, ok)
		}
	}
}

func TestAllianceNeedsOneLead(t *testing.T) {
	m := func(id int64, lead bool) AllianceMember { return AllianceMember{ProviderID: id, Lead: lead} }
	for _, c := range []struct {
		members []AllianceMember
		ok      bool
	}{
		{[]AllianceMember{m(1, true), m(2, false)}, true},
		{[]AllianceMember{m(1, true)}, false},               // alone is no alliance
		{[]AllianceMember{m(1, false), m(2, false)}, false}, // no lead
		{[]AllianceMember{m(1, true), m(2, true)}, false},   // two leads
		{[]AllianceMember{m(1, true), m(1, false)}, false},  // same provider twice
	} {
		a := Alliance{Code: "nord", Name: "Verbund Nord", Members: c.members}
		if err := a.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: %v", c.members, err)
		}
	}
}

func TestAssignmentPeriods(t *testing.T) {
	to := day(2024, 1, 1)
	a := Assignment{Space: "west", ProviderID: 1, ValidFrom: day(2020, 1, 1), ValidTo: &to}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	// Half-open: the last day of a is the day before ValidTo.
	if !a.ValidAt(day(2023, 12, 31)) || a.ValidAt(to) || a.ValidAt(day(2019, 12, 31)) {
		t.Error("ValidAt is not half-open")
	}
	b := Assignment{Space: "west", AllianceID: 2, ValidFrom: to}
	if a.Overlaps(&b) || b.Overlaps(&a) {
		t.Error("consecutive periods overlap")
	}
	c := Assignment{Space: "west", AllianceID: 2, ValidFrom: day(2023, 6, 1)}
	if !a.Overlaps(&c) {
		t.Error("overlap not seen")
	}
	for _, bad := range []Assignment{
		{Space: "west", ValidFrom: day(2020, 1, 1)},                               // nobody
		{Space: "west", ProviderID: 1, AllianceID: 2, ValidFrom: day(2020, 1, 1)}, // both
		{Space: "west", ProviderID: 1},                                            // no start
		{Space: "west", ProviderID: 1, ValidFrom: to, ValidTo: &to},               // empty period
		{ProviderID: 1, ValidFrom: to},                                            // no space
	} {
		if bad.Validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestActorDenyByDefault(t *testing.T) {
	ctx := context.Background()
	if err := Require(ctx, PermReadPublic); err != nil {
		t.Error("public read refused to anonymous")
	}
	for _, p := range []Permission{PermImportAreas, PermManageSpaces, PermExport, "unknown.permission"} {
		if ErrorCode(Require(ctx, p)) != EFORBIDDEN {
			t.Errorf("anonymous may %s", p)
		}
		if ErrorCode(Require(WithActor(ctx, &Actor{Name: "leer"}), p)) != EFORBIDDEN {
			t.Errorf("actor without grants may %s", p)
		}
	}
	if Require(WithActor(ctx, Operator()), PermImportAreas) != nil {
		t.Error("operator may not import")
	}
}

func TestProblemPlace(t *testing.T) {
	p := Problem{Severity: SeverityError, Kind: ProblemOverlap, Feature: 3, Code: "504", At: &[2]float64{1.5, 2.25}, Message: "x"}
	if got := p.Place(); got != "Objekt 3 (Code 504) bei 1.500, 2.250" {
		t.Errorf("Place: %q", got)
	}
	for want, q := range map[string]Problem{
		"/contents/3/schedules/0/byday":    {Feature: -1, Pointer: "/contents/3/schedules/0/byday"},
		"services.csv Zeile 4 Spalte name": {Feature: 4, File: "services.csv", Column: "name"},
		"services.csv":                     {Feature: 0, File: "services.csv"},
		"Objekt 78 (Code 202, Ehrenfeld) bei 356040.000, 5645030.500 (EPSG:25832; 50.945000° N, 6.920000° O)": {Feature: 78, Code: "202", Name: "Ehrenfeld",
			At: &[2]float64{356040, 5645030.5}, SRID: UTM32N, LonLat: &[2]float64{6.92, 50.945}},
		"Objekt 1 bei 390000.000, 5820000.000 (EPSG:25833)": {Feature: 1, At: &[2]float64{390000, 5820000}, SRID: UTM33N},
		"error schema: /name: Pflichtfeld fehlt.":           {Severity: SeverityError, Kind: ProblemSchema, Feature: -1, Pointer: "/name", Message: "Pflichtfeld fehlt."},
	} {
		got := q.Place()
		if q.Message != "" {
			got = q.String()
		}
		if got != want {
			t.Errorf("Place %q, want %q", got, want)
		}
	}
	if !HasErrors([]Problem{{Severity: SeverityWarning}, p}) || HasErrors([]Problem{{Severity: SeverityRepaired}}) {
		t.Error("HasErrors")
	}
}

// The shipped defaults are handed out as copies: a caller that edits its
// taxonomy (the atlas's settings page does) must not change the next
// installation's defaults in the same process.
func TestDefaultsAreCopies(t *testing.T) {
	ts := DefaultTopics()
	want := ts[0].Label
	ts[0].Label = "geändert"
	if DefaultTopics()[0].Label != want {
		t.Fatal("DefaultTopics hands out shared state")
	}
}

// Labels of the small enumerations are German and tell the values apart.
func TestLabelsTellValuesApart(t *testing.T) {
	for name, labels := range map[string][]string{
		"layer kinds": {LayerBlock.Label(), LayerComposed.Label(), LayerKind("drawn").Label()},
		"duo roles":   {RoleRegionalHead.Label(), RoleCoordinator.Label()},
		"severities":  {SeverityError.Label(), SeverityWarning.Label(), SeverityRepaired.Label()},
		"weekdays":    {WeekdayName(time.Sunday), WeekdayName(time.Monday), WeekdayName(time.Saturday)},
	} {
		seen := map[string]bool{}
		for _, l := range labels {
			if l == "" || seen[l] {
				t.Errorf("%s: label %q empty or repeated in %v", name, l, labels)
			}
			seen[l] = true
		}
	}
	if WeekdayName(time.Monday) != "Montag" || RoleRegionalHead.Label() != "Regionalleitung Jugendamt" {
		t.Error("labels are not the German names")
	}
}

// The history compares field lines: a set sent in another order (a form
// lists target groups as ticked, an import as delivered) is no change.
func TestFieldsIgnoreOrderOfSets(t *testing.T) {
	topics := TopicIndex(DefaultTopics())
	a := Offer{Name: "Treff", Topics: []string{"sport", "beratung"}, TargetGroups: []string{"kinder", "jugendliche"}, Languages: []string{"tr", "de"}}
	b := Offer{Name: "Treff", Topics: []string{"beratung", "sport"}, TargetGroups: []string{"jugendliche", "kinder"}, Languages: []string{"de", "tr"}}
	if ch := DiffFields(a.Fields(Names{Topics: topics}, []string{"p2", "p1"}), b.Fields(Names{Topics: topics}, []string{"p1", "p2"})); len(ch) != 0 {
		t.Errorf("reordered sets recorded as changes: %+v", ch)
	}
	for _, f := range b.Fields(Names{Topics: topics}, nil) {
		if f.Label == "Zielgruppen" && f.Value != "Jugendliche, Kinder" {
			t.Errorf("target groups shown as %q, want their names", f.Value)
		}
	}
	c := b
	c.TargetGroups = []string{"kinder"}
	if ch := DiffFields(b.Fields(Names{Topics: topics}, nil), c.Fields(Names{Topics: topics}, nil)); len(ch) != 1 {
		t.Errorf("a real change in a set: %+v", ch)
	}
}
