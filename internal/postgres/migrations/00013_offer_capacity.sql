-- Capacity of an offer: the places a Kita states (e.g. Berlin's e_platz),
-- so the planning view counts places where they are known, not only offers.
-- +goose Up
ALTER TABLE offers ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0);

-- +goose Down
ALTER TABLE offers DROP COLUMN capacity;
