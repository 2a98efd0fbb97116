-- Membership of an alliance has a validity like an assignment: one row per
-- period [valid_from, valid_to), a provider may leave and rejoin, and the
-- lead is the lead of a period: "one lead per alliance" is a rule over
-- days, checked by the domain; the schema still holds that at most one
-- lead period is open (two open ones would share every later day). A NULL
-- valid_from is "since the alliance began": the members recorded before
-- this migration had no dates, and none are invented for them.
-- +goose Up
CREATE TABLE alliance_memberships (
    id          INTEGER PRIMARY KEY,
    alliance_id INTEGER NOT NULL REFERENCES alliances (id) ON DELETE RESTRICT,
    provider_id INTEGER NOT NULL REFERENCES providers (id) ON DELETE RESTRICT,
    lead        INTEGER NOT NULL DEFAULT 0 CHECK (lead IN (0, 1)),
    valid_from  TEXT,
    valid_to    TEXT,
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from)
);
INSERT INTO alliance_memberships (alliance_id, provider_id, lead)
    SELECT alliance_id, provider_id, lead FROM alliance_members;
DROP TABLE alliance_members;
ALTER TABLE alliance_memberships RENAME TO alliance_members;
CREATE INDEX alliance_members_alliance ON alliance_members (alliance_id, provider_id);
CREATE UNIQUE INDEX alliance_one_open_lead ON alliance_members (alliance_id) WHERE lead = 1 AND valid_to IS NULL;

-- +goose Down
DROP INDEX alliance_one_open_lead;
CREATE TABLE alliance_members_old (
    alliance_id INTEGER NOT NULL REFERENCES alliances (id) ON DELETE RESTRICT,
    provider_id INTEGER NOT NULL REFERENCES providers (id) ON DELETE RESTRICT,
    lead        INTEGER NOT NULL DEFAULT 0 CHECK (lead IN (0, 1)),
    PRIMARY KEY (alliance_id, provider_id)
);
-- Only the open memberships survive the way back.
INSERT OR IGNORE INTO alliance_members_old (alliance_id, provider_id, lead)
    SELECT alliance_id, provider_id, lead FROM alliance_members WHERE valid_to IS NULL;
DROP TABLE alliance_members;
ALTER TABLE alliance_members_old RENAME TO alliance_members;
CREATE UNIQUE INDEX alliance_one_lead ON alliance_members (alliance_id) WHERE lead = 1;
