package quartier

import "slices"

// Permission names one thing an actor may do. All permissions are declared
// here, and PermissionTable below is the only place that says which role
// has which: checks (Actor.Can and friends), the README table and the page
// /berechtigungen all read it, so no decision about access is made elsewhere.
type Permission string

const (
	PermReadPublic   Permission = "public.read"   // layers, spaces, providers, teams, rooms
	PermImportAreas  Permission = "areas.import"  // import layers and street directories
	PermManageSpaces Permission = "spaces.manage" // providers, alliances, assignments, teams, duo
	PermExport       Permission = "export"        // bulk exports
	PermManageUsers  Permission = "users.manage"  // accounts and grants
	PermReadAudit    Permission = "audit.read"    // the audit log
	PermExportAudit  Permission = "audit.export"  // CSV export of the audit log
	// PermEditAtlas: places and offers; scoped to the spaces the places lie in.
	PermEditAtlas Permission = "atlas.edit"
	// PermConfigureAtlas: the topic taxonomy and the synonym list, which
	// shape every search of the installation.
	PermConfigureAtlas Permission = "atlas.configure"
	// PermReadConfidential: address and point of confidential places
	// (shelters, emergency placements), for those who place people there.
	PermReadConfidential Permission = "places.confidential"
	// PermReadProfessionalContacts: the contacts of offers meant for
	// professionals (Contact.Visibility VisibleProfessionals), for those
	// who refer families to offers.
	PermReadProfessionalContacts Permission = "contacts.professional"
	// PermManageIndicators: indicator definitions, imports of their values
	// and index definitions (social monitoring).
	PermManageIndicators Permission = "indicators.manage"
	// PermReadIndicators: the internal values of the social monitoring
	// (indicator values, index results with every intermediate value),
	// scoped to the spaces the areas lie in.
	PermReadIndicators Permission = "indicators.read"
	// PermPublishIndicators: releasing monitoring results to the committee
	// and the public as a snapshot with small numbers suppressed
	// (monitoring.Service.Publish); reading publications is public.
	PermPublishIndicators Permission = "indicators.publish"
	// PermManageBudgets: space budgets, their lines and the ledger (plan,
	// commit, book, reverse, carry over), scoped to the budgets' spaces;
	// the office-wide budget rules need a grant for all spaces.
	PermManageBudgets Permission = "budgets.manage"
	// PermReadBudgets: the figures of space budgets (plan, commitments,
	// bookings, availability, forecast, warnings), scoped to the spaces.
	PermReadBudgets Permission = "budgets.read"
	// PermPublishBudgetReport: releasing a year report to the committee,
	// which sees published reports only.
	PermPublishBudgetReport Permission = "budgets.publish"
	// PermRecordHours: recording one's own working hours per week by kind
	// of work (case, milieu, structural), in the teams of one's grants; a
	// team lead records and reads those of the team's staff.
	PermRecordHours Permission = "hours.record"
	// PermReadBudgetReports: the year reports of the space budgets as
	// published, frozen at publication (the committee's only view).
	PermReadBudgetReports Permission = "budgets.reports"
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
	// PermExport: what goes beyond open data in bulk (atlas.Service.PublishedExport,
	// spatial.Service.BulkLookup).
	{PermExport, "Massenexporte (Sammelzuordnung über 10.000 Zeilen; Atlas als HSDS mit den Kontakten für Fachkräfte, wer diese sehen darf)", []Role{RoleAdmin, RolePlanner, RoleController}, false},
	{PermEditAtlas, "Orte und Angebote im Atlas pflegen", []Role{RoleAdmin, RolePlanner, RoleOffice, RoleProviderStaff, RoleProviderLead}, true},
	{PermConfigureAtlas, "Themen und Synonyme des Atlas pflegen", []Role{RoleAdmin, RolePlanner}, false},
	{PermReadConfidential, "Adressen vertraulicher Orte sehen (Schutzeinrichtungen)", []Role{RoleASD, RoleASDLead}, true},
	// Professional contacts are personal data of the providers' staff, given
	// for referrals: those who refer families or keep the offers have them,
	// office-wide because a family is referred to offers anywhere in town.
	// Administration keeps the atlas of every space and sees the contacts in
	// the edit form anyway. Not the data protection officer: she checks the
	// processing through the audit log and refers nobody (data minimisation,
	// Art. 5 (1) c GDPR); nor controlling (no personal data) or the committee
	// (published reports only), although both hold grants.
	{PermReadProfessionalContacts, "Kontakte für Fachkräfte sehen", []Role{RoleAdmin, RoleOffice, RoleASD, RoleASDLead, RolePlanner, RoleProviderStaff, RoleProviderLead}, false},
	{PermManageIndicators, "Indikatoren, Indizes und Verteilungsvorschläge des Sozialmonitorings pflegen, Werte einspielen", []Role{RoleAdmin, RolePlanner}, false},
	// Internal values are unsuppressed: small counts of a block can point
	// at families. Those who plan or steer a space see its areas; the
	// committee and the public get published, suppressed results only.
	{PermReadIndicators, "Interne Werte des Sozialmonitorings sehen (ungesperrt, mit allen Zwischenwerten)", []Role{RolePlanner, RoleController, RoleASDLead, RoleProviderLead}, true},
	{PermPublishIndicators, "Ergebnisse des Sozialmonitorings veröffentlichen", []Role{RolePlanner}, false},
	// Budgets carry no personal data, yet they are steering figures: the
	// controller and the office keep them; those who steer a space read
	// its figures (planning, the ASD team lead and the provider's lead or
	// coordinator, i.e. the leadership duo, for the spaces of their grants:
	// a provider's grant reaches the spaces its provider or alliance is
	// assigned to). The committee sees published reports only.
	{PermManageBudgets, "Sozialraumbudgets pflegen und buchen", []Role{RoleController, RoleOffice}, true},
	{PermReadBudgets, "Zahlen der Sozialraumbudgets sehen", []Role{RoleController, RolePlanner, RoleASDLead, RoleProviderLead}, true},
	{PermPublishBudgetReport, "Jahresbericht der Sozialraumbudgets veröffentlichen", []Role{RoleController}, false},
	// Hours per person are personal data of the staff: each records their
	// own, the team lead (ASD team lead, provider lead) those of the team;
	// everyone else sees sums per team and space (budgets.read).
	{PermRecordHours, "Eigene Arbeitszeit nach Arbeitsart erfassen (Teamleitung: die des Teams)", []Role{RoleASD, RoleASDLead, RoleProviderStaff, RoleProviderLead}, true},
	// A published report is a paper for the committee, which meets in
	// public: office-wide, for the committee and everyone who works with
	// the budgets.
	{PermReadBudgetReports, "Veröffentlichte Jahresberichte der Sozialraumbudgets lesen", []Role{RoleOffice, RoleASDLead, RolePlanner, RoleController, RoleProviderLead, RoleCommittee}, false},
	{PermManageUsers, "Konten und Berechtigungen verwalten", []Role{RoleAdmin}, false},
	{PermReadAudit, "Protokoll einsehen", []Role{RoleDPO, RoleAdmin}, false},
	{PermExportAudit, "Protokoll als CSV exportieren", []Role{RoleDPO}, false},
}

// RoleHas reports whether the table gives role r permission p. The system
// role (command line, jobs) has every permission in the table; anyone has
// PermReadPublic. It reads the table itself rather than a map built from it
// at start: nothing can lag behind the table, and scanning a dozen rows
// costs less than the two map lookups it replaces (13 ns against 16 ns).
func RoleHas(r Role, p Permission) bool {
	if p == PermReadPublic {
		return true
	}
	for i := range PermissionTable {
		if pi := &PermissionTable[i]; pi.Permission == p {
			return r == RoleSystem || slices.Contains(pi.Roles, r)
		}
	}
	return false
}

// ScopedPermission reports whether p is limited to a grant's scope.
func ScopedPermission(p Permission) bool {
	for _, pi := range PermissionTable {
		if pi.Permission == p {
			return pi.Scoped
		}
	}
	return false
}

// PermissionLabel is the German description of p in the permission table.
func PermissionLabel(p Permission) (string, bool) {
	for _, i := range PermissionTable {
		if i.Permission == p {
			return i.Label, true
		}
	}
	return "", false
}
