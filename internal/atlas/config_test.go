package atlas

import (
	"context"
	"strings"
	"testing"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/textde"
)

func TestAtlasConfiguration(t *testing.T) {
	a := goldenCity(t)
	planner := roleCtx(quartier.RolePlanner)
	find := func(q string) int { return runSearch(t, a, context.Background(), SearchRequest{Text: q}).Total }
	if find("Kicken") != 1 || find("Bolzen") != 0 {
		t.Fatal("fixture changed")
	}
	// A new synonym group takes effect at once.
	if err := a.SaveSynonyms(planner, textde.DefaultSynonyms+"\nKicken, Bolzen\n"); err != nil {
		t.Fatal(err)
	}
	if find("Bolzen") != 1 {
		t.Error("new synonym not used by the search")
	}
	// A phrase is an entry; one of stop words only is refused.
	if err := a.SaveSynonyms(planner, "Kita, Krippe\nund der, Treff"); quartier.ErrorCode(err) != quartier.EINVALID || !strings.Contains(quartier.ErrorMessage(err), "Zeile 2") {
		t.Errorf("stop words in the list: %v", err)
	}
	if err := a.SaveSynonyms(roleCtx(quartier.RoleProviderStaff), "a, b"); quartier.ErrorCode(err) != quartier.EFORBIDDEN {
		t.Errorf("provider staff edits the synonyms: %v", err)
	}

	st, err := a.Settings(planner)
	if err != nil || st.Used["sport"] != 7 {
		t.Fatalf("settings: %v %v", st.Used["sport"], err)
	}
	ts := append([]quartier.Topic(nil), st.Topics...)
	// Renaming and adding work; the search sees the new label.
	for i := range ts {
		if ts[i].Code == "sport" {
			ts[i].Label = "Sport, Bewegung und Spiel"
		}
	}
	ts = append(ts, quartier.Topic{Code: "zirkus", Label: "Zirkus und Artistik", Parent: "kultur"})
	if err := a.SaveTaxonomy(planner, ts); err != nil {
		t.Fatal(err)
	}
	if find("Bewegung Spiel") == 0 {
		t.Error("renamed topic label not searched")
	}
	for _, c := range []struct {
		ts   []quartier.Topic
		want string
	}{
		{removeTopic(ts, "sport"), "sport wird noch verwendet"},
		{append(ts, quartier.Topic{Code: "zirkus", Label: "x"}), "zweimal"},
		{append(ts, quartier.Topic{Code: "akro", Label: "Akrobatik", Parent: "zirkus"}), "zwei Ebenen"},
		{append(ts, quartier.Topic{Code: "x", Label: "x", Parent: "fehlt"}), "gibt es nicht"},
		{append(ts, quartier.Topic{Code: "Groß", Label: "x"}), "ungültig"},
	} {
		if err := a.SaveTaxonomy(planner, c.ts); err == nil || !strings.Contains(quartier.ErrorMessage(err), c.want) {
			t.Errorf("want %q, got %v", c.want, err)
		}
	}
	parsed, err := ParseTaxonomy("# Kommentar\nsport; Sport\nfussball; Fußball; sport\n")
	if err != nil || len(parsed) != 2 || parsed[1].Parent != "sport" {
		t.Errorf("parse: %+v %v", parsed, err)
	}
	if _, err := ParseTaxonomy("sport\n"); err == nil || !strings.Contains(quartier.ErrorMessage(err), "Zeile 1") {
		t.Errorf("parse error: %v", err)
	}
}

func removeTopic(ts []quartier.Topic, code string) []quartier.Topic {
	var out []quartier.Topic
	for _, t := range ts {
		if t.Code != code {
			out = append(out, t)
		}
	}
	return out
}
