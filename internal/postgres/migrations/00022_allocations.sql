-- Saved allocation proposals (Verteilungsvorschläge): versions for the
-- committee, never changed. The proposal with its rule and every
-- intermediate value is JSON, read and written whole.
-- +goose Up
CREATE TABLE allocations (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0),
    created_at TIMESTAMPTZ NOT NULL,
    body       TEXT NOT NULL,
    UNIQUE (name, year, version)
);

-- +goose Down
DROP TABLE allocations;
