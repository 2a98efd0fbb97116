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
	pages, err := parsePages(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 50 {
		t.Fatalf("%d pages", len(pages))
	}
	for name, p := range pages {
		if err := allDefined(p); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	broken := template.Must(template.New("a").Parse(`{{define "a"}}x{{if .}}{{template "fehlt" .}}{{end}}{{end}}`))
	if err := allDefined(broken); err == nil || !strings.Contains(err.Error(), `"fehlt"`) {
		t.Errorf("a call of an undefined template: %v", err)
	}
}
