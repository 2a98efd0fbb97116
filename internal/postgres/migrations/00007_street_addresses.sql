-- The street directory holds whole official address lists (Berlin: 400,000
-- addresses): each entry may name its district and carry the address's own
-- point, an address without house number (a square) is parity 'none', and
-- lookups read the entries of one street through the key index instead of
-- loading the directory. Ids are the entries' positions in the delivered
-- directory, written by COPY, so they are no longer generated.
-- +goose Up
ALTER TABLE street_entries ALTER COLUMN id DROP IDENTITY;
ALTER TABLE street_entries ADD COLUMN district TEXT NOT NULL DEFAULT '';
ALTER TABLE street_entries ADD COLUMN x DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE street_entries ADD COLUMN y DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE street_entries DROP CONSTRAINT street_entries_parity_check;
ALTER TABLE street_entries ADD CONSTRAINT street_entries_parity_check CHECK (parity IN ('all', 'odd', 'even', 'none'));
CREATE INDEX street_entries_key ON street_entries (key, postcode, id);

-- +goose Down
DROP INDEX street_entries_key;
DELETE FROM street_entries WHERE parity = 'none';
ALTER TABLE street_entries DROP CONSTRAINT street_entries_parity_check;
ALTER TABLE street_entries ADD CONSTRAINT street_entries_parity_check CHECK (parity IN ('all', 'odd', 'even'));
ALTER TABLE street_entries DROP COLUMN y;
ALTER TABLE street_entries DROP COLUMN x;
ALTER TABLE street_entries DROP COLUMN district;
ALTER TABLE street_entries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('street_entries', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM street_entries;
