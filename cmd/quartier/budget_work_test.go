package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/budget"
	"github.com/quartier/quartier/internal/services"
)

// TestBudgetWorkCLI: a project with a partner and a booking for it, hours
// against the team's target, and the finance export imported twice.
func TestBudgetWorkCLI(t *testing.T) {
	c := newCLI(t)
	c.must("import", "areas", weimar+"bloecke.geojson", "--srid", "25832", "--layer", "bezirk", "--kind", "block", "--name", "Bezirke (Näherung)", "--date", "2024-01-01")
	c.must("import", "composed", "--layer", "sozialraum", "--space", "--name", "Sozialräume", "--table", weimar+"sozialraeume.csv", "--date", "2024-01-01")
	c.must("import", "setup", weimar+"setup.json")
	ys := fmt.Sprint(time.Now().Year() - 1)
	c.must("budget", "create", "--space", "west", "--year", ys, "--total", "300.000", "--funding", "lump_sum",
		"--line", "case=200.000", "--line", "milieu=50.000", "--line", "structural=50.000@actual_cost")

	out := c.must("budget", "project", "--code", "basketball", "--name", "Offenes Basketballtraining", "--space", "west", "--kind", "structural",
		"--from", ys+"-01-01", "--partner", "provider:awo-mwt=Jugendclub", "--goals", "Jugendliche früh erreichen")
	if want := "Projekt basketball (west, Strukturarbeit) gespeichert, 1 Partner.\n"; out != want {
		t.Errorf("project: %q, want %q", out, want)
	}
	if _, err := c.run("", "budget", "project", "--code", "x", "--name", "X", "--space", "west", "--kind", "structural", "--from", ys+"-01-01",
		"--partner", "offer:gibt-es-nicht"); err == nil || !strings.Contains(err.Error(), `Angebot "gibt-es-nicht" gibt es im Atlas nicht`) {
		t.Errorf("unknown partner: %v", err)
	}
	c.must("budget", "book", "--space", "west", "--line", "structural", "--date", ys+"-03-01", "--amount", "1.200", "--project", "basketball", "--why", "Hallenmiete")
	c.must("budget", "count", "--project", "basketball", "--from", ys+"-01-01", "--to", ys+"-04-01", "--participants", "23", "--meetings", "12")
	out = c.must("budget", "projects", "--space", "west")
	if !strings.Contains(out, "Offenes Basketballtraining [basketball]  Strukturarbeit  ab 01.01."+ys) || !strings.Contains(out, "1.200,00") || !strings.Contains(out, "23") {
		t.Errorf("projects:\n%s", out)
	}

	for _, u := range []string{"anna", "ben", "cem"} {
		c.must("user", "create", "--login", u, "--name", u, "--role", "asd", "--team", "asd-west", "--initial")
	}
	// Each kind of work by three people: a kind one person did alone
	// would be shown as her hours, and the team is withheld then.
	// Last June's hours, recorded while June was open: through the use
	// case on a day of last June (the command line has no clock to set).
	june := time.Date(time.Now().Year()-1, 6, 20, 9, 0, 0, 0, time.UTC)
	st, err := openStore(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	then, err := services.Open(context.Background(), st, services.Options{TOTPRoles: []quartier.Role{}, Now: func() time.Time { return june }})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range [][]string{{"anna", "case", "30"}, {"anna", "structural", "10"}, {"ben", "case", "38,5"}, {"cem", "milieu", "20"},
		{"cem", "case", "10"}, {"anna", "milieu", "3"}, {"ben", "milieu", "2"}, {"ben", "structural", "5"}, {"cem", "structural", "5"}} {
		hours, err := quartier.ParseHundredths(h[2])
		if err != nil {
			t.Fatal(err)
		}
		if err := then.Budget.RecordHours(quartier.WithActor(context.Background(), quartier.Operator()),
			budget.HoursRequest{Login: h[0], Team: "asd-west", Week: june.AddDate(0, 0, -16), Kind: h[1], Hours: hours}); err != nil {
			t.Fatal(err)
		}
	}
	then.Close()
	st.Close()
	// Today the command line records this week; last June is closed.
	c.must("budget", "hours", "--login", "anna", "--team", "asd-west", "--week", time.Now().Format("2006-01-02"), "--kind", "case", "--hours", "8")
	if _, err := c.run("", "budget", "hours", "--login", "anna", "--team", "asd-west", "--week", ys+"-06-04", "--kind", "case", "--hours", "1"); err == nil ||
		!strings.Contains(err.Error(), "abgeschlossen") {
		t.Errorf("an entry in a closed month: %v", err)
	}
	c.must("budget", "target", "--team", "asd-west", "--percent", "30", "--basis", "Stellenbeschreibungen")
	out = c.must("budget", "time", "--space", "west", "--from", ys+"-06-01", "--to", ys+"-07-01")
	t.Logf("time:\n%s", out)
	// case 78,5, milieu 25, structural 20: 45 of 123,5 hours are milieu or
	// structural work: 36,4 %.
	if !strings.Contains(out, "asd-west  west") || !strings.Contains(out, "78,5") || !strings.Contains(out, "36,4 %") || !strings.Contains(out, "30 %") {
		t.Errorf("time:\n%s", out)
	}
	// Last year's hours are within the retention; with none they go.
	if out := c.must("budget", "purge-hours"); !strings.HasPrefix(out, "0 Zeilen") {
		t.Errorf("purge-hours: %s", out)
	}
	if _, err := c.run("", "budget", "purge-hours", "--keep-years", "0"); err == nil || !strings.Contains(err.Error(), "mindestens ein Jahr") {
		t.Errorf("purge-hours --keep-years 0: %v", err)
	}

	c.must("budget", "map", "--cost-centre", "4711", "--cost-unit", "36310", "--space", "west", "--line", "case")
	if out := c.must("budget", "map"); !strings.Contains(out, "4711          36310         west") {
		t.Errorf("map list:\n%s", out)
	}
	file := filepath.Join(t.TempDir(), "fibu.csv")
	export := "Buchungs-ID;Buchungsdatum;Betrag;Kostenstelle;Kostenträger;Buchungstext\n" +
		"B-1;03.02." + ys + ";50.000,00;4711;36310;Pauschale Februar\nB-2;04.02." + ys + ";-1.000,00;4711;36310;Rückzahlung\n"
	if err := os.WriteFile(file, []byte(export), 0o600); err != nil {
		t.Fatal(err)
	}
	out = c.must("budget", "import", file, "--year", ys)
	if want := "2 Zeilen eingespielt: 2 neu (49.000,00 €, davon 1 Erstattungen/Stornos), 0 schon eingespielt."; !strings.Contains(out, want) {
		t.Errorf("import: %q lacks %q", out, want)
	}
	if out = c.must("budget", "import", file); !strings.Contains(out, "2 Zeilen eingespielt: 0 neu (0,00 €, davon 0 Erstattungen/Stornos), 2 schon eingespielt.") {
		t.Errorf("re-import: %q", out)
	}
	if err := os.WriteFile(file, []byte(export+"B-3;05.02."+ys+";12.5;4711;36310;x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = c.run("", "budget", "import", file)
	if err == nil || !strings.Contains(err.Error(), `Zeile 4, Spalte Betrag: "12.5" ist kein Betrag in deutscher Schreibweise`) {
		t.Errorf("bad import: %v %v", err, quartier.ErrorProblems(err))
	}
}
