package quartier

import "context"

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

func (p *Provider) Validate() error {
	if !validCode(p.Code) {
		return Errorf(EINVALID, "Träger-Code %q ist ungültig.", p.Code)
	}
	if p.Name == "" {
		return Errorf(EINVALID, "Der Träger %s braucht einen Namen.", p.Code)
	}
	if p.Kind != ProviderPublic && p.Kind != ProviderIndependent {
		return Errorf(EINVALID, "Unbekannte Trägerart %q.", p.Kind)
	}
	return nil
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

func (a *Alliance) Validate() error {
	if !validCode(a.Code) {
		return Errorf(EINVALID, "Verbund-Code %q ist ungültig.", a.Code)
	}
	if a.Name == "" {
		return Errorf(EINVALID, "Der Trägerverbund %s braucht einen Namen.", a.Code)
	}
	if len(a.Members) < 2 {
		return Errorf(EINVALID, "Ein Trägerverbund hat mindestens zwei Mitglieder (%s).", a.Code)
	}
	leads, seen := 0, map[int64]bool{}
	for _, m := range a.Members {
		if seen[m.ProviderID] {
			return Errorf(EINVALID, "Träger %s ist doppelt im Verbund %s.", m.Provider, a.Code)
		}
		seen[m.ProviderID] = true
		if m.Lead {
			leads++
		}
	}
	if leads != 1 {
		return Errorf(EINVALID, "Der Verbund %s braucht genau ein federführendes Mitglied (hat %d).", a.Code, leads)
	}
	return nil
}

// ProviderTx stores providers and alliances, ordered by Code.
type ProviderTx interface {
	CreateProvider(ctx context.Context, p *Provider) error
	Providers(ctx context.Context) ([]Provider, error)
	ProviderByCode(ctx context.Context, code string) (*Provider, error)
	CreateAlliance(ctx context.Context, a *Alliance) error // with members
	Alliances(ctx context.Context) ([]Alliance, error)     // with members (Provider code filled)
	AllianceByCode(ctx context.Context, code string) (*Alliance, error)
}
