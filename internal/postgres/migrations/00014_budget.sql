-- Space budgets (Sozialraumbudgets): a budget per space, optionally per
-- team, and year; its lines; and the ledger of planned, committed and
-- booked amounts in integer cents. The ledger is append-only like the
-- audit log: a trigger refuses UPDATE and DELETE, a correction is a new
-- entry reversing an old one, and an entry is reversed at most once.
-- +goose Up
CREATE TABLE budgets (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    space      TEXT NOT NULL,
    team       TEXT NOT NULL DEFAULT '',
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    basis      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (space, team, year)
);

CREATE TABLE budget_lines (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    budget_id   BIGINT NOT NULL REFERENCES budgets (id) ON DELETE RESTRICT,
    code        TEXT NOT NULL,
    type        TEXT NOT NULL,
    label       TEXT NOT NULL,
    funding     TEXT NOT NULL CHECK (funding IN ('lump_sum', 'service_hours', 'daily_rate', 'actual_cost')),
    provider    TEXT NOT NULL DEFAULT '',
    cover_group TEXT NOT NULL DEFAULT '',
    UNIQUE (budget_id, code)
);

CREATE TABLE budget_entries (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    line_id       BIGINT NOT NULL REFERENCES budget_lines (id) ON DELETE RESTRICT,
    kind          TEXT NOT NULL CHECK (kind IN ('planned', 'committed', 'booked')),
    amount        BIGINT NOT NULL CHECK (amount <> 0),
    value_date    DATE NOT NULL,
    term_from     DATE,
    term_to       DATE,
    unit          TEXT NOT NULL DEFAULT '' CHECK (unit IN ('', 'hour', 'day')),
    per_week      BIGINT NOT NULL DEFAULT 0,
    rate          BIGINT NOT NULL DEFAULT 0,
    commitment_id BIGINT REFERENCES budget_entries (id) ON DELETE RESTRICT,
    reverses_id   BIGINT UNIQUE REFERENCES budget_entries (id) ON DELETE RESTRICT,
    ref           TEXT NOT NULL DEFAULT '',
    why           TEXT NOT NULL CHECK (why <> ''),
    user_id       BIGINT NOT NULL DEFAULT 0,
    login         TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    CHECK ((kind = 'committed') = (term_from IS NOT NULL AND term_to IS NOT NULL)),
    CHECK (term_to IS NULL OR term_to > term_from)
);
-- The figures are sums by line, kind and commitment (EntrySums): the
-- first index answers them from the index alone.
CREATE INDEX budget_entries_sums ON budget_entries (line_id, kind, commitment_id, amount, id);
CREATE INDEX budget_entries_commitment ON budget_entries (commitment_id);
CREATE INDEX budget_entries_ref ON budget_entries (ref) WHERE ref <> '';

-- +goose StatementBegin
CREATE FUNCTION budget_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'budget_entries is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER budget_entries_no_change BEFORE UPDATE OR DELETE ON budget_entries
    FOR EACH ROW EXECUTE FUNCTION budget_entries_append_only();

-- +goose Down
DROP TABLE budget_entries, budget_lines, budgets;
DROP FUNCTION budget_entries_append_only();
