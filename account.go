package quartier

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// User is an account. Passwords are stored only as argon2id hashes; the
// second factor secret only for accounts that enrolled one.
type User struct {
	ID           int64  `json:"id"`
	Login        string `json:"login"`
	Name         string `json:"name"`
	Email        string `json:"email,omitempty"`
	PasswordHash string `json:"-"`
	TOTPSecret   string `json:"-"`
	TOTPLastStep int64  `json:"-"`
	// RecoveryCodes are SHA-256 hashes of the unused one-time codes.
	RecoveryCodes []string `json:"-"`
	// Disabled is a locked account: it cannot sign in, and locking it
	// ended its sessions.
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	// MustChangePassword is set when someone else chose the password (an
	// initial password of a new account, a reset): the person replaces it
	// at the next sign-in before anything else opens, and it expires
	// unused (access.InitialPasswordValid).
	MustChangePassword bool `json:"must_change_password"`
	// MustEnrollTOTP is set when an administrator removed the second
	// factor (a lost phone): the person enrols a new one right after the
	// next sign-in, whether her roles require one or she had chosen it.
	MustEnrollTOTP bool `json:"must_enroll_totp"`
	// PasswordSetAt is when the password was last set; zero for accounts
	// without one and for passwords set before it was recorded.
	PasswordSetAt time.Time `json:"-"`
	// ExternalID is "issuer subject" for an account an OpenID Connect
	// sign-in created; only that identity may use it.
	ExternalID string `json:"-"`
}

// Validate checks the fields an account must have; each finding names its
// field (login, name, email), so a form shows it at its input.
func (u *User) Validate() error {
	var f fieldErrors
	if !validLogin(u.Login) {
		f.add("login", "Anmeldename %q ist ungültig (3–64 Zeichen: a–z, 0–9, . _ - @).", u.Login)
	}
	if strings.TrimSpace(u.Name) == "" {
		f.add("name", "Das Konto %s braucht einen Namen.", u.Login)
	} else if len(u.Name) > 200 {
		f.add("name", "Der Name ist zu lang (höchstens 200 Zeichen).")
	}
	if u.Email != "" {
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
			f.add("email", "E-Mail-Adresse %q ist ungültig.", u.Email)
		}
	}
	return f.err()
}

func validLogin(s string) bool {
	if len(s) < 3 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("._-@", r)) {
			return false
		}
	}
	return true
}

// ScopeKind says how far a grant reaches.
type ScopeKind string

const (
	ScopeAll      ScopeKind = "all"      // every space
	ScopeSpaces   ScopeKind = "spaces"   // the listed spaces
	ScopeTeam     ScopeKind = "team"     // the space of a team
	ScopeProvider ScopeKind = "provider" // the spaces a provider is assigned to
)

// Scope is the reach of a grant.
type Scope struct {
	Kind   ScopeKind   `json:"kind"`
	Spaces []SpaceCode `json:"spaces,omitempty"` // ScopeSpaces
	Ref    string      `json:"ref,omitempty"`    // team or provider code
}

func (s Scope) String() string {
	switch s.Kind {
	case ScopeSpaces:
		codes := make([]string, len(s.Spaces))
		for i, c := range s.Spaces {
			codes[i] = string(c)
		}
		return "Sozialräume " + strings.Join(codes, ", ")
	case ScopeTeam:
		return "Team " + s.Ref
	case ScopeProvider:
		return "Träger " + s.Ref
	}
	return "alle Sozialräume"
}

// Grant gives a user a role within a scope for a period [ValidFrom, ValidTo).
type Grant struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	Role      Role       `json:"role"`
	Scope     Scope      `json:"scope"`
	ValidFrom time.Time  `json:"valid_from"`
	ValidTo   *time.Time `json:"valid_to,omitempty"`
	// Source is GrantFromIdentityProvider for grants the OpenID Connect
	// claims give; those end when the claims stop giving them.
	Source string `json:"source,omitempty"`
	// Spaces is the scope resolved to space codes when the actor is built
	// (nil = all spaces); not stored.
	Spaces []SpaceCode `json:"-"`
	// Provider is the provider code the grant acts for, resolved with
	// Spaces: the provider of a provider scope or of a provider team; ""
	// for grants of the office. Not stored.
	Provider string `json:"-"`
	// Limit, when not nil, is all the grant gives whatever its role: the
	// grants of an actor signed in by API token carry TokenPermissions.
	// Not stored.
	Limit []Permission `json:"-"`
}

