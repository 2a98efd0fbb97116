package quartier

import "strings"

// PermissionMarkdown renders PermissionTable as the Markdown table in the
// README; a test keeps the two identical.
func PermissionMarkdown() string {
	var b strings.Builder
	b.WriteString("| Recht |")
	for _, r := range Roles {
		b.WriteString(" " + RoleLabels[r] + " |")
	}
	b.WriteString("\n|---|")
	for range Roles {
		b.WriteString(":-:|")
	}
	b.WriteString("\n")
	for _, p := range PermissionTable {
		label := p.Label
		if p.Scoped {
			label += " (im Geltungsbereich)"
		}
		b.WriteString("| " + label + " |")
		for _, r := range Roles {
			if RoleHas(r, p.Permission) {
				b.WriteString(" ✓ |")
			} else {
				b.WriteString(" – |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
