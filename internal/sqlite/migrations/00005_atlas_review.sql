-- Keeping the atlas true: visitors' suggestions in a review queue per space
-- and the append-only history of every atlas entry. The proposal and the
-- entry states are JSON, read whole and never queried by part.
-- +goose Up
CREATE TABLE suggestions (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('new', 'correction', 'problem')),
    entity_kind     TEXT NOT NULL DEFAULT '' CHECK (entity_kind IN ('', 'offer', 'place')),
    entity_key      TEXT NOT NULL DEFAULT '',
    proposed        TEXT NOT NULL DEFAULT '{}',
    street          TEXT NOT NULL DEFAULT '',
    house_number    TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    x               REAL NOT NULL DEFAULT 0,
    y               REAL NOT NULL DEFAULT 0,
    message         TEXT NOT NULL DEFAULT '',
    -- Personal data, given voluntarily: shown to the space's editors only.
    submitter_name  TEXT NOT NULL DEFAULT '',
    submitter_email TEXT NOT NULL DEFAULT '',
    space           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TEXT,
    reason          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    CHECK ((status = 'open') = (decided_at IS NULL)),
    CHECK ((kind = 'new') = (entity_kind = ''))
);
CREATE INDEX suggestions_status ON suggestions (status, id);
CREATE INDEX suggestions_entity ON suggestions (entity_kind, entity_key, id);

-- Append-only like the audit log: triggers refuse changes, so the history
-- of an entry can only grow.
CREATE TABLE changes (
    id            INTEGER PRIMARY KEY,
    entity_kind   TEXT NOT NULL CHECK (entity_kind IN ('offer', 'place')),
    entity_key    TEXT NOT NULL,
    state_before  TEXT,
    state_after   TEXT NOT NULL,
    user_id       INTEGER NOT NULL DEFAULT 0,
    login         TEXT NOT NULL,
    at            TEXT NOT NULL,
    why           TEXT NOT NULL,
    suggestion_id INTEGER REFERENCES suggestions (id) ON DELETE RESTRICT
);
CREATE INDEX changes_entity ON changes (entity_kind, entity_key, id);

-- +goose StatementBegin
CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
BEGIN
    SELECT RAISE(ABORT, 'changes is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
BEGIN
    SELECT RAISE(ABORT, 'changes is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE changes;
DROP TABLE suggestions;
