-- Keeping the atlas true: visitors' suggestions in a review queue per space
-- and the append-only history of every atlas entry. The proposal and the
-- entry states are JSON kept as text (not jsonb), so they read back byte
-- for byte as on SQLite.
-- +goose Up
CREATE TABLE suggestions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('new', 'correction', 'problem')),
    entity_kind     TEXT NOT NULL DEFAULT '' CHECK (entity_kind IN ('', 'offer', 'place')),
    entity_key      TEXT NOT NULL DEFAULT '',
    proposed        TEXT NOT NULL DEFAULT '{}',
    street          TEXT NOT NULL DEFAULT '',
    house_number    TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    x               DOUBLE PRECISION NOT NULL DEFAULT 0,
    y               DOUBLE PRECISION NOT NULL DEFAULT 0,
    message         TEXT NOT NULL DEFAULT '',
    -- Personal data, given voluntarily: shown to the space's editors only.
    submitter_name  TEXT NOT NULL DEFAULT '',
    submitter_email TEXT NOT NULL DEFAULT '',
    space           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TIMESTAMPTZ,
    reason          TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    CHECK ((status = 'open') = (decided_at IS NULL)),
    CHECK ((kind = 'new') = (entity_kind = ''))
);
CREATE INDEX suggestions_status ON suggestions (status, id);
CREATE INDEX suggestions_entity ON suggestions (entity_kind, entity_key, id);

-- Append-only like the audit log: a trigger refuses changes, so the
-- history of an entry can only grow.
CREATE TABLE changes (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity_kind   TEXT NOT NULL CHECK (entity_kind IN ('offer', 'place')),
    entity_key    TEXT NOT NULL,
    state_before  TEXT,
    state_after   TEXT NOT NULL,
    user_id       BIGINT NOT NULL DEFAULT 0,
    login         TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    why           TEXT NOT NULL,
    suggestion_id BIGINT REFERENCES suggestions (id) ON DELETE RESTRICT
);
CREATE INDEX changes_entity ON changes (entity_kind, entity_key, id);

-- +goose StatementBegin
CREATE FUNCTION changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'changes is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER changes_no_change BEFORE UPDATE OR DELETE ON changes
    FOR EACH ROW EXECUTE FUNCTION changes_append_only();

-- +goose Down
DROP TABLE changes, suggestions;
DROP FUNCTION changes_append_only();
