package storetest

import (
	"database/sql"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/quartier/quartier"
)

func testSuggestions(t *testing.T, s quartier.Store) {
	newOffer := quartier.Suggestion{Kind: quartier.SuggestNew, Status: quartier.SuggestionOpen, Space: "west",
		Proposed: quartier.ProposedOffer{Name: "Elterncafé „Kinderwagen“", Description: "Jeden <b>Freitag</b>", Organisation: "Nachbarschaftsverein", Hours: "Fr 10–12"},
		Street:   "Müllerstraße", HouseNumber: "12a", Postcode: "13353", City: "Berlin", X: 389512.25, Y: 5821344.5,
		Message: "Gibt es seit März", SubmitterName: "Frau Ö.", SubmitterEmail: "oe@example.org"}
	problem := quartier.Suggestion{Kind: quartier.SuggestProblem, Status: quartier.SuggestionOpen, EntityKind: quartier.EntityOffer, EntityKey: "treff", Message: "Telefon falsch"}
	correction := quartier.Suggestion{Kind: quartier.SuggestCorrection, Status: quartier.SuggestionOpen, EntityKind: quartier.EntityPlace, EntityKey: "club", Message: "Neue Hausnummer 5", Space: "ost"}
	update(t, s, func(tx quartier.Tx) error {
		for _, x := range []*quartier.Suggestion{&newOffer, &problem, &correction} {
			if err := tx.CreateSuggestion(ctx, x); err != nil {
				return err
			}
			if x.ID == 0 || x.CreatedAt.IsZero() {
				t.Errorf("created suggestion without id or time: %+v", x)
			}
		}
		return nil
	})
	// A new offer naming an entry, or a correction naming none, is refused
	// by the schema too.
	for _, bad := range []quartier.Suggestion{
		{Kind: quartier.SuggestNew, EntityKind: quartier.EntityOffer, EntityKey: "x", Status: quartier.SuggestionOpen},
		{Kind: quartier.SuggestCorrection, Status: quartier.SuggestionOpen},
	} {
		if err := s.Update(ctx, func(tx quartier.Tx) error { return tx.CreateSuggestion(ctx, &bad) }); err == nil {
			t.Errorf("schema accepted %+v", bad)
		}
	}
	decidedAt := time.Date(2025, 3, 4, 5, 6, 7, 891000, time.UTC)
	update(t, s, func(tx quartier.Tx) error {
		return tx.DecideSuggestion(ctx, problem.ID, quartier.SuggestionRejected, "anna", decidedAt, "Nummer stimmt")
	})
	// Deciding twice is a conflict; an unknown id is not found.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		return tx.DecideSuggestion(ctx, problem.ID, quartier.SuggestionAccepted, "ben", decidedAt, "")
	}), quartier.ECONFLICT)
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		return tx.DecideSuggestion(ctx, 999999, quartier.SuggestionAccepted, "ben", decidedAt, "")
	}), quartier.ENOTFOUND)
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Suggestion(ctx, newOffer.ID)
		if err != nil {
			return err
		}
		want := newOffer
		if !got.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("created at %v, want %v", got.CreatedAt, want.CreatedAt)
		}
		got.CreatedAt, want.CreatedAt = time.Time{}, time.Time{}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("suggestion round trip:\n got %+v\nwant %+v", *got, want)
		}
		p, err := tx.Suggestion(ctx, problem.ID)
		if err != nil {
			return err
		}
		if p.Status != quartier.SuggestionRejected || p.DecidedBy != "anna" || !p.DecidedAt.Equal(decidedAt) || p.Reason != "Nummer stimmt" {
			t.Errorf("decided suggestion: %+v", p)
		}
		if _, err := tx.Suggestion(ctx, 999999); quartier.ErrorCode(err) != quartier.ENOTFOUND {
			t.Errorf("unknown suggestion: %v", err)
		}
		for _, c := range []struct {
			f    quartier.SuggestionFilter
			want []int64
		}{
			{quartier.SuggestionFilter{}, []int64{newOffer.ID, problem.ID, correction.ID}},
			{quartier.SuggestionFilter{Status: quartier.SuggestionOpen}, []int64{newOffer.ID, correction.ID}},
			{quartier.SuggestionFilter{Status: quartier.SuggestionRejected}, []int64{problem.ID}},
			{quartier.SuggestionFilter{EntityKind: quartier.EntityPlace, EntityKey: "club"}, []int64{correction.ID}},
			{quartier.SuggestionFilter{EntityKind: quartier.EntityOffer, EntityKey: "club"}, nil},
		} {
			got, err := tx.Suggestions(ctx, c.f)
			if err != nil {
				return err
			}
			var ids []int64
			for _, x := range got {
				ids = append(ids, x.ID)
			}
			if !reflect.DeepEqual(ids, c.want) {
				t.Errorf("filter %+v: %v, want %v", c.f, ids, c.want)
			}
		}
		return nil
	})
	// Erasing submitters touches decided suggestions older than the cut
	// only, and keeps their message.
	erase := func(before time.Time) int64 {
		t.Helper()
		var n int64
		update(t, s, func(tx quartier.Tx) error {
			var err error
			n, err = tx.EraseSubmitters(ctx, before)
			return err
		})
		return n
	}
	if n := erase(decidedAt.AddDate(1, 0, 0)); n != 0 {
		t.Errorf("erased %d; the only suggestion with a submitter is open", n)
	}
	update(t, s, func(tx quartier.Tx) error {
		return tx.DecideSuggestion(ctx, newOffer.ID, quartier.SuggestionAccepted, "anna", decidedAt.Add(48*time.Hour), "")
	})
	if n := erase(decidedAt.Add(24 * time.Hour)); n != 0 {
		t.Errorf("erased %d decided after the cut", n)
	}
	if n := erase(decidedAt.Add(72 * time.Hour)); n != 1 {
		t.Errorf("erased %d, want 1", n)
	}
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Suggestion(ctx, newOffer.ID)
		if err == nil && (got.SubmitterName != "" || got.SubmitterEmail != "" || got.Message != newOffer.Message) {
			t.Errorf("after erasing: %+v", got)
		}
		return err
	})
}

