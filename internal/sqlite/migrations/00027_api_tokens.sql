-- API tokens: a GIS reads the API in a person's name with one. Only the
-- hash of the token is stored; deleting the account is refused while it
-- has tokens, as with sessions.
-- +goose Up
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_used  TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- +goose Down
DROP TABLE api_tokens;
