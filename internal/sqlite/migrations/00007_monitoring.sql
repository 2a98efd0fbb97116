-- Social monitoring: indicators delivered on a layer in a Gebietsstand,
-- their values per area and reference date, and index definitions. A
-- share keeps its numerator and denominator when delivered with them, so
-- that larger areas sum counts instead of averaging shares. An index
-- definition is JSON, read and written whole.
-- +goose Up
CREATE TABLE indicators (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    unit        TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('count', 'share', 'value')),
    scale       REAL NOT NULL DEFAULT 0,
    direction   TEXT NOT NULL CHECK (direction IN ('higher_worse', 'higher_better')),
    source      TEXT NOT NULL DEFAULT '',
    licence     TEXT NOT NULL DEFAULT '',
    layer       TEXT NOT NULL,
    layer_date  TEXT NOT NULL,
    base_group  TEXT NOT NULL DEFAULT 'gesamt'
);

CREATE TABLE indicator_values (
    indicator_id   INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    reference_date TEXT NOT NULL,
    area           TEXT NOT NULL,
    value          REAL NOT NULL,
    numerator      REAL CHECK (numerator >= 0),
    denominator    REAL CHECK (denominator > 0),
    PRIMARY KEY (indicator_id, reference_date, area),
    CHECK ((numerator IS NULL) = (denominator IS NULL))
);

CREATE TABLE indices (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    definition TEXT NOT NULL
);

-- +goose Down
DROP TABLE indices;
DROP TABLE indicator_values;
DROP TABLE indicators;
