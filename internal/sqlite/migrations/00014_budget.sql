-- Space budgets (Sozialraumbudgets): a budget per space, optionally per
-- team, and year; its lines; and the ledger of planned, committed and
-- booked amounts in integer cents. The ledger is append-only like the
-- audit log: triggers refuse UPDATE and DELETE, a correction is a new
-- entry reversing an old one, and an entry is reversed at most once.
-- +goose Up
CREATE TABLE budgets (
    id         INTEGER PRIMARY KEY,
    space      TEXT NOT NULL,
    team       TEXT NOT NULL DEFAULT '',
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    basis      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (space, team, year)
);

CREATE TABLE budget_lines (
    id          INTEGER PRIMARY KEY,
    budget_id   INTEGER NOT NULL REFERENCES budgets (id) ON DELETE RESTRICT,
    code        TEXT NOT NULL,
    type        TEXT NOT NULL,
    label       TEXT NOT NULL,
    funding     TEXT NOT NULL CHECK (funding IN ('lump_sum', 'service_hours', 'daily_rate', 'actual_cost')),
    provider    TEXT NOT NULL DEFAULT '',
    cover_group TEXT NOT NULL DEFAULT '',
    UNIQUE (budget_id, code)
);

CREATE TABLE budget_entries (
    id            INTEGER PRIMARY KEY,
    line_id       INTEGER NOT NULL REFERENCES budget_lines (id) ON DELETE RESTRICT,
    kind          TEXT NOT NULL CHECK (kind IN ('planned', 'committed', 'booked')),
    amount        INTEGER NOT NULL CHECK (amount <> 0),
    value_date    TEXT NOT NULL,
    term_from     TEXT,
    term_to       TEXT,
    unit          TEXT NOT NULL DEFAULT '' CHECK (unit IN ('', 'hour', 'day')),
    per_week      INTEGER NOT NULL DEFAULT 0,
    rate          INTEGER NOT NULL DEFAULT 0,
    commitment_id INTEGER REFERENCES budget_entries (id) ON DELETE RESTRICT,
    reverses_id   INTEGER UNIQUE REFERENCES budget_entries (id) ON DELETE RESTRICT,
    ref           TEXT NOT NULL DEFAULT '',
    why           TEXT NOT NULL CHECK (why <> ''),
    user_id       INTEGER NOT NULL DEFAULT 0,
    login         TEXT NOT NULL,
    at            TEXT NOT NULL,
    CHECK ((kind = 'committed') = (term_from IS NOT NULL AND term_to IS NOT NULL)),
    CHECK (term_to IS NULL OR term_to > term_from)
);
-- The figures are sums by line, kind and commitment (EntrySums): the
-- first index answers them from the index alone (the id is the rowid).
CREATE INDEX budget_entries_sums ON budget_entries (line_id, kind, commitment_id, amount);
CREATE INDEX budget_entries_commitment ON budget_entries (commitment_id);
CREATE INDEX budget_entries_ref ON budget_entries (ref) WHERE ref <> '';

-- +goose StatementBegin
CREATE TRIGGER budget_entries_no_update BEFORE UPDATE ON budget_entries
BEGIN
    SELECT RAISE(ABORT, 'budget_entries is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER budget_entries_no_delete BEFORE DELETE ON budget_entries
BEGIN
    SELECT RAISE(ABORT, 'budget_entries is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE budget_entries;
DROP TABLE budget_lines;
DROP TABLE budgets;
