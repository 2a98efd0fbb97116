-- The street directory holds whole official address lists (Berlin: 401,032
-- addresses). It is stored a street at a time: one row per normalised
-- street name with its entries as text, one a line, the fields separated
-- by tabs: id, street, postcode, district, from, to, parity, block, x, y
-- (see internal/sqlstore/streets.go). Entries may now name their district
-- and carry the address's own point, and parity 'none' is the address
-- without number (a square). The old rows move over; tabs and line breaks,
-- which the format cannot hold and imports now refuse, become spaces.
-- +goose Up
CREATE TABLE streets (
    key     TEXT PRIMARY KEY,
    entries TEXT NOT NULL
);
INSERT INTO streets (key, entries)
    SELECT key, string_agg(concat_ws(E'\t', id, translate(street, E'\t\n\r', '   '), translate(postcode, E'\t\n\r', '   '), '',
            translate(hnr_from, E'\t\n\r', '   '), translate(hnr_to, E'\t\n\r', '   '), parity, translate(block, E'\t\n\r', '   '), '0', '0'),
            E'\n' ORDER BY postcode, id)
    FROM street_entries GROUP BY key;
DROP TABLE street_entries;

-- +goose Down
-- The entries are not unpacked again: import the directory anew.
DROP TABLE streets;
CREATE TABLE street_entries (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    street   TEXT NOT NULL,
    key      TEXT NOT NULL,
    postcode TEXT NOT NULL DEFAULT '',
    hnr_from TEXT NOT NULL DEFAULT '',
    hnr_to   TEXT NOT NULL DEFAULT '',
    parity   TEXT NOT NULL CHECK (parity IN ('all', 'odd', 'even')),
    block    TEXT NOT NULL
);
