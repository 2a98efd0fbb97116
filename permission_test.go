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
