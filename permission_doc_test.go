package quartier

import (
	"os"
	"strings"
	"testing"
)

func TestREADMEPermissionTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), PermissionMarkdown()) {
		t.Fatalf("README.md does not contain the current permission table; paste:\n%s", PermissionMarkdown())
	}
}
