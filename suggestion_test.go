package quartier

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestSuggestionValidate(t *testing.T) {
	good := map[string]Suggestion{
		"new with address": {Kind: SuggestNew, Proposed: ProposedOffer{Name: "Elterncafé"}, Street: "Lindenweg", HouseNumber: "3"},
		"new with point":   {Kind: SuggestNew, Proposed: ProposedOffer{Name: "Elterncafé"}, X: 1, Y: 2},
		"correction":       {Kind: SuggestCorrection, EntityKind: EntityOffer, EntityKey: "treff", Message: "Dienstags zu"},
		"problem":          {Kind: SuggestProblem, EntityKind: EntityPlace, EntityKey: "club", Message: "Gibt es nicht mehr", SubmitterEmail: "a@example.org"},
	}
	for name, s := range good {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	long := strings.Repeat("x", SuggestionTextMax+1)
	for name, c := range map[string]struct {
		s    Suggestion
		want string // part of the message: names the field
	}{
		"unknown kind":        {Suggestion{Kind: "spam"}, "Art"},
		"new without name":    {Suggestion{Kind: SuggestNew, Street: "A"}, "Name des Angebots"},
		"new without place":   {Suggestion{Kind: SuggestNew, Proposed: ProposedOffer{Name: "x"}}, "Adresse"},
		"new naming entry":    {Suggestion{Kind: SuggestNew, Proposed: ProposedOffer{Name: "x"}, Street: "A", EntityKind: EntityOffer, EntityKey: "a"}, "vorhandenen"},
		"correction no key":   {Suggestion{Kind: SuggestCorrection, EntityKind: EntityOffer, Message: "x"}, "Eintrag"},
		"correction bad kind": {Suggestion{Kind: SuggestCorrection, EntityKind: "team", EntityKey: "a", Message: "x"}, "Eintrag"},
		"problem no text":     {Suggestion{Kind: SuggestProblem, EntityKind: EntityOffer, EntityKey: "a"}, "Nachricht"},
		"text too long":       {Suggestion{Kind: SuggestProblem, EntityKind: EntityOffer, EntityKey: "a", Message: long}, "4000"},
		"field too long":      {Suggestion{Kind: SuggestProblem, EntityKind: EntityOffer, EntityKey: "a", Message: "x", SubmitterName: long[:201]}, "Ihr Name"},
		"bad e-mail":          {Suggestion{Kind: SuggestProblem, EntityKind: EntityOffer, EntityKey: "a", Message: "x", SubmitterEmail: "nein"}, "E-Mail"},
	} {
		err := c.s.Validate()
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.want) {
			t.Errorf("%s: %v, want EINVALID naming %q", name, err, c.want)
		}
	}
	s := good["problem"]
	s.SubmitterName = "Frau M."
	if a := s.Anonymised(); a.SubmitterName != "" || a.SubmitterEmail != "" || a.Message != s.Message {
		t.Errorf("anonymised: %+v", a)
	}
	// Personal data never leaves in JSON.
	b, _ := json.Marshal(s)
	if strings.Contains(string(b), "Frau M.") || strings.Contains(string(b), "a@example.org") {
		t.Errorf("JSON carries the submitter: %s", b)
	}
}

func TestChangeValidateAndDiff(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	ok := Change{Kind: EntityOffer, Key: "treff", After: json.RawMessage(`{"name":"x"}`), Login: "anna", At: at, Why: WhyEdit}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mut := range map[string]func(*Change){
		"kind":   func(c *Change) { c.Kind = "team" },
		"key":    func(c *Change) { c.Key = "" },
		"who":    func(c *Change) { c.Login = "" },
		"why":    func(c *Change) { c.Why = " " },
		"when":   func(c *Change) { c.At = time.Time{} },
		"after":  func(c *Change) { c.After = json.RawMessage(`{`) },
		"before": func(c *Change) { c.Before = json.RawMessage(`nope`) },
	} {
		c := ok
		mut(&c)
		if ErrorCode(c.Validate()) != EINVALID {
			t.Errorf("%s: accepted", name)
		}
	}
	if WhySuggestion(12) != "Vorschlag #12 angenommen" || WhyImport("Geoportal") != "Import Geoportal" {
		t.Error("reasons")
	}

	topics := TopicIndex(DefaultTopics())
	six := 6
	before := Offer{Name: "Treff", Topics: []string{"sport"}, Status: OfferActive, MinAge: &six,
		Hours: OpeningHours{Weekly: []HoursSlot{{Day: time.Tuesday, Open: 16 * 60, Close: 18 * 60}}}}
	after := before
	after.Status = OfferEnded
	after.Hours.ClosedOnHolidays = true
	diff := DiffFields(before.Fields(Names{Topics: topics}, []string{"club"}), after.Fields(Names{Topics: topics}, []string{"club", "fh"}))
	got := map[string]FieldChange{}
	for _, d := range diff {
		got[d.Label] = d
	}
	if len(diff) != 3 || got["Status"].Before != "läuft" || got["Status"].After != "beendet" ||
		got["Orte"].After != "club, fh" || got["Öffnungszeiten"].After != "Di 16:00–18:00; an Feiertagen geschlossen" {
		t.Errorf("diff: %+v", diff)
	}
	if f := before.Fields(Names{Topics: topics}, nil); f[3].Value != "Sport und Bewegung" || f[5].Value != "6–" {
		t.Errorf("fields: %+v", f)
	}
	// A created entry lists every non-empty field as new.
	p := Place{Name: "Club", Street: "Lindenweg", HouseNumber: "3", City: "Teststadt", VerifiedOn: at}
	created := DiffFields(nil, p.Fields(Names{}))
	if len(created) != 4 || created[1].Label != "Adresse" || created[1].After != "Lindenweg 3, Teststadt" {
		t.Errorf("created: %+v", created)
	}
}

