-- Notices to accounts (the "Hinweise" page): today the warning that a
-- budget line crossed a threshold, for the controller and the space's
-- leadership duo. They hold no personal data. budget_thresholds records
-- each threshold a line has crossed once, so it is announced once.
-- +goose Up
CREATE TABLE notices (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    subject    TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    message    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ
);
CREATE INDEX notices_user ON notices (user_id, id);

CREATE TABLE budget_thresholds (
    budget_id  BIGINT NOT NULL REFERENCES budgets (id) ON DELETE RESTRICT,
    line       TEXT NOT NULL,
    threshold  INTEGER NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (budget_id, line, threshold)
);

-- +goose Down
DROP TABLE budget_thresholds;
DROP TABLE notices;
