-- +goose Up
-- Foreign keys are ON DELETE RESTRICT throughout: history is ended (valid_to),
-- never deleted, so a delete that would orphan a row is a bug to surface.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE layers (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('block', 'composed', 'imported')),
    is_space BOOLEAN NOT NULL DEFAULT FALSE,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE versions (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    layer_id         BIGINT NOT NULL REFERENCES layers (id) ON DELETE RESTRICT,
    reference_date   DATE NOT NULL,
    valid_from       DATE NOT NULL,
    valid_to         DATE,
    block_version_id BIGINT REFERENCES versions (id) ON DELETE RESTRICT,
    source           TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX versions_layer ON versions (layer_id, valid_from);
-- At most one open version per layer.
CREATE UNIQUE INDEX versions_open ON versions (layer_id) WHERE valid_to IS NULL;

CREATE TABLE areas (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id BIGINT NOT NULL REFERENCES versions (id) ON DELETE RESTRICT,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    geometry   BYTEA NOT NULL, -- WKB MultiPolygon in the installation's CRS
    area_m2    DOUBLE PRECISION NOT NULL,
    properties JSONB NOT NULL DEFAULT '{}',
    UNIQUE (version_id, code)
);

CREATE TABLE area_blocks (
    area_id    BIGINT NOT NULL REFERENCES areas (id) ON DELETE RESTRICT,
    block_code TEXT NOT NULL,
    PRIMARY KEY (area_id, block_code)
);
-- "Which area of version V holds block X" starts from the block: the
-- index yields the few areas (one per composed version) to filter by version.
CREATE INDEX area_blocks_block ON area_blocks (block_code, area_id);

CREATE TABLE providers (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    short_name TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL CHECK (kind IN ('public', 'independent')),
    website    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE alliances (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE alliance_members (
    alliance_id BIGINT NOT NULL REFERENCES alliances (id) ON DELETE RESTRICT,
    provider_id BIGINT NOT NULL REFERENCES providers (id) ON DELETE RESTRICT,
    lead        BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (alliance_id, provider_id)
);
CREATE UNIQUE INDEX alliance_one_lead ON alliance_members (alliance_id) WHERE lead;

CREATE TABLE assignments (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    space       TEXT NOT NULL,
    provider_id BIGINT REFERENCES providers (id) ON DELETE RESTRICT,
    alliance_id BIGINT REFERENCES alliances (id) ON DELETE RESTRICT,
    valid_from  DATE NOT NULL,
    valid_to    DATE,
    note        TEXT NOT NULL DEFAULT '',
    CHECK ((provider_id IS NULL) <> (alliance_id IS NULL)),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX assignments_space ON assignments (space, valid_from);

CREATE TABLE teams (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    space       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('office', 'provider')),
    name        TEXT NOT NULL,
    provider_id BIGINT REFERENCES providers (id) ON DELETE RESTRICT
);
CREATE INDEX teams_space ON teams (space);

CREATE TABLE rooms (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id       BIGINT NOT NULL REFERENCES teams (id) ON DELETE RESTRICT,
    name          TEXT NOT NULL,
    street        TEXT NOT NULL,
    house_no      TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    x             DOUBLE PRECISION,
    y             DOUBLE PRECISION,
    opening_hours TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rooms_team ON rooms (team_id);

CREATE TABLE people (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT ''
);

CREATE TABLE leaderships (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    space      TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('regional_head', 'coordinator')),
    person_id  BIGINT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    valid_from DATE NOT NULL,
    valid_to   DATE,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX leaderships_space ON leaderships (space, valid_from);

CREATE TABLE street_entries (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    street   TEXT NOT NULL,
    key      TEXT NOT NULL,
    postcode TEXT NOT NULL DEFAULT '',
    hnr_from TEXT NOT NULL DEFAULT '',
    hnr_to   TEXT NOT NULL DEFAULT '',
    parity   TEXT NOT NULL CHECK (parity IN ('all', 'odd', 'even')),
    block    TEXT NOT NULL
);

-- +goose Down
DROP TABLE street_entries, leaderships, people, rooms, teams, assignments, alliance_members, alliances, providers, area_blocks, areas, versions, layers, settings;
