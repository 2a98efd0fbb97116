-- Social monitoring, second step: the threshold below which counts are
-- suppressed in published outputs (0: the installation's default of 3);
-- the Gebietsstand each delivery of values was made on (a value stays on
-- the codes it was delivered with, while the indicator names the layer's
-- newest delivery); and published outputs, a suppressed snapshot kept
-- whole as JSON so that what the committee saw stays as it was.
-- +goose Up
ALTER TABLE indicators ADD COLUMN min_count INTEGER NOT NULL DEFAULT 0 CHECK (min_count >= 0);

ALTER TABLE indicator_values ADD COLUMN layer_date TEXT;
UPDATE indicator_values SET layer_date = (SELECT layer_date FROM indicators WHERE indicators.id = indicator_values.indicator_id);

CREATE TABLE publications (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('indicator', 'index')),
    subject        TEXT NOT NULL,
    layer          TEXT NOT NULL,
    reference_date TEXT NOT NULL,
    title          TEXT NOT NULL,
    published_at   TEXT NOT NULL,
    published_by   TEXT NOT NULL,
    content        TEXT NOT NULL
);
CREATE INDEX publications_subject ON publications (kind, subject);

-- +goose Down
DROP TABLE publications;
ALTER TABLE indicator_values DROP COLUMN layer_date;
ALTER TABLE indicators DROP COLUMN min_count;
