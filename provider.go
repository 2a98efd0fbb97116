package quartier

import (
	"context"
	"fmt"
	"slices"
	"time"
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

// AllianceMember is one period of a provider's membership in an alliance,
// half-open [ValidFrom, ValidTo) like an assignment: a provider that
// leaves and rejoins has two. A zero ValidFrom is "since the alliance
// began" (memberships recorded before they had dates, and setup files
// that give none). Lead marks the member that leads during the period; a
// change of lead ends both periods and starts new ones.
type AllianceMember struct {
	ID         int64      `json:"-"`
	ProviderID int64      `json:"-"`
	Provider   string     `json:"provider"` // provider code
	Lead       bool       `json:"lead"`
	ValidFrom  time.Time  `json:"valid_from,omitzero"`
	ValidTo    *time.Time `json:"valid_to,omitempty"`
}

// ValidAt reports whether the membership holds on day t.
func (m *AllianceMember) ValidAt(t time.Time) bool { return inPeriod(t, m.ValidFrom, m.ValidTo) }

// Overlaps reports whether the membership holds on some day of the
// half-open period [from, to).
func (m *AllianceMember) Overlaps(from time.Time, to *time.Time) bool {
	return periodsOverlap(m.ValidFrom, m.ValidTo, from, to)
}

// Period words the membership's validity for people ("seit 01.03.2024",
// "01.03.2024 bis 31.12.2025", "von Anfang an").
func (m *AllianceMember) Period() string {
	switch {
	case m.ValidFrom.IsZero() && m.ValidTo == nil:
		return "von Anfang an"
	case m.ValidFrom.IsZero():
		return "bis " + lastDayText(*m.ValidTo)
	case m.ValidTo == nil:
		return "seit " + germanDate(m.ValidFrom)
	}
	return germanDate(m.ValidFrom) + " bis " + lastDayText(*m.ValidTo)
}

// lastDayText is the last day of a half-open period ending at to.
func lastDayText(to time.Time) string { return germanDate(to.AddDate(0, 0, -1)) }

// MembersAt are the members on day t, the lead first.
func (a Alliance) MembersAt(t time.Time) []AllianceMember {
	var out []AllianceMember
	for _, m := range a.Members {
		if m.ValidAt(t) {
			if m.Lead {
				out = append([]AllianceMember{m}, out...)
			} else {
				out = append(out, m)
			}
		}
	}
	return out
}

// HasMember reports whether provider is a member on some day of the
// half-open period [from, to).
func (a Alliance) HasMember(provider string, from time.Time, to *time.Time) bool {
	for _, m := range a.Members {
		if m.Provider == provider && m.Overlaps(from, to) {
			return true
		}
	}
	return false
}

// Validate checks an alliance; a finding about one membership names it as
// field "members.I" (its index), the others "code", "name", "members" or
// "lead". On every day on which the alliance has members it has at least
// two and exactly one lead; a provider's periods do not overlap.
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
	days := []time.Time{{}}
	for i, m := range a.Members {
		if m.ValidTo != nil && !m.ValidTo.After(m.ValidFrom) {
			f.add(fmt.Sprintf("members.%d", i), "Die Mitgliedschaft von %s im Verbund %s endet nicht nach ihrem Beginn (%s).", m.Provider, a.Code, germanDate(m.ValidFrom))
			continue
		}
		for j := range i {
			if a.Members[j].ProviderID == m.ProviderID && a.Members[j].Overlaps(m.ValidFrom, m.ValidTo) {
				if m.ValidFrom.IsZero() && m.ValidTo == nil {
					f.add(fmt.Sprintf("members.%d", i), "Träger %s ist doppelt im Verbund %s.", m.Provider, a.Code)
				} else {
					f.add(fmt.Sprintf("members.%d", i), "Träger %s ist im Verbund %s schon Mitglied (%s); die Zeiträume überschneiden sich.", m.Provider, a.Code, a.Members[j].Period())
				}
				break
			}
		}
		days = append(days, m.ValidFrom)
		if m.ValidTo != nil {
			days = append(days, *m.ValidTo)
		}
	}
	if f.err() != nil || len(a.Members) < 2 {
		return f.err()
	}
	// Who is a member changes only on these days, so they are the days to check.
	slices.SortFunc(days, time.Time.Compare)
	for _, d := range slices.Compact(days) {
		on := a.MembersAt(d)
		leads := 0
		for _, m := range on {
			if m.Lead {
				leads++
			}
		}
		when := ""
		if !d.IsZero() {
			when = " am " + germanDate(d)
		}
		switch {
		case len(on) == 0:
		case len(on) < 2:
			f.add("members", "Der Verbund %s hätte%s nur ein Mitglied (%s); ein Trägerverbund hat mindestens zwei.", a.Code, when, on[0].Provider)
		case leads != 1:
			f.add("lead", "Der Verbund %s braucht%s genau ein federführendes Mitglied (hat %d).", a.Code, when, leads)
		}
		if len(f) > 0 {
			break
		}
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
	// replaces its memberships (the use case keeps their history); its
	// code stays.
	UpdateAlliance(ctx context.Context, a *Alliance) error
}
