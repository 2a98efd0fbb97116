-- The atlas of local offers: places, offers at places, topics. Lists are
-- comma-separated codes, opening hours and contacts JSON: they are read
-- whole with their offer and searched in memory, never queried by part.
-- +goose Up
CREATE TABLE topics (
    code     TEXT PRIMARY KEY,
    label    TEXT NOT NULL,
    parent   TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE places (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key                TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    provider_id        BIGINT REFERENCES providers (id) ON DELETE RESTRICT,
    street             TEXT NOT NULL DEFAULT '',
    house_number       TEXT NOT NULL DEFAULT '',
    postcode           TEXT NOT NULL DEFAULT '',
    city               TEXT NOT NULL DEFAULT '',
    x                  DOUBLE PRECISION NOT NULL DEFAULT 0,
    y                  DOUBLE PRECISION NOT NULL DEFAULT 0,
    block              TEXT NOT NULL DEFAULT '',
    space              TEXT NOT NULL DEFAULT '',
    confidential       BOOLEAN NOT NULL DEFAULT FALSE,
    contact_path       TEXT NOT NULL DEFAULT '',
    accessibility      TEXT NOT NULL DEFAULT '',
    accessibility_note TEXT NOT NULL DEFAULT '',
    source             TEXT NOT NULL DEFAULT '',
    verified_on        DATE NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    CHECK (NOT confidential OR contact_path <> '')
);
CREATE INDEX places_space ON places (space);

CREATE TABLE offers (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    provider_id   BIGINT REFERENCES providers (id) ON DELETE RESTRICT,
    topics        TEXT NOT NULL,
    target_groups TEXT NOT NULL DEFAULT '',
    min_age       INTEGER,
    max_age       INTEGER,
    languages     TEXT NOT NULL DEFAULT '',
    costs         TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
    valid_from    DATE,
    valid_to      DATE,
    hours         TEXT NOT NULL DEFAULT '{}',
    contacts      TEXT NOT NULL DEFAULT '[]',
    website       TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    verified_on   DATE NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE offer_places (
    offer_id BIGINT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    place_id BIGINT NOT NULL REFERENCES places (id) ON DELETE RESTRICT,
    PRIMARY KEY (offer_id, place_id)
);
CREATE INDEX offer_places_place ON offer_places (place_id);

-- +goose Down
DROP TABLE offer_places;
DROP TABLE offers;
DROP TABLE places;
DROP TABLE topics;
