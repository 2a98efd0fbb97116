package http

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

// Staff record their weekly hours in the browser and see their own rows;
// the controller reads the report (a team of one person withheld) and
// sets a team's target; nobody else gets either page.
func TestHoursPages(t *testing.T) {
	ts, _ := serveSet(t, weimarAccountsApp(t), Options{})
	asd := signedInClient(t, ts, "u-asd")
	status, body := fetch(t, asd, ts.URL+"/stunden")
	if status != 200 || !strings.Contains(body, `value="asd-west"`) || !strings.Contains(body, "Keine Stunden in diesen Wochen") {
		t.Fatalf("form: %d", status)
	}
	if strings.Contains(body, `value="srt-west"`) {
		t.Error("an office account offered a provider's team")
	}
	week := quartier.WeekOf(time.Now()).Format(quartier.DateLayout)
	form := url.Values{"h-team": {"asd-west"}, "h-week": {week}, "h-kind": {"milieu"}, "h-hours": {"7,5"}}
	if status, loc, _ := post(t, asd, ts, "/stunden", form); status != http.StatusSeeOther || loc != "/stunden?gespeichert=1&team=asd-west" {
		t.Fatalf("record: %d %s", status, loc)
	}
	if _, body := fetch(t, asd, ts.URL+"/stunden?gespeichert=1"); !strings.Contains(body, "Gespeichert") || !strings.Contains(body, "7,5") || !strings.Contains(body, "Milieuarbeit") {
		t.Error("the recorded row is not listed")
	}
	for _, c := range []struct {
		name string
		set  url.Values
		want string
	}{
		{"hours not a number", url.Values{"h-hours": {"viel"}}, "Stunden: bitte eine Zahl"},
		{"a week of 170 hours", url.Values{"h-hours": {"170"}}, "168"},
		{"someone else's hours", url.Values{"h-login": {"u-planner"}}, "nur die Leitung"},
		{"a team not one's own", url.Values{"h-team": {"srt-west"}}, "nicht gefunden"},
		{"no date", url.Values{"h-week": {"bald"}}, "Woche: bitte"},
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		for k, v := range c.set {
			f[k] = v
		}
		status, _, body := post(t, asd, ts, "/stunden", f)
		if status < 400 || !strings.Contains(body, c.want) || !strings.Contains(body, `name="h-team"`) {
			t.Errorf("%s: %d, want the form again with %q", c.name, status, c.want)
		}
	}

	ctl := signedInClient(t, ts, "u-controller")
	status, body = fetch(t, ctl, ts.URL+"/haushalt/stunden?raum=west")
	if status != 200 || !strings.Contains(body, "asd-west") || !strings.Contains(body, "gesperrt") || strings.Contains(body, "7,5") {
		t.Fatalf("report: %d (one person's hours must be withheld)", status)
	}
	status, loc, _ := post(t, ctl, ts, "/haushalt/stunden/soll", url.Values{"team": {"asd-west"}, "percent": {"30"}, "basis": {"Stellenbeschreibungen"}, "raum": {"west"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/haushalt/stunden?") {
		t.Fatalf("target: %d %s", status, loc)
	}
	if _, body := fetch(t, ctl, ts.URL+loc); !strings.Contains(body, "30 %") || !strings.Contains(body, "Sollanteil gespeichert") {
		t.Error("the target is not shown")
	}
	if status, _ := fetch(t, ctl, ts.URL+"/haushalt/stunden?von=2025-13"); status != 400 {
		t.Errorf("a month 13: %d", status)
	}
	for _, c := range []struct{ user, path string }{{"u-planner", "/stunden"}, {"u-asd", "/haushalt/stunden"}, {"u-committee", "/haushalt/stunden"}} {
		if status, _ := fetch(t, signedInClient(t, ts, c.user), ts.URL+c.path); status != 403 {
			t.Errorf("%s %s: %d, want 403", c.user, c.path, status)
		}
	}
	if status, _, _ := post(t, signedInClient(t, ts, "u-planner"), ts, "/haushalt/stunden/soll", url.Values{"team": {"asd-west"}, "percent": {"10"}}); status != 403 {
		t.Errorf("planner set a target: %d", status)
	}
}
