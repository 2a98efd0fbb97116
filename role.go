package quartier

// Role is what a person does in the office or at a provider. A grant gives a
// role within a scope; permissions follow from the role by the table below,
// which is the single source for checks, the README and the admin page.
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

// Permissions (continued from actor.go).
const (
	PermManageUsers Permission = "users.manage" // accounts and grants
	PermReadAudit   Permission = "audit.read"   // the audit log
	PermExportAudit Permission = "audit.export" // CSV export of the audit log
	// PermEditAtlas: places and offers; scoped to the spaces the places lie in.
	PermEditAtlas Permission = "atlas.edit"
	// PermConfigureAtlas: the topic taxonomy and the synonym list, which
	// shape every search of the installation.
	PermConfigureAtlas Permission = "atlas.configure"
	// PermReadConfidential: address and point of confidential places
	// (shelters, emergency placements), for those who place people there.
	PermReadConfidential Permission = "places.confidential"
)

// PermissionInfo describes one permission for the table in the UI.
type PermissionInfo struct {
	Permission Permission
	Label      string
	Roles      []Role
	// Scoped permissions apply only within the grant's scope (spaces, a
	// team's spaces, a provider's spaces); the others are office-wide.
	Scoped bool
}

// PermissionTable is who may do what. Deny by default: a permission not
// listed for a role is refused; anonymous users get only PermReadPublic.
var PermissionTable = []PermissionInfo{
	// Public data is open data, downloads included: the layers as GeoJSON
	// and block tables, the atlas as HSDS (families' offers are meant to
	// be shared), small bulk lookups. Confidential addresses are in none.
	{PermReadPublic, "Öffentliche Daten lesen und herunterladen (Gebiete, Träger, Teams, Räume, Atlas; als GeoJSON, CSV, HSDS)", nil, false},
	{PermImportAreas, "Ebenen und Straßenverzeichnis einspielen", []Role{RoleAdmin, RolePlanner}, false},
	{PermManageSpaces, "Träger, Verbünde, Zuständigkeiten, Teams, Leitungs-Duo pflegen", []Role{RoleAdmin, RolePlanner, RoleOffice}, true},
	// PermExport: what goes beyond open data in bulk (app.PublishedExport,
	// app.BulkLookup).
	{PermExport, "Massenexporte (Atlas als HSDS mit Kontakten für Fachkräfte, Sammelzuordnung über 10.000 Zeilen)", []Role{RoleAdmin, RolePlanner, RoleController}, false},
	{PermEditAtlas, "Orte und Angebote im Atlas pflegen", []Role{RoleAdmin, RolePlanner, RoleOffice, RoleProviderStaff, RoleProviderLead}, true},
	{PermConfigureAtlas, "Themen und Synonyme des Atlas pflegen", []Role{RoleAdmin, RolePlanner}, false},
	{PermReadConfidential, "Adressen vertraulicher Orte sehen (Schutzeinrichtungen)", []Role{RoleASD, RoleASDLead}, true},
	{PermManageUsers, "Konten und Berechtigungen verwalten", []Role{RoleAdmin}, false},
	{PermReadAudit, "Protokoll einsehen", []Role{RoleDPO, RoleAdmin}, false},
	{PermExportAudit, "Protokoll als CSV exportieren", []Role{RoleDPO}, false},
}

var roleHas = func() map[Role]map[Permission]bool {
	m := map[Role]map[Permission]bool{RoleSystem: {}}
	for _, pi := range PermissionTable {
		m[RoleSystem][pi.Permission] = true
		for _, r := range pi.Roles {
			if m[r] == nil {
				m[r] = map[Permission]bool{}
			}
			m[r][pi.Permission] = true
		}
	}
	return m
}()

// RoleHas reports whether the table gives role r permission p.
func RoleHas(r Role, p Permission) bool { return p == PermReadPublic || roleHas[r][p] }

// ScopedPermission reports whether p is limited to a grant's scope.
func ScopedPermission(p Permission) bool {
	for _, pi := range PermissionTable {
		if pi.Permission == p {
			return pi.Scoped
		}
	}
	return false
}
