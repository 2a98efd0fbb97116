-- Membership of an alliance has a validity like an assignment: one row per
-- period [valid_from, valid_to), a provider may leave and rejoin, and the
-- lead is the lead of a period: "one lead per alliance" is a rule over
-- days, checked by the domain; the schema still holds that at most one
-- lead period is open (two open ones would share every later day). A NULL
-- valid_from is "since the alliance began": the members recorded before
-- this migration had no dates, and none are invented for them.
-- +goose Up
ALTER TABLE alliance_members DROP CONSTRAINT alliance_members_pkey;
DROP INDEX alliance_one_lead;
ALTER TABLE alliance_members ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
ALTER TABLE alliance_members ADD COLUMN valid_from DATE;
ALTER TABLE alliance_members ADD COLUMN valid_to DATE;
ALTER TABLE alliance_members ADD CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from);
CREATE INDEX alliance_members_alliance ON alliance_members (alliance_id, provider_id);
CREATE UNIQUE INDEX alliance_one_open_lead ON alliance_members (alliance_id) WHERE lead AND valid_to IS NULL;

-- +goose Down
DROP INDEX alliance_one_open_lead;
-- Only the open memberships survive the way back.
DELETE FROM alliance_members WHERE valid_to IS NOT NULL;
DELETE FROM alliance_members a USING alliance_members b
    WHERE a.alliance_id = b.alliance_id AND a.provider_id = b.provider_id AND a.id > b.id;
DROP INDEX alliance_members_alliance;
ALTER TABLE alliance_members DROP COLUMN valid_to;
ALTER TABLE alliance_members DROP COLUMN valid_from;
ALTER TABLE alliance_members DROP COLUMN id;
ALTER TABLE alliance_members ADD PRIMARY KEY (alliance_id, provider_id);
CREATE UNIQUE INDEX alliance_one_lead ON alliance_members (alliance_id) WHERE lead;
