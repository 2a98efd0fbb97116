package http

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/quartier/quartier"
	"github.com/quartier/quartier/internal/access"
)

// The account pages (admin_user_*.go): the forms as typed, and the names
// of the spaces, teams and providers that grants reach.

// accountForm is the account part of the forms as typed.
type accountForm struct{ Login, Name, Email string }

func readAccountForm(r *http.Request) accountForm {
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return accountForm{Login: g("login"), Name: g("name"), Email: g("email")}
}

// grantForm is a new grant as typed; Scope is all, spaces, team or
// provider.
type grantForm struct {
	Role, Scope        string
	Spaces             []string
	Team, Provider     string
	ValidFrom, ValidTo string
}

func newGrantForm(c *access.GrantChoices) grantForm {
	return grantForm{Scope: string(quartier.ScopeAll), ValidFrom: c.Today.Format(quartier.DateLayout)}
}

func readGrantForm(r *http.Request) grantForm {
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return grantForm{Role: g("role"), Scope: g("scope"), Spaces: r.PostForm["spaces"], Team: g("team"), Provider: g("provider"),
		ValidFrom: g("valid_from"), ValidTo: g("valid_to")}
}

// grant turns the typed form into a grant; unreadable dates are filed in
// errs at their inputs. Only the input of the chosen scope counts.
func (f grantForm) grant(errs *formErrors) quartier.Grant {
	g := quartier.Grant{Role: quartier.Role(f.Role), Scope: quartier.Scope{Kind: quartier.ScopeKind(f.Scope)}}
	switch g.Scope.Kind {
	case quartier.ScopeSpaces:
		g.Scope.Spaces = quartier.SpaceCodes(f.Spaces)
	case quartier.ScopeTeam:
		g.Scope.Ref = f.Team
	case quartier.ScopeProvider:
		g.Scope.Ref = f.Provider
	}
	if t := formDay(errs, "valid_from", "Gültig ab", f.ValidFrom); t != nil {
		g.ValidFrom = *t
	}
	g.ValidTo = formDay(errs, "valid_to", "Endet am", f.ValidTo)
	return g
}

// formDay reads an optional date input (the browser sends ISO, a person
// may type German).
func formDay(errs *formErrors, id, label, v string) *time.Time {
	if v == "" {
		return nil
	}
	t, err := quartier.ParseDate(v)
	if err != nil {
		errs.Add(id, label+": "+quartier.ErrorMessage(err))
		return nil
	}
	return &t
}

// scopeLabel names what a scope reaches; a code no longer in the
// choices (a space of an older Gebietsstand) is shown as it is.
func scopeNames(c *access.GrantChoices, s quartier.Scope) scopeLabel {
	switch s.Kind {
	case quartier.ScopeSpaces:
		l := scopeLabel{Kind: "Sozialräume"}
		for _, code := range s.Spaces {
			n := named{Code: string(code)}
			for _, sp := range c.Spaces {
				if sp.Code == code {
					n.Name = sp.Name
				}
			}
			l.Items = append(l.Items, n)
		}
		return l
	case quartier.ScopeTeam:
		n := named{Code: s.Ref}
		for _, t := range c.Teams {
			if t.Code == s.Ref {
				n.Name = t.Name
			}
		}
		return scopeLabel{Kind: "Team", Items: []named{n}}
	case quartier.ScopeProvider:
		return scopeLabel{Kind: "Träger", Items: []named{{Name: c.ProviderNames[s.Ref], Code: s.Ref}}}
	}
	return scopeLabel{Kind: "alle Sozialräume"}
}

func grantRows(c *access.GrantChoices, gs []access.GrantInfo) []grantRow {
	out := make([]grantRow, len(gs))
	for i, g := range gs {
		out[i] = grantRow{GrantInfo: g, Scope: scopeNames(c, g.Scope)}
	}
	return out
}

// writeFormStatus sends the status of a form sent back with its errors:
// the use case's, or 400 for input that never reached it.
func writeFormStatus(w http.ResponseWriter, err error) {
	if err == nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	writeStatus(w, err)
}

// initialDays is how many days an initial password lasts unused.
func initialDays() int { return int(access.InitialPasswordValid / (24 * time.Hour)) }

// userPath is the page of an account.
func userPath(login string) string { return "/admin/konten/" + url.PathEscape(login) }

// userDone words what a redirect to the account page reports (?erledigt=).
func userDone(what string) string {
	switch what {
	case "gespeichert":
		return "Name und E-Mail sind gespeichert."
	case "gesperrt":
		return "Das Konto ist gesperrt; seine Sitzungen sind beendet."
	case "entsperrt":
		return "Das Konto ist entsperrt."
	case "zweiter-faktor":
		return "Der zweite Faktor ist entfernt, die Sitzungen sind beendet. Die Person richtet ihn bei der nächsten Anmeldung neu ein."
	case "erteilt":
		return "Die Berechtigung ist erteilt."
	case "beendet":
		return "Die Berechtigung ist beendet."
	}
	return ""
}
