package atlas

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/textde"
)

// ManyProviders is the length from which a form asks for a provider by
// typing instead of listing every one: Berlin's atlas has 1,426, and a
// select of all of them made each offer form 480 KB.
const ManyProviders = 50

// ProviderMatches are the providers the actor may create entries for whose
// code or name contains text (case, umlauts and ß folded), exact code
// first, then by name; at most limit.
func (a *Service) ProviderMatches(ctx context.Context, text string, limit int) ([]quartier.Provider, error) {
	c, err := a.EditChoices(ctx)
	if err != nil {
		return nil, err
	}
	return matchProviders(c.Providers, text, limit), nil
}

func matchProviders(all []quartier.Provider, text string, limit int) []quartier.Provider {
	q := textde.Fold(strings.TrimSpace(text))
	if q == "" {
		return nil
	}
	var exact, rest []quartier.Provider
	for _, p := range all {
		switch {
		case p.Code == strings.TrimSpace(text) || textde.Fold(p.Name) == q:
			exact = append(exact, p)
		case strings.Contains(textde.Fold(p.Code), q) || strings.Contains(textde.Fold(p.Name), q):
			rest = append(rest, p)
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].Name < rest[j].Name })
	out := append(exact, rest...)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
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
	c, err := a.EditChoices(ctx)
	if err != nil {
		return "", err
	}
	if open := strings.LastIndex(text, " ("); open > 0 && strings.HasSuffix(text, ")") {
		code := text[open+2 : len(text)-1]
		for _, p := range c.Providers {
			if p.Code == code {
				return code, nil
			}
		}
	}
	found := matchProviders(c.Providers, text, 6)
	switch {
	case len(found) == 1 || len(found) > 1 && (found[0].Code == text || textde.Fold(found[0].Name) == textde.Fold(text)) &&
		(found[1].Code != text && textde.Fold(found[1].Name) != textde.Fold(text)):
		return found[0].Code, nil
	case len(found) == 0:
		return "", quartier.NewFieldError("provider", "Träger „%s“: keinen Träger gefunden, für den Sie Einträge anlegen dürfen.", text)
	}
	var names []string
	for _, p := range found[:min(5, len(found))] {
		names = append(names, p.Name+" ("+p.Code+")")
	}
	return "", errors.Join(ErrAmbiguousProvider, quartier.NewFieldError("provider", "Träger „%s“ ist nicht eindeutig, z. B. %s. Bitte genauer angeben.", text, strings.Join(names, "; ")))
}

// ErrAmbiguousProvider marks a provider text that matches several.
var ErrAmbiguousProvider = errors.New("ambiguous provider")
