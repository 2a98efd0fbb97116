-- The street directory holds whole official address lists (Berlin: 400,000
-- addresses): each entry may name its district and carry the address's own
-- point, an address without house number (a square) is parity 'none', and
-- lookups read the entries of one street through the key index instead of
-- loading the directory. Ids are the entries' positions in the delivered
-- directory, written in bulk, so they are plain integers. The rows are kept
-- in key order (a WITHOUT ROWID table on key, postcode, id): the entries
-- of a street lie together and come out in the order lookups want, with
-- no index to keep beside the table.
-- +goose Up
CREATE TABLE street_entries_new (
    id       INTEGER NOT NULL,
    street   TEXT NOT NULL,
    key      TEXT NOT NULL,
    postcode TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    hnr_from TEXT NOT NULL DEFAULT '',
    hnr_to   TEXT NOT NULL DEFAULT '',
    parity   TEXT NOT NULL CHECK (parity IN ('all', 'odd', 'even', 'none')),
    block    TEXT NOT NULL,
    x        REAL NOT NULL DEFAULT 0,
    y        REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (key, postcode, id)
) WITHOUT ROWID;
INSERT INTO street_entries_new (id, street, key, postcode, hnr_from, hnr_to, parity, block)
    SELECT id, street, key, postcode, hnr_from, hnr_to, parity, block FROM street_entries;
DROP TABLE street_entries;
ALTER TABLE street_entries_new RENAME TO street_entries;

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
