-- Residents per block and group (all residents, an age band) on a
-- reference date: the denominators of planning figures such as offers
-- per 1,000 young residents. Kept per block, so every layer composed of
-- blocks gets its sums without loss.
-- +goose Up
CREATE TABLE populations (
    block          TEXT NOT NULL,
    grp            TEXT NOT NULL,
    reference_date DATE NOT NULL,
    residents      BIGINT NOT NULL CHECK (residents >= 0),
    PRIMARY KEY (grp, reference_date, block)
);

-- +goose Down
DROP TABLE populations;
