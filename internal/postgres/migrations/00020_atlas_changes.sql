-- The atlas's change feed: every insert or update of an offer or a place
-- leaves a row naming it and the atlas generation its transaction commits
-- (the stored generation + 1: atlas writes move it by one in the same
-- transaction; writers are serialised by an advisory lock). A process
-- whose search snapshot has generation g reads the rows after g and
-- patches its index instead of rebuilding it. Triggers, so that no write
-- path can forget it. A row may name a generation too high (a transaction
-- that moved the counter before writing), never one too low: reading an
-- entry twice is harmless, missing one is not.
-- +goose Up
CREATE TABLE atlas_changes (
    generation BIGINT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('offer', 'place')),
    ref        BIGINT NOT NULL
);
CREATE INDEX atlas_changes_generation ON atlas_changes (generation);

-- +goose StatementBegin
CREATE FUNCTION atlas_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO atlas_changes (generation, kind, ref)
    VALUES (COALESCE((SELECT CAST(value AS BIGINT) FROM settings WHERE key = 'atlas.generation'), 0) + 1, TG_ARGV[0], NEW.id);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER offers_change AFTER INSERT OR UPDATE ON offers
    FOR EACH ROW EXECUTE FUNCTION atlas_change('offer');
CREATE TRIGGER places_change AFTER INSERT OR UPDATE ON places
    FOR EACH ROW EXECUTE FUNCTION atlas_change('place');

-- +goose Down
DROP TRIGGER places_change ON places;
DROP TRIGGER offers_change ON offers;
DROP FUNCTION atlas_change();
DROP TABLE atlas_changes;
