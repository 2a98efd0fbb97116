-- The street directory holds whole official address lists (Berlin: 400,000
-- addresses): each entry may name its district and carry the address's own
-- point, an address without house number (a square) is parity 'none', and
-- lookups read the entries of one street through the key index instead of
-- loading the directory. Ids are the entries' positions in the delivered
-- directory, written in bulk, so they are plain integers.
-- +goose Up
CREATE TABLE street_entries_new (
    id       INTEGER PRIMARY KEY,
    street   TEXT NOT NULL,
    key      TEXT NOT NULL,
    postcode TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    hnr_from TEXT NOT NULL DEFAULT '',
    hnr_to   TEXT NOT NULL DEFAULT '',
    parity   TEXT NOT NULL CHECK (parity IN ('all', 'odd', 'even', 'none')),
    block    TEXT NOT NULL,
    x        REAL NOT NULL DEFAULT 0,
    y        REAL NOT NULL DEFAULT 0
);
INSERT INTO street_entries_new (id, street, key, postcode, hnr_from, hnr_to, parity, block)
    SELECT id, street, key, postcode, hnr_from, hnr_to, parity, block FROM street_entries;
DROP TABLE street_entries;
ALTER TABLE street_entries_new RENAME TO street_entries;
CREATE INDEX street_entries_key ON street_entries (key);

-- +goose Down
CREATE TABLE street_entries_old (
    id       INTEGER PRIMARY KEY,
    street   TEXT NOT NULL,
    key      TEXT NOT NULL,
    postcode TEXT NOT NULL DEFAULT '',
    hnr_from TEXT NOT NULL DEFAULT '',
    hnr_to   TEXT NOT NULL DEFAULT '',
    parity   TEXT NOT NULL CHECK (parity IN ('all', 'odd', 'even')),
    block    TEXT NOT NULL
);
INSERT INTO street_entries_old (id, street, key, postcode, hnr_from, hnr_to, parity, block)
    SELECT id, street, key, postcode, hnr_from, hnr_to, parity, block FROM street_entries WHERE parity <> 'none';
DROP TABLE street_entries;
ALTER TABLE street_entries_old RENAME TO street_entries;
