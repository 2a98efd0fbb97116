package quartier

import (
	"slices"
	"testing"
)

// RoleHas answers from PermissionTable for every role and permission, and
// from nothing else: a row changed is a check changed (no copy of the table
// built at start that could lag behind it).
func TestRoleHasFollowsTable(t *testing.T) {
	check := func() {
		t.Helper()
		for _, pi := range PermissionTable {
			for _, r := range append(slices.Clone(Roles), RoleSystem) {
				want := pi.Permission == PermReadPublic || r == RoleSystem || slices.Contains(pi.Roles, r)
				if RoleHas(r, pi.Permission) != want {
					t.Errorf("RoleHas(%s, %s) = %v, the table says %v", r, pi.Permission, !want, want)
				}
			}
		}
		if RoleHas(RoleSystem, "no.such.permission") {
			t.Error("a permission missing from the table is granted")
		}
	}
	check()
	saved := PermissionTable
	t.Cleanup(func() { PermissionTable = saved })
	PermissionTable = slices.Clone(saved)
	for i := range PermissionTable {
		if PermissionTable[i].Permission == PermExportAudit {
			PermissionTable[i].Roles = []Role{RoleCommittee}
		}
	}
	check()
	if RoleHas(RoleDPO, PermExportAudit) || !RoleHas(RoleCommittee, PermExportAudit) {
		t.Error("RoleHas does not follow a changed table")
	}
}

// Contacts meant for professionals are for those who refer families to
// offers, not for everyone with a grant: committee members, controllers and
// the data protection officer hold grants but do no such work.
func TestProfessionalContacts(t *testing.T) {
	sees := []Role{RoleAdmin, RoleOffice, RoleASD, RoleASDLead, RolePlanner, RoleProviderStaff, RoleProviderLead}
	for _, r := range Roles {
		a := &Actor{Login: "x", Grants: []Grant{{Role: r, Scope: Scope{Kind: ScopeSpaces, Spaces: []SpaceCode{"west"}}, Spaces: []SpaceCode{"west"}}}}
		if got, want := a.SeesProfessionalContacts(), slices.Contains(sees, r); got != want {
			t.Errorf("%s: sees professional contacts %v, want %v", r, got, want)
		}
		// Whoever edits offers sees their contacts in the form anyway.
		if RoleHas(r, PermEditAtlas) && !RoleHas(r, PermReadProfessionalContacts) {
			t.Errorf("%s edits the atlas but may not read the contacts it edits", r)
		}
	}
	for name, a := range map[string]*Actor{
		"anonymous":            nil,
		"signed in, no grant":  {Login: "x"},
		"second factor to set": {Login: "x", EnrollTOTP: true},
	} {
		if a.SeesProfessionalContacts() {
			t.Errorf("%s sees professional contacts", name)
		}
	}
	if !Operator().SeesProfessionalContacts() {
		t.Error("the command line (internal export) does not see professional contacts")
	}
}
