-- +goose Up
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    login          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    email          TEXT NOT NULL DEFAULT '',
    password_hash  TEXT NOT NULL DEFAULT '',
    totp_secret    TEXT NOT NULL DEFAULT '',
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    recovery_codes TEXT NOT NULL DEFAULT '', -- SHA-256 hashes, comma-separated
    disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at     TEXT NOT NULL
);

CREATE TABLE grants (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    role       TEXT NOT NULL,
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'spaces', 'team', 'provider')),
    scope_ref  TEXT NOT NULL DEFAULT '',
    spaces     TEXT NOT NULL DEFAULT '', -- space codes, comma-separated
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX grants_user ON grants (user_id, valid_from);

CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    created_at    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    remote        TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT '',
    second_factor INTEGER NOT NULL DEFAULT 0 CHECK (second_factor IN (0, 1))
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Append-only: ids are assigned by the writer (they are part of the hash),
-- and triggers refuse changes so that only a deliberate act on the raw file
-- can alter history — which the hash chain then reveals.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL, -- UTC, fixed-width microseconds, sorts as text
    user_id     INTEGER NOT NULL DEFAULT 0,
    login       TEXT NOT NULL,
    roles       TEXT NOT NULL DEFAULT '',
    scope       TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL,
    remote      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_login ON audit_log (login, id);
CREATE INDEX audit_object ON audit_log (object_type, object_id, id);
CREATE INDEX audit_at ON audit_log (at);

-- +goose StatementBegin
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE grants;
DROP TABLE users;
