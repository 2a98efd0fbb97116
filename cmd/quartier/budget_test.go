package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// TestBudgetCLI keeps the budget of Weimar-West for last year (the year
// is over, so every figure is final whatever day the test runs): create,
// commit, book beyond the line, status, reverse, carry over.
func TestBudgetCLI(t *testing.T) {
	c := newCLI(t)
	c.must("import", "areas", weimar+"bloecke.geojson", "--srid", "25832", "--layer", "bezirk", "--kind", "block", "--name", "Bezirke (Näherung)", "--date", "2024-01-01")
	c.must("import", "composed", "--layer", "sozialraum", "--space", "--name", "Sozialräume", "--table", weimar+"sozialraeume.csv", "--date", "2024-01-01")
	c.must("import", "setup", weimar+"setup.json")
	y := time.Now().Year() - 1
	ys := fmt.Sprint(y)

	out := c.must("budget", "create", "--space", "west", "--year", ys, "--total", "1.000.000", "--funding", "lump_sum", "--basis", "negotiated",
		"--line", "case=600.000", "--line", "fls:case=100.000@service_hours", "--line", "milieu=200.000", "--line", "structural=100.000@actual_cost",
		"--provider", "case=awo-mwt")
	if want := "Haushalt west " + ys + " angelegt: 1.000.000,00 € in 4 Zeilen.\n"; out != want {
		t.Fatalf("create: %q, want %q", out, want)
	}
	out = c.must("budget", "commit", "--space", "west", "--line", "fls", "--from", ys+"-01-01", "--to", ys+"-07-01", "--hours", "5", "--rate", "62,40",
		"--ref", "referral:17", "--why", "Hilfe nach § 31 bewilligt")
	for _, want := range []string{"Mittelbindung 8.067,43 € auf Zeile fls (west " + ys + ") eingetragen: Eintrag 5.",
		"Laufzeit 01.01." + ys + "–30.06." + ys + ", 5 Std./Woche × 62,40 €."} {
		if !strings.Contains(out, want) {
			t.Errorf("commit: %q lacks %q", out, want)
		}
	}
	// Beyond the line: booked, and the warning says that it decides nothing.
	out = c.must("budget", "book", "--space", "west", "--line", "case", "--date", ys+"-03-01", "--amount", "700.000", "--ref", "FIN-1", "--why", "Pauschale")
	for _, want := range []string{"Buchung 700.000,00 € auf Zeile case (west " + ys + ") eingetragen: Eintrag 6.",
		"Hinweis: Fallarbeit: Plan um 100.000,00 € überschritten (116 %); Deckungskreis fall-milieu zu 78 % gebunden oder gebucht, dort noch 191.932,57 € verfügbar (Hinweis ab 100 %).",
		"Die Entscheidung über die Hilfe steht für sich"} {
		if !strings.Contains(out, want) {
			t.Errorf("book: %q lacks %q", out, want)
		}
	}
	out = c.must("budget", "status", "--space", "west", "--year", ys)
	t.Logf("status:\n%s", out)
	for _, re := range []string{
		`Sozialraumbudget West \(west\) ` + ys + ` – Stand \d\d\.\d\d\.\d{4} \(Grundlage: verhandelt\)`,
		`Fallarbeit \[case\]\s+Pauschale \(awo-mwt\)\s+600\.000,00\s+0,00\s+700\.000,00\s+-100\.000,00\s+191\.932,57\s+700\.000,00`,
		`Strukturarbeit \[structural\]\s+Ist-Kosten\s+100\.000,00\s+0,00\s+0,00\s+100\.000,00\s+100\.000,00\s+0,00`,
		`Summe\s+1\.000\.000,00\s+8\.067,43\s+700\.000,00\s+291\.932,57\s+291\.932,57\s+708\.067,43`,
		`Deckungskreis fall-milieu \(gegenseitig deckungsfähig: case, fls, milieu\)`,
		`Hinweis: Fallarbeit: Plan um 100\.000,00 € überschritten`,
		`Die Entscheidung über die Hilfe steht für sich`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("status lacks %s", re)
		}
	}
	out = c.must("budget", "reverse", "6", "--why", "falsche Zeile")
	if !strings.Contains(out, "Storno von Eintrag 6 -700.000,00 € auf Zeile case") || strings.Contains(out, "Hinweis") {
		t.Errorf("reverse: %q", out)
	}
	if _, err := c.run("", "budget", "book", "--space", "west", "--line", "case", "--date", ys+"-03-01", "--amount", "12.5", "--why", "x"); exitCode(err) != 2 || !strings.Contains(quartier.ErrorMessage(err), `"12.5"`) {
		t.Errorf("German amounts only: %v", err)
	}
	if _, err := c.run("", "budget", "status", "--space", "ost", "--year", ys); exitCode(err) != 3 {
		t.Errorf("no budget: %v", err)
	}

	// Year end: half of the surplus stays for structural work.
	rules := filepath.Join(t.TempDir(), "regeln.json")
	r := quartier.DefaultBudgetRules()
	os.WriteFile(rules, fmt.Appendf(nil, `{"line_types": [{"code": "case", "label": "Fallarbeit", "cover_group": "fall-milieu"}, {"code": "milieu", "label": "Milieuarbeit", "cover_group": "fall-milieu"},
		{"code": "structural", "label": "Strukturarbeit"}], "thresholds": [%d, %d], "carry_over": {"share_percent": 50, "to_line_type": "structural"},
		"hourly_rates": [{"rate": 6240}]}`, r.Thresholds[0], r.Thresholds[1]), 0o600)
	if out := c.must("budget", "rules", "--file", rules); !strings.Contains(out, `"share_percent": 50`) {
		t.Errorf("rules: %s", out)
	}
	c.must("budget", "create", "--space", "west", "--year", fmt.Sprint(y+1), "--total", "500.000", "--funding", "lump_sum", "--line", "case=400.000", "--line", "structural=100.000")
	// Surplus 1.000.000,00 − 8.067,43 = 991.932,57 €; half is 495.966,285 → 495.966,29 €.
	out = c.must("budget", "carry", "--space", "west", "--year", ys)
	if want := fmt.Sprintf("Übertrag von west %d nach west %d, Zeile structural: 495.966,29 € (50 %% des Überschusses von 991.932,57 €)", y, y+1); !strings.Contains(out, want) {
		t.Errorf("carry: %q, want %q", out, want)
	}
	if _, err := c.run("", "budget", "carry", "--space", "west", "--year", ys); exitCode(err) != 4 {
		t.Errorf("carry twice: %v", err)
	}
	// With a service-hour rate the status compares with hourly billing
	// (no hours recorded: nothing would have been billed).
	out = c.must("budget", "status", "--space", "west", "--year", ys)
	for _, re := range []string{`Vergleich mit Stundenabrechnung`, `Fallarbeit\s+0\s+62,40\s+0,00\s+700\.000,00\s+0,00\s+0,00\n`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("status lacks %s:\n%s", re, out)
		}
	}
}
