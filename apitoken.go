package quartier

import (
	"context"
	"time"
)

// APIToken lets a program read the API in a person's name: a GIS (QGIS,
// GDAL) cannot do the sign-in with a password and a second factor, so a
// signed-in person makes a token for it. Only the hash is stored; the
// token is shown once.
type APIToken struct {
	ID        int64     `json:"id"`
	TokenHash string    `json:"-"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"` // what it is for, e.g. "QGIS Planung"
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	LastUsed  time.Time `json:"last_used"` // zero: never used
}

// TokenPermissions is all an API token gives, whatever the roles of its
// owner: reading the public data and the internal figures of the social
// monitoring, each still within the owner's spaces. Nothing that writes,
// no personal data, no confidential addresses: a token sits in a GIS
// project file, and a copied project file must not open more than that.
var TokenPermissions = []Permission{PermReadPublic, PermReadIndicators}

// MaxTokenDays bounds how long a token lives; a forgotten one expires.
const MaxTokenDays = 366

// APITokenTx stores API tokens, looked up by the hash of the token.
type APITokenTx interface {
	CreateAPIToken(ctx context.Context, t *APIToken) error // sets ID
	// APITokenByHash returns ENOTFOUND for an unknown hash.
	APITokenByHash(ctx context.Context, hash string) (*APIToken, error)
	// TouchAPIToken sets LastUsed.
	TouchAPIToken(ctx context.Context, id int64, at time.Time) error
	// DeleteAPIToken removes the token id of user; ENOTFOUND when the
	// user has no such token.
	DeleteAPIToken(ctx context.Context, userID, id int64) error
	UserAPITokens(ctx context.Context, userID int64) ([]APIToken, error) // newest first
}