func TestReviewCycle(t *testing.T) {
	p := Place{VerifiedOn: time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)}
	due := ReviewDate(p.VerifiedOn)
	if due.Format(DateLayout) != "2025-07-31" {
		t.Fatalf("review date %s", due)
	}
	if p.Overdue(due) || !p.Overdue(due.AddDate(0, 0, 1)) {
		t.Error("a verification holds up to and including its review date")
	}
	o := Offer{VerifiedOn: p.VerifiedOn}
	if o.Overdue(due) != p.Overdue(due) || o.Overdue(due.AddDate(0, 0, 1)) != p.Overdue(due.AddDate(0, 0, 1)) {
		t.Error("offers and places follow one cycle")
	}
}

func TestEditsEntry(t *testing.T) {
	planner := Grant{Role: RolePlanner, Spaces: []SpaceCode{"west"}}
	provider := Grant{Role: RoleProviderStaff, Spaces: []SpaceCode{"west"}, Provider: "awo"}
	unbound := Grant{Role: RoleProviderLead, Spaces: nil}
	asd := Grant{Role: RoleASD, Spaces: []SpaceCode{"west"}}
	for _, c := range []struct {
		name     string
		g        Grant
		space    SpaceCode
		provider string
		want     bool
	}{
		{"planner in space", planner, "west", "caritas", true},
		{"planner outside", planner, "ost", "", false},
		{"provider own entry", provider, "west", "awo", true},
		{"provider other entry", provider, "west", "caritas", false},
		{"provider entry without provider", provider, "west", "", false},
		{"provider own entry outside its spaces", provider, "ost", "awo", false},
		{"provider role without provider", unbound, "west", "", false},
		{"ASD cannot edit", asd, "west", "", false},
	} {
		if got := c.g.EditsEntry(c.space, c.provider); got != c.want {
			t.Errorf("%s: %v", c.name, got)
		}
	}
	a := &Actor{Grants: []Grant{provider}}
	if !a.EditsIn("west") || a.EditsIn("ost") || (&Actor{Grants: []Grant{unbound}}).EditsIn("west") {
		t.Error("new suggestions go to editors of the space, bound providers included")
	}
	shelter := Place{Confidential: true, Space: "west", Provider: "awo", Street: "Geheimweg"}
	if !a.ReadsConfidential(&shelter) || (&Actor{Grants: []Grant{planner}}).ReadsConfidential(&shelter) {
		t.Error("the provider running a shelter reads its address, a planner does not")
	}
	if !(&Actor{Grants: []Grant{asd}}).ReadsConfidential(&shelter) || (*Actor)(nil).ReadsConfidential(&shelter) {
		t.Error("ASD of the space reads it, anonymous does not")
	}
	var nobody *Actor
	if nobody.CanEditEntry("west", "") || nobody.OwnsEntry("west", "awo") || nobody.EditsIn("") {
		t.Error("anonymous edits nothing")
	}
}

func TestValidateLocatesEveryField(t *testing.T) {
	twelve, six := 12, 6
	o := Offer{Key: "treff", Status: OfferActive, Topics: []string{"sport", "astrologie"}, MinAge: &twelve, MaxAge: &six,
		Contacts: []Contact{{Name: "A", Visibility: VisiblePublic}, {Name: "", Email: "kaputt", Visibility: VisiblePublic}},
		Hours:    OpeningHours{Weekly: []HoursSlot{{Day: time.Monday, Open: 600, Close: 660}, {Day: time.Monday, Open: 700, Close: 650}}}}
	err := o.Validate(TopicIndex(DefaultTopics()))
	var fields []string
	for _, p := range ErrorProblems(err) {
		fields = append(fields, p.Code)
	}
	want := "name topics max_age contacts.1.name contacts.1.email hours.weekly.1"
	if strings.Join(fields, " ") != want {
		t.Errorf("fields %q, want %q", strings.Join(fields, " "), want)
	}
	// The error itself reads as before: the first finding.
	if ErrorCode(err) != EINVALID || ErrorMessage(err) != "Das Angebot treff braucht einen Namen." {
		t.Errorf("error %v", err)
	}
	if p := ErrorProblems(err)[5]; p.Message != "Angebot treff: Öffnungszeit 2: 11:40–10:50 ist keine Öffnungszeit (Beginn vor Ende, 00:00–24:00)." {
		t.Errorf("hours finding %q", p.Message)
	}
	pl := Place{Key: "x", Name: "Haus", Confidential: true, Accessibility: []string{"rampe"}}
	fields = nil
	for _, p := range ErrorProblems(pl.Validate()) {
		fields = append(fields, p.Code)
	}
	if strings.Join(fields, " ") != "contact_path accessibility" {
		t.Errorf("place fields %v", fields)
	}
}

func TestActsFor(t *testing.T) {
	a := &Actor{Grants: []Grant{{Role: RoleProviderStaff, Provider: "awo"}, {Role: RoleProviderLead, Provider: "awo"}, {Role: RoleASD}}}
	if ps, any := a.ActsFor(); len(ps) != 1 || ps[0] != "awo" || any {
		t.Errorf("provider staff: %v %v", ps, any)
	}
	a.Grants = append(a.Grants, Grant{Role: RolePlanner, Spaces: []SpaceCode{"west"}})
	if _, any := a.ActsFor(); !any {
		t.Error("a planner creates entries for any provider")
	}
	if ps, any := (&Actor{Grants: []Grant{{Role: RoleProviderStaff}}}).ActsFor(); len(ps) != 0 || any {
		t.Error("a provider role without provider creates nothing")
	}
}