// Has reports whether the grant gives p: its role has it and no limit
// withholds it. Every check on a grant goes through here, so a limited
// grant cannot open anything by a path that forgot the limit.
func (g *Grant) Has(p Permission) bool {
	return RoleHas(g.Role, p) && (g.Limit == nil || slices.Contains(g.Limit, p))
}

// GrantFromIdentityProvider marks a grant derived from OpenID Connect claims.
const GrantFromIdentityProvider = "oidc"

// Validate checks role and scope; each finding names its field (role,
// scope, spaces, team, provider, valid_from, valid_to).
func (g *Grant) Validate() error {
	var f fieldErrors
	if !g.Role.Valid() {
		f.add("role", "Unbekannte Rolle %q.", g.Role)
	}
	switch g.Scope.Kind {
	case ScopeAll:
	case ScopeSpaces:
		if len(g.Scope.Spaces) == 0 {
			f.add("spaces", "Eine Berechtigung für Sozialräume braucht mindestens einen Sozialraum.")
		}
	case ScopeTeam:
		if g.Scope.Ref == "" {
			f.add("team", "Eine Berechtigung für ein Team braucht das Team.")
		}
	case ScopeProvider:
		if g.Scope.Ref == "" {
			f.add("provider", "Eine Berechtigung für einen Träger braucht den Träger.")
		}
	default:
		f.add("scope", "Unbekannter Geltungsbereich %q.", g.Scope.Kind)
	}
	if g.ValidFrom.IsZero() {
		f.add("valid_from", "Die Berechtigung braucht ein Anfangsdatum.")
	}
	if g.ValidTo != nil && !g.ValidFrom.IsZero() && !g.ValidTo.After(g.ValidFrom) {
		f.add("valid_to", "Ende der Berechtigung liegt nicht nach dem Beginn.")
	}
	return f.err()
}

// ValidAt reports whether the grant is in force at t.
func (g *Grant) ValidAt(t time.Time) bool {
	return inPeriod(t, g.ValidFrom, g.ValidTo)
}

// Session is a signed-in browser. Only a hash of the token is stored, so a
// leaked database does not hand out live sessions.
type Session struct {
	ID        int64     `json:"id"`
	TokenHash string    `json:"-"`
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
	Remote    string    `json:"remote"`
	UserAgent string    `json:"user_agent"`
	// SecondFactor is true once the TOTP step is done (or not required).
	SecondFactor bool `json:"second_factor"`
}

// AccountTx stores accounts, their grants and their sessions; the second
// factor and the identity of a provider-made account are fields of User.
type AccountTx interface {
	// Accounts, ordered by Login. UserByLogin/UserByID return ENOTFOUND.
	CreateUser(ctx context.Context, u *User) error // sets ID, CreatedAt; ECONFLICT on a taken login
	UpdateUser(ctx context.Context, u *User) error // name, email, hash, TOTP fields, disabled, MustChangePassword, MustEnrollTOTP, PasswordSetAt
	UserByLogin(ctx context.Context, login string) (*User, error)
	UserByID(ctx context.Context, id int64) (*User, error)
	Users(ctx context.Context) ([]User, error)

	// Grants of a user (0 = all users), ordered by ValidFrom.
	CreateGrant(ctx context.Context, g *Grant) error
	// EndGrant ends a grant on validTo, or earlier than its stored end;
	// ENOTFOUND when it ends on or before validTo already.
	EndGrant(ctx context.Context, id int64, validTo time.Time) error
	Grants(ctx context.Context, userID int64) ([]Grant, error)

	// Sessions, looked up by the hash of their token.
	CreateSession(ctx context.Context, s *Session) error
	SessionByTokenHash(ctx context.Context, hash string) (*Session, error)
	UpdateSession(ctx context.Context, s *Session) error // LastSeen, SecondFactor
	DeleteSession(ctx context.Context, id int64) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	UserSessions(ctx context.Context, userID int64) ([]Session, error) // newest first
}
