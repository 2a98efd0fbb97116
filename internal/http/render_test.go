package http

import (
	"html/template"
	"strings"
	"testing"
	"time"
)

// Every page parses with the shared files it uses, and a call of a
// template that none of them defines fails at start, not when the page
// is first shown.
func TestPagesParseWithWhatTheyUse(t *testing.T) {
	ps, err := newPageSet(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.pages) < 50 {
		t.Fatalf("%d pages", len(ps.pages))
	}
	for name := range ps.pages {
		p, err := ps.get(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := allDefined(p); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	broken := template.Must(template.New("a").Parse(`{{define "a"}}x{{if .}}{{template "fehlt" .}}{{end}}{{end}}`))
	if err := allDefined(broken); err == nil || !strings.Contains(err.Error(), `"fehlt"`) {
		t.Errorf("a call of an undefined template: %v", err)
	}
}

// The page set parses every page at start (to fail there) but keeps a
// page's trees only from its first use.
func TestPagesParsedOnFirstUse(t *testing.T) {
	ps, err := newPageSet(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range ps.pages {
		if p.t != nil {
			t.Fatalf("%s kept before its first use", name)
		}
	}
	a, err := ps.get("atlas")
	if err != nil || a == nil || ps.pages["atlas"].t != a {
		t.Fatalf("atlas: %v", err)
	}
	if again, _ := ps.get("atlas"); again != a {
		t.Error("parsed twice")
	}
	if _, err := ps.get("gibt-es-nicht"); err == nil {
		t.Error("an unknown page")
	}
}