func testHistory(t *testing.T, s quartier.Store) {
	at := time.Date(2025, 5, 6, 7, 8, 9, 123456000, time.UTC)
	var sug quartier.Suggestion
	created := quartier.Change{Kind: quartier.EntityOffer, Key: "treff", After: json.RawMessage(`{"name":"Treff","places":[1]}`),
		UserID: 7, Login: "anna", At: at, Why: quartier.WhyImport("Test")}
	edited := quartier.Change{Kind: quartier.EntityOffer, Key: "treff", Before: created.After, After: json.RawMessage(`{"name":"Offener Treff","places":[1]}`),
		Login: "anonym", At: at.Add(time.Hour), Why: "Vorschlag #1 angenommen"}
	other := quartier.Change{Kind: quartier.EntityPlace, Key: "treff", After: json.RawMessage(`{"name":"Ort"}`), Login: "cli", At: at, Why: quartier.WhyVerified}
	update(t, s, func(tx quartier.Tx) error {
		sug = quartier.Suggestion{Kind: quartier.SuggestProblem, EntityKind: quartier.EntityOffer, EntityKey: "treff", Message: "x", Status: quartier.SuggestionOpen}
		if err := tx.CreateSuggestion(ctx, &sug); err != nil {
			return err
		}
		edited.Suggestion = sug.ID
		for _, c := range []*quartier.Change{&created, &edited, &other} {
			if err := tx.AppendChange(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if created.ID == 0 || edited.ID <= created.ID {
		t.Fatalf("ids %d, %d", created.ID, edited.ID)
	}
	// A change cannot point at a suggestion that does not exist.
	wantCode(t, s.Update(ctx, func(tx quartier.Tx) error {
		c := other
		c.Suggestion = 999999
		return tx.AppendChange(ctx, &c)
	}), quartier.ECONFLICT)
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Changes(ctx, quartier.EntityOffer, "treff")
		if err != nil {
			return err
		}
		if len(got) != 2 {
			t.Fatalf("%d changes of the offer", len(got))
		}
		for i, want := range []quartier.Change{created, edited} {
			g := got[i]
			if !g.At.Equal(want.At) {
				t.Errorf("change %d at %v, want %v", i, g.At, want.At)
			}
			g.At, want.At = time.Time{}, time.Time{}
			if !reflect.DeepEqual(g, want) {
				t.Errorf("change %d round trip:\n got %+v\nwant %+v", i, g, want)
			}
		}
		if got[0].Before != nil {
			t.Error("a created entry has no state before")
		}
		none, err := tx.Changes(ctx, quartier.EntityOffer, "nirgends")
		if err != nil || len(none) != 0 {
			t.Errorf("unknown entry: %v %v", none, err)
		}
		return nil
	})
	// Append-only even for the store's own connection.
	raw, ok := s.(interface{ SQL() *sql.DB })
	if !ok {
		t.Fatal("store does not expose its database for the append-only check")
	}
	for _, stmt := range []string{"UPDATE changes SET why = 'harmlos'", "DELETE FROM changes"} {
		if _, err := raw.SQL().ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s went through", stmt)
		}
	}
	view(t, s, func(tx quartier.Tx) error {
		got, err := tx.Changes(ctx, quartier.EntityOffer, "treff")
		if err != nil || len(got) != 2 || got[0].Why != created.Why {
			t.Errorf("history altered: %+v %v", got, err)
		}
		return nil
	})
}
