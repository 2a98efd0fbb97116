-- The atlas's change feed: every insert or update of an offer or a place
-- leaves a row naming it and the atlas generation its transaction commits
-- (the stored generation + 1: atlas writes move it by one in the same
-- transaction). A process whose search snapshot has generation g reads the
-- rows after g and patches its index instead of rebuilding it. Triggers,
-- so that no write path can forget it. A row may name a generation too
-- high (a transaction that moved the counter before writing), never one
-- too low: reading an entry twice is harmless, missing one is not.
-- +goose Up
CREATE TABLE atlas_changes (
    generation INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('offer', 'place')),
    ref        INTEGER NOT NULL
);
CREATE INDEX atlas_changes_generation ON atlas_changes (generation);

-- +goose StatementBegin
CREATE TRIGGER offers_change_insert AFTER INSERT ON offers
BEGIN
    INSERT INTO atlas_changes (generation, kind, ref)
    VALUES (COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'atlas.generation'), 0) + 1, 'offer', NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER offers_change_update AFTER UPDATE ON offers
BEGIN
    INSERT INTO atlas_changes (generation, kind, ref)
    VALUES (COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'atlas.generation'), 0) + 1, 'offer', NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER places_change_insert AFTER INSERT ON places
BEGIN
    INSERT INTO atlas_changes (generation, kind, ref)
    VALUES (COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'atlas.generation'), 0) + 1, 'place', NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER places_change_update AFTER UPDATE ON places
BEGIN
    INSERT INTO atlas_changes (generation, kind, ref)
    VALUES (COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'atlas.generation'), 0) + 1, 'place', NEW.id);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER places_change_update;
DROP TRIGGER places_change_insert;
DROP TRIGGER offers_change_update;
DROP TRIGGER offers_change_insert;
DROP TABLE atlas_changes;
