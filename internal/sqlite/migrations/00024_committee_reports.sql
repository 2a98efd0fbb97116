-- Committee reports (Ausschussberichte) saved for the committee: the
-- commentary and every figure, withheld as published, kept whole as JSON
-- so that what the committee read stays as it was.
-- +goose Up
CREATE TABLE committee_reports (
    id           INTEGER PRIMARY KEY,
    layer        TEXT NOT NULL,
    title        TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    body         TEXT NOT NULL
);

-- +goose Down
DROP TABLE committee_reports;
