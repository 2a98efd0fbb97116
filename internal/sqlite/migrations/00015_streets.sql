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
) WITHOUT ROWID;
INSERT INTO streets (key, entries)
    SELECT key, group_concat(
            id || char(9) || replace(replace(replace(street, char(9), ' '), char(10), ' '), char(13), ' ') || char(9) ||
            replace(replace(replace(postcode, char(9), ' '), char(10), ' '), char(13), ' ') || char(9) || char(9) ||
            replace(replace(replace(hnr_from, char(9), ' '), char(10), ' '), char(13), ' ') || char(9) ||
            replace(replace(replace(hnr_to, char(9), ' '), char(10), ' '), char(13), ' ') || char(9) ||
            parity || char(9) || replace(replace(replace(block, char(9), ' '), char(10), ' '), char(13), ' ') || char(9) || '0' || char(9) || '0',
            char(10) ORDER BY postcode, id)
    FROM street_entries GROUP BY key;
DROP TABLE street_entries;

-- +goose Down
-- The entries are not unpacked again: import the directory anew.
DROP TABLE streets;
CREATE TABLE street_entries (
    id       INTEGER PRIMARY KEY,
    street   TEXT NOT NULL,
    key      TEXT NOT NULL,
    postcode TEXT NOT NULL DEFAULT '',
    hnr_from TEXT NOT NULL DEFAULT '',
    hnr_to   TEXT NOT NULL DEFAULT '',
    parity   TEXT NOT NULL CHECK (parity IN ('all', 'odd', 'even')),
    block    TEXT NOT NULL
);
