-- Allocation proposals released to the committee and the public: one row
-- per released version, the report as released (amounts, bounds, changes
-- and the measures withheld as published) kept whole as JSON like a
-- committee report, so what the committee read stays as it was. The
-- proposal itself stays unchanged in allocations.
-- +goose Up
CREATE TABLE allocation_releases (
    allocation_id BIGINT PRIMARY KEY REFERENCES allocations (id),
    released_at   TIMESTAMPTZ NOT NULL,
    released_by   TEXT NOT NULL,
    body          TEXT NOT NULL
);

-- +goose Down
DROP TABLE allocation_releases;
