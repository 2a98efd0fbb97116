package quartier

import (
	"context"
	"time"
)

// Store is the persistence of Quartier, implemented once per engine
// (internal/sqlite, internal/postgres) and proven equal by internal/storetest.
// A store persists only: permission checks, validation and audit decisions are
// made by the caller (internal/app), so the engines cannot drift in behaviour.
type Store interface {
	// Update runs fn in one read-write transaction. It commits when fn returns
	// nil and rolls back otherwise, so a failed or interrupted import leaves
	// nothing behind.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// View runs fn in a read-only transaction (one consistent snapshot).
	View(ctx context.Context, fn func(tx Tx) error) error
	// Engine names the engine ("sqlite" or "postgres") for logs and bench.
	Engine() string
	Close() error
}

// Tx is the set of store operations available inside a transaction. Methods
// return *Error with ENOTFOUND when a looked-up record does not exist and
// ECONFLICT when a unique code is taken.
type Tx interface {
	// Settings are installation-wide key/value pairs (e.g. "srid").
	Setting(ctx context.Context, key string) (string, error) // "" when unset
	SetSetting(ctx context.Context, key, value string) error

	// Layers, ordered by Position then Code.
	CreateLayer(ctx context.Context, l *Layer) error // sets l.ID
	Layers(ctx context.Context) ([]Layer, error)
	LayerByCode(ctx context.Context, code string) (*Layer, error)

	// Versions of a layer, oldest first.
	CreateVersion(ctx context.Context, v *Version) error // sets v.ID, v.CreatedAt
	// CloseVersion sets ValidTo of an open version.
	CloseVersion(ctx context.Context, versionID int64, validTo time.Time) error
	Versions(ctx context.Context, layerID int64) ([]Version, error)
	Version(ctx context.Context, id int64) (*Version, error)

	// Areas of a version, ordered by Code, with geometry and blocks.
	CreateArea(ctx context.Context, a *Area) error // sets a.ID
	Areas(ctx context.Context, versionID int64) ([]Area, error)
	AreaByCode(ctx context.Context, versionID int64, code string) (*Area, error)

	// Providers and alliances, ordered by Code.
	CreateProvider(ctx context.Context, p *Provider) error
	Providers(ctx context.Context) ([]Provider, error)
	ProviderByCode(ctx context.Context, code string) (*Provider, error)
	CreateAlliance(ctx context.Context, a *Alliance) error // with members
	Alliances(ctx context.Context) ([]Alliance, error)     // with members (Provider code filled)
	AllianceByCode(ctx context.Context, code string) (*Alliance, error)

	// Atlas. Topics ordered as saved; places and offers by ID. Saving an
	// offer replaces its places. SetPlaceAreas stores a new lookup result.
	SaveTopics(ctx context.Context, ts []Topic) error // replaces the taxonomy
	Topics(ctx context.Context) ([]Topic, error)
	CreatePlace(ctx context.Context, p *Place) error // sets p.ID
	UpdatePlace(ctx context.Context, p *Place) error
	SetPlaceAreas(ctx context.Context, id int64, block, space string) error
	Places(ctx context.Context) ([]Place, error)
	CreateOffer(ctx context.Context, o *Offer) error // sets o.ID
	UpdateOffer(ctx context.Context, o *Offer) error
	Offers(ctx context.Context) ([]Offer, error) // Provider code and Places filled

	// Suggestions of visitors (the review queue), ordered by ID.
	// CreateSuggestion stores s as given (status open) and sets ID and
	// CreatedAt. DecideSuggestion moves an open suggestion to accepted or
	// rejected, recording who, when and why; it returns ENOTFOUND for an
	// unknown id and ECONFLICT for one that is already decided, so two
	// editors cannot both decide it.
	CreateSuggestion(ctx context.Context, s *Suggestion) error
	DecideSuggestion(ctx context.Context, id int64, status SuggestionStatus, by string, at time.Time, reason string) error
	Suggestion(ctx context.Context, id int64) (*Suggestion, error)
	Suggestions(ctx context.Context, f SuggestionFilter) ([]Suggestion, error)

	// History of atlas entries: append-only (the schema refuses UPDATE and
	// DELETE). AppendChange stores c as given and sets c.ID; Changes returns
	// the changes of one entry oldest first, none for an unknown entry.
	AppendChange(ctx context.Context, c *Change) error
	Changes(ctx context.Context, kind EntityKind, key string) ([]Change, error)

	// Assignments: all of a space (history), ordered by ValidFrom; "" = all spaces.
	CreateAssignment(ctx context.Context, a *Assignment) error
	EndAssignment(ctx context.Context, id int64, validTo time.Time) error
	Assignments(ctx context.Context, space string) ([]Assignment, error) // Assignee filled

	// Teams of a space ("" = all) with their rooms, ordered by Code.
	CreateTeam(ctx context.Context, t *Team) error
	Teams(ctx context.Context, space string) ([]Team, error)
	CreateRoom(ctx context.Context, r *Room) error

	// People and the leadership duo of a space ("" = all), ordered by ValidFrom.
	CreatePerson(ctx context.Context, p *Person) error
	CreateLeadership(ctx context.Context, l *Leadership) error
	EndLeadership(ctx context.Context, id int64, validTo time.Time) error
	Leaderships(ctx context.Context, space string) ([]Leadership, error) // Person filled

	// Street directory. ReplaceStreets deletes all entries and inserts these,
	// because a directory is always delivered whole.
	ReplaceStreets(ctx context.Context, entries []StreetEntry) error
	Streets(ctx context.Context) ([]StreetEntry, error)

	// Population per block. SavePopulation replaces what is stored for the
	// group at the date (a corrected delivery replaces the first);
	// Population returns everything ordered by group, date and block.
	SavePopulation(ctx context.Context, group string, date time.Time, ps []Population) error
	Population(ctx context.Context) ([]Population, error)

	// Accounts, ordered by Login. UserByLogin/UserByID return ENOTFOUND.
	CreateUser(ctx context.Context, u *User) error // sets ID, CreatedAt; ECONFLICT on a taken login
	UpdateUser(ctx context.Context, u *User) error // name, email, hash, TOTP fields, disabled
	UserByLogin(ctx context.Context, login string) (*User, error)
	UserByID(ctx context.Context, id int64) (*User, error)
	Users(ctx context.Context) ([]User, error)

	// Grants of a user (0 = all users), ordered by ValidFrom.
	CreateGrant(ctx context.Context, g *Grant) error
	EndGrant(ctx context.Context, id int64, validTo time.Time) error
	Grants(ctx context.Context, userID int64) ([]Grant, error)

	// Sessions, looked up by the hash of their token.
	CreateSession(ctx context.Context, s *Session) error
	SessionByTokenHash(ctx context.Context, hash string) (*Session, error)
	UpdateSession(ctx context.Context, s *Session) error // LastSeen, SecondFactor
	DeleteSession(ctx context.Context, id int64) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	UserSessions(ctx context.Context, userID int64) ([]Session, error) // newest first

	// Audit log: append-only. AppendAudit stores e as given (ID, hashes
	// computed by the caller); LastAudit returns nil for an empty log;
	// AuditEntries returns matching entries in ID order.
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// AppendAudits stores several entries in one statement (group commit).
	AppendAudits(ctx context.Context, es []AuditEntry) error
	LastAudit(ctx context.Context) (*AuditEntry, error)
	AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}
