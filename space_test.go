package quartier

import (
	"testing"
	"time"
)

// TestOrganisationFindingsNameTheirField: the checks of the organisation
// name the field of each finding, so that a form shows it at its input;
// the message stays what a setup file reports.
func TestOrganisationFindingsNameTheirField(t *testing.T) {
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	before := day.AddDate(0, 0, -1)
	for _, c := range []struct {
		what  string
		v     interface{ Validate() error }
		field string
		msg   string
	}{
		{"provider code", &Provider{Code: "A B", Name: "X", Kind: ProviderIndependent}, "code", `Träger-Code "A B" ist ungültig.`},
		{"provider kind", &Provider{Code: "awo", Name: "AWO", Kind: "x"}, "kind", `Unbekannte Trägerart "x".`},
		{"alliance of one", &Alliance{Code: "n", Name: "N", Members: []AllianceMember{{ProviderID: 1, Lead: true}}}, "members", "Ein Trägerverbund hat mindestens zwei Mitglieder (n)."},
		{"member twice", &Alliance{Code: "n", Name: "N", Members: []AllianceMember{{ProviderID: 1, Provider: "a", Lead: true}, {ProviderID: 1, Provider: "a"}}}, "members.1", "Träger a ist doppelt im Verbund n."},
		{"two leads", &Alliance{Code: "n", Name: "N", Members: []AllianceMember{{ProviderID: 1, Lead: true}, {ProviderID: 2, Lead: true}}}, "lead", "Der Verbund n braucht genau ein federführendes Mitglied (hat 2)."},
		{"team provider", &Team{Code: "t", Space: "w", Kind: TeamProvider, Name: "T"}, "provider", "Das Trägerteam t braucht einen Träger."},
		{"team name", &Team{Code: "t", Space: "w", Kind: TeamOffice}, "name", "Das Team t braucht Namen und Sozialraum."},
		{"room street", &Room{Name: "Büro"}, "street", "Räumlichkeit braucht Namen und Straße."},
		{"duo person", &Leadership{Space: "w", Role: RoleCoordinator, ValidFrom: day}, "person", "Leitungsrolle braucht Sozialraum, Person und Beginn."},
		{"duo end", &Leadership{Space: "w", Role: RoleCoordinator, PersonID: 1, ValidFrom: day, ValidTo: &before}, "valid_to", "Ende der Leitungsrolle liegt nicht nach dem Beginn."},
		{"assignee", &Assignment{Space: "w", ValidFrom: day}, "assignee", "Zuständig ist genau ein Träger oder ein Trägerverbund (Sozialraum w)."},
		{"assignment end", &Assignment{Space: "w", ProviderID: 1, ValidFrom: day, ValidTo: &before}, "valid_to", "Ende (31.12.2023) liegt nicht nach dem Beginn (01.01.2024) in w."},
	} {
		err := c.v.Validate()
		ps := ErrorProblems(err)
		if len(ps) == 0 || ps[0].Code != c.field || ErrorMessage(err) != c.msg || ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v %+v, want %q at %q", c.what, err, ps, c.msg, c.field)
		}
	}
}
