-- Grants given by the identity provider's claims end when the claims no
-- longer give them; grants made in Quartier are left alone. An account
-- created by an OpenID Connect sign-in is bound to that issuer and subject,
-- so a provider user whose name equals a local login cannot take it over.
-- A grant that starts and ends on the same day is an empty period (never
-- in force): that is how access given today is taken back today.
-- +goose Up
ALTER TABLE users ADD COLUMN external_id TEXT NOT NULL DEFAULT '';

-- SQLite cannot change a CHECK constraint in place; nothing references
-- grants, so the table is rebuilt.
CREATE TABLE grants_new (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    role       TEXT NOT NULL,
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'spaces', 'team', 'provider')),
    scope_ref  TEXT NOT NULL DEFAULT '',
    spaces     TEXT NOT NULL DEFAULT '', -- space codes, comma-separated
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    source     TEXT NOT NULL DEFAULT '', -- 'oidc': given by the identity provider's claims
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
INSERT INTO grants_new (id, user_id, role, scope_kind, scope_ref, spaces, valid_from, valid_to)
    SELECT id, user_id, role, scope_kind, scope_ref, spaces, valid_from, valid_to FROM grants;
DROP TABLE grants;
ALTER TABLE grants_new RENAME TO grants;
CREATE INDEX grants_user ON grants (user_id, valid_from);

-- +goose Down
CREATE TABLE grants_old (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    role       TEXT NOT NULL,
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'spaces', 'team', 'provider')),
    scope_ref  TEXT NOT NULL DEFAULT '',
    spaces     TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
INSERT INTO grants_old (id, user_id, role, scope_kind, scope_ref, spaces, valid_from, valid_to)
    SELECT id, user_id, role, scope_kind, scope_ref, spaces, valid_from, valid_to FROM grants WHERE valid_to IS NULL OR valid_to > valid_from;
DROP TABLE grants;
ALTER TABLE grants_old RENAME TO grants;
CREATE INDEX grants_user ON grants (user_id, valid_from);
ALTER TABLE users DROP COLUMN external_id;
