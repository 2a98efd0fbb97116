package quartier

import (
	"context"
	"fmt"
)

// ProviderKind distinguishes the public office from independent providers.
type ProviderKind string

const (
	ProviderPublic      ProviderKind = "public"      // öffentlicher Träger (Jugendamt/Familienamt)
	ProviderIndependent ProviderKind = "independent" // freier Träger
)

// Provider (Träger) is an organisation that delivers help.
type Provider struct {
	ID        int64        `json:"-"`
	Code      string       `json:"code"` // stable key, e.g. "awo-mwt"
	Name      string       `json:"name"`
	ShortName string       `json:"short_name,omitempty"`
	Kind      ProviderKind `json:"kind"`
	Website   string       `json:"website,omitempty"`
}

// Validate checks a provider; each finding names its field (Problem.Code),
// so a form shows it at the input and a file import by its message.
func (p *Provider) Validate() error {
	var f fieldErrors
	if !validCode(p.Code) {
		f.add("code", "Träger-Code %q ist ungültig.", p.Code)
	}
	if p.Name == "" {
		f.add("name", "Der Träger %s braucht einen Namen.", p.Code)
	}
	if p.Kind != ProviderPublic && p.Kind != ProviderIndependent {
		f.add("kind", "Unbekannte Trägerart %q.", p.Kind)
	}
	return f.err()
}

// Label is the provider kind's German name.
func (k ProviderKind) Label() string {
	if k == ProviderPublic {
		return "öffentlicher Träger"
	}
	return "freier Träger"
}

// Alliance (Trägerverbund) is the providers of a space working as one.
type Alliance struct {
	ID      int64            `json:"-"`
	Code    string           `json:"code"`
	Name    string           `json:"name"`
	Members []AllianceMember `json:"members"`
}

// AllianceMember is a provider in an alliance; exactly one member leads.
type AllianceMember struct {
	ProviderID int64  `json:"-"`
	Provider   string `json:"provider"` // provider code
	Lead       bool   `json:"lead"`
}

// Validate checks an alliance; a finding about one member names it as
// field "members.I" (its index), the others "code", "name", "members" or
// "lead".
func (a *Alliance) Validate() error {
	var f fieldErrors
	if !validCode(a.Code) {
		f.add("code", "Verbund-Code %q ist ungültig.", a.Code)
	}
	if a.Name == "" {
		f.add("name", "Der Trägerverbund %s braucht einen Namen.", a.Code)
	}
	if len(a.Members) < 2 {
		f.add("members", "Ein Trägerverbund hat mindestens zwei Mitglieder (%s).", a.Code)
	}
	leads, seen := 0, map[int64]bool{}
	for i, m := range a.Members {
		if seen[m.ProviderID] {
			f.add(fmt.Sprintf("members.%d", i), "Träger %s ist doppelt im Verbund %s.", m.Provider, a.Code)
		}
		seen[m.ProviderID] = true
		if m.Lead {
			leads++
		}
	}
	if leads != 1 && len(a.Members) >= 2 {
		f.add("lead", "Der Verbund %s braucht genau ein federführendes Mitglied (hat %d).", a.Code, leads)
	}
	return f.err()
}

// ProviderTx stores providers and alliances, ordered by Code.
type ProviderTx interface {
	CreateProvider(ctx context.Context, p *Provider) error
	Providers(ctx context.Context) ([]Provider, error)
	ProviderByCode(ctx context.Context, code string) (*Provider, error)
	CreateAlliance(ctx context.Context, a *Alliance) error // with members
	Alliances(ctx context.Context) ([]Alliance, error)     // with members (Provider code filled)
	AllianceByCode(ctx context.Context, code string) (*Alliance, error)
	// UpdateProvider changes the provider with p.ID; its code stays.
	UpdateProvider(ctx context.Context, p *Provider) error
	// UpdateAlliance changes the name of the alliance with a.ID and
	// replaces its members; its code stays.
	UpdateAlliance(ctx context.Context, a *Alliance) error
}
