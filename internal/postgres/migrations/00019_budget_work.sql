-- Case-independent work and the finance import of the space budgets:
-- projects of milieu and structural work with their partners from the
-- atlas and aggregate participation counts (no personal data), the link of
-- a booking to a project, the hours staff record per week by kind of work
-- and the target share of case-independent work per team, and the mapping
-- of the municipal finance system's cost centres and cost units to a space
-- budget's line.
-- +goose Up
CREATE TABLE budget_projects (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    space      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('milieu', 'structural')),
    goals      TEXT NOT NULL DEFAULT '',
    partners   TEXT NOT NULL DEFAULT '[]',
    valid_from DATE NOT NULL,
    valid_to   DATE,
    created_at TIMESTAMPTZ NOT NULL,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);

-- Counts per period are replaced as a whole: they are aggregate figures,
-- not a ledger.
CREATE TABLE budget_project_counts (
    project_id   BIGINT NOT NULL REFERENCES budget_projects (id) ON DELETE RESTRICT,
    period_from  DATE NOT NULL,
    period_to    DATE NOT NULL,
    participants INTEGER NOT NULL CHECK (participants >= 0),
    meetings     INTEGER NOT NULL DEFAULT 0 CHECK (meetings >= 0),
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, period_from),
    CHECK (period_to > period_from)
);

-- A booking's project: a table beside the append-only ledger, written in
-- the booking's transaction and append-only like it.
CREATE TABLE budget_entry_projects (
    entry_id   BIGINT PRIMARY KEY REFERENCES budget_entries (id) ON DELETE RESTRICT,
    project_id BIGINT NOT NULL REFERENCES budget_projects (id) ON DELETE RESTRICT
);
CREATE INDEX budget_entry_projects_project ON budget_entry_projects (project_id);

-- Hours are personal data of staff: one row per person, team, week, kind
-- and project (0 = none), replaced when recorded again.
CREATE TABLE staff_hours (
    user_id     BIGINT NOT NULL,
    team        TEXT NOT NULL,
    week        DATE NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('case', 'milieu', 'structural')),
    project_id  BIGINT NOT NULL DEFAULT 0,
    hundredths  INTEGER NOT NULL CHECK (hundredths > 0),
    recorded_by TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, team, week, kind, project_id)
);
CREATE INDEX staff_hours_team ON staff_hours (team, week);

CREATE TABLE team_hour_targets (
    team       TEXT PRIMARY KEY,
    percent    INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    basis      TEXT NOT NULL DEFAULT '',
    set_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE finance_mappings (
    cost_centre TEXT NOT NULL,
    cost_unit   TEXT NOT NULL,
    space       TEXT NOT NULL,
    team        TEXT NOT NULL DEFAULT '',
    line        TEXT NOT NULL,
    PRIMARY KEY (cost_centre, cost_unit)
);

-- +goose StatementBegin
CREATE FUNCTION budget_entry_projects_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'budget_entry_projects is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER budget_entry_projects_no_change BEFORE UPDATE OR DELETE ON budget_entry_projects
    FOR EACH ROW EXECUTE FUNCTION budget_entry_projects_append_only();

-- +goose Down
DROP TABLE finance_mappings;
DROP TABLE team_hour_targets;
DROP TABLE staff_hours;
DROP TABLE budget_entry_projects;
DROP TABLE budget_project_counts;
DROP TABLE budget_projects;
DROP FUNCTION budget_entry_projects_append_only();
