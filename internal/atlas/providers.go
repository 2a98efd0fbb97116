package atlas

import (
	"context"
	"errors"
	"strings"

	"github.com/quartier/quartier"
)

// ManyProviders is the length from which a form asks for a provider by
// typing instead of listing every one: Berlin's atlas has 1,426, and a
// select of all of them made each offer form 480 KB.
const ManyProviders = 50

var providerChoice = typedChoice[quartier.Provider]{
	code: func(p quartier.Provider) string { return p.Code },
	name: func(p quartier.Provider) string { return p.Name },
}

// ProviderMatches are the providers the actor may create entries for whose
// code or name contains text (case, umlauts and ß folded), exact code
// first, then by name; at most limit.
func (a *Service) ProviderMatches(ctx context.Context, text string, limit int) ([]quartier.Provider, error) {
	c, err := a.editChoices(ctx) // providers only: nothing of a place is shown
	if err != nil {
		return nil, err
	}
	return providerChoice.match(c.Providers, text, limit), nil
}

// ResolveProvider turns what a person typed into the provider field — a
// code, a name, or "Name (code)" as the suggestions show it — into the
// code; "" stays "" (no provider, where the actor may choose none). An
// unknown or ambiguous text is an error at the field naming candidates.
func (a *Service) ResolveProvider(ctx context.Context, text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", nil
	}
	c, err := a.editChoices(ctx) // providers only: nothing of a place is shown
	if err != nil {
		return "", err
	}
	p, candidates, ok := providerChoice.resolve(c.Providers, text)
	switch {
	case ok:
		return p.Code, nil
	case len(candidates) == 0:
		return "", quartier.NewFieldError("provider", "Träger „%s“: keinen Träger gefunden, für den Sie Einträge anlegen dürfen.", text)
	}
	return "", errors.Join(ErrAmbiguousProvider, quartier.NewFieldError("provider", "Träger „%s“ ist nicht eindeutig, z. B. %s. Bitte genauer angeben.",
		text, labels(providerChoice, candidates)))
}

func labels[T any](c typedChoice[T], xs []T) string {
	var out []string
	for _, x := range xs {
		out = append(out, c.label(x))
	}
	return strings.Join(out, "; ")
}

// ErrAmbiguousProvider marks a provider text that matches several.
var ErrAmbiguousProvider = errors.New("ambiguous provider")
