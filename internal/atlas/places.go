package atlas

import (
	"context"
	"errors"
	"strings"

	"github.com/quartier/quartier"
)

// ManyPlaces is the number of places from which the offer form asks for
// further places by typing: Berlin's atlas has 3,466, and a list of all of
// them went into every offer form.
const ManyPlaces = 50

var placeChoice = typedChoice[quartier.Place]{
	code: func(p quartier.Place) string { return p.Key },
	name: func(p quartier.Place) string { return p.Name },
	more: func(p quartier.Place) string { return p.Address() },
}

// PlaceMatches are the places the actor may put offers at whose key, name
// or address contains text, exact key or name first, then by name; at
// most limit.
func (a *Service) PlaceMatches(ctx context.Context, text string, limit int) ([]quartier.Place, error) {
	c, err := a.editChoices(ctx)
	if err != nil {
		return nil, err
	}
	ps := placeChoice.match(c.Places, text, limit)
	// Only the matches are shown (with their address): they are the read.
	if err := a.auditReveal(ctx, "Bearbeitung (Ortsauswahl)", revealedKeys(quartier.ActorFrom(ctx), ps)); err != nil {
		return nil, err
	}
	return ps, nil
}

// PlaceOption is how a place is offered and read back in the typed field.
func PlaceOption(p quartier.Place) string { return placeChoice.label(p) }

// ResolvePlace turns what was typed into a place field (named field in
// errors) — a key, a name, or "Name (key)" — into the key. An unknown or
// ambiguous text is an error at the field naming candidates.
func (a *Service) ResolvePlace(ctx context.Context, field, text string) (string, error) {
	text = strings.TrimSpace(text)
	// A key is all it returns (candidates by name and key): no address.
	c, err := a.editChoices(ctx)
	if err != nil {
		return "", err
	}
	p, candidates, ok := placeChoice.resolve(c.Places, text)
	switch {
	case ok:
		return p.Key, nil
	case len(candidates) == 0:
		return "", quartier.NewFieldError(field, "Ort „%s“: keinen Ort gefunden, an dem Sie Angebote eintragen dürfen.", text)
	}
	return "", errors.Join(ErrAmbiguousPlace, quartier.NewFieldError(field, "Ort „%s“ ist nicht eindeutig, z. B. %s. Bitte genauer angeben.",
		text, labels(placeChoice, candidates)))
}

// ErrAmbiguousPlace marks a place text that matches several.
var ErrAmbiguousPlace = errors.New("ambiguous place")
