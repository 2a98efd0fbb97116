package quartier

// Role is what a person does in the office or at a provider. A grant gives a
// role within a scope; permissions follow from the role by PermissionTable
// (permission.go), the single source for checks, the README and the admin
// page.
type Role string

const (
	RoleAdmin         Role = "admin"          // Administration
	RoleDPO           Role = "dpo"            // Datenschutzbeauftragte: audit only, no case content
	RoleOffice        Role = "office"         // Geschäftsstelle / Verwaltung
	RoleASD           Role = "asd"            // Fachkraft ASD
	RoleASDLead       Role = "asd_lead"       // Teamleitung ASD
	RolePlanner       Role = "planner"        // Jugendhilfeplanung
	RoleController    Role = "controller"     // Controlling: budgets and aggregates, no personal data
	RoleProviderStaff Role = "provider_staff" // Fachkraft eines freien Trägers
	RoleProviderLead  Role = "provider_lead"  // Leitung Träger / Sozialraumkoordination
	RoleCommittee     Role = "committee"      // Mitglied Jugendhilfeausschuss: published reports only
	// RoleSystem is the command line and internal jobs; it cannot be granted.
	RoleSystem Role = "system"
)

// Roles lists the grantable roles in display order.
var Roles = []Role{RoleAdmin, RoleDPO, RoleOffice, RoleASD, RoleASDLead, RolePlanner, RoleController, RoleProviderStaff, RoleProviderLead, RoleCommittee}

// RoleLabels are the German names shown in the UI.
var RoleLabels = map[Role]string{
	RoleAdmin:         "Administration",
	RoleDPO:           "Datenschutzbeauftragte/r",
	RoleOffice:        "Geschäftsstelle",
	RoleASD:           "Fachkraft ASD",
	RoleASDLead:       "Teamleitung ASD",
	RolePlanner:       "Jugendhilfeplanung",
	RoleController:    "Controlling",
	RoleProviderStaff: "Fachkraft freier Träger",
	RoleProviderLead:  "Trägerleitung / Sozialraumkoordination",
	RoleCommittee:     "Jugendhilfeausschuss",
	RoleSystem:        "System (Kommandozeile)",
}

// Valid reports whether r can be granted.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}
