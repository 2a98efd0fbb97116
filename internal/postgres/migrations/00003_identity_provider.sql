-- Grants given by the identity provider's claims end when the claims no
-- longer give them; grants made in Quartier are left alone. An account
-- created by an OpenID Connect sign-in is bound to that issuer and subject,
-- so a provider user whose name equals a local login cannot take it over.
-- A grant that starts and ends on the same day is an empty period (never
-- in force): that is how access given today is taken back today.
-- +goose Up
ALTER TABLE users ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE grants ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE grants DROP CONSTRAINT grants_check;
ALTER TABLE grants ADD CONSTRAINT grants_period CHECK (valid_to IS NULL OR valid_to >= valid_from);

-- +goose Down
DELETE FROM grants WHERE valid_to = valid_from;
ALTER TABLE grants DROP CONSTRAINT grants_period;
ALTER TABLE grants ADD CONSTRAINT grants_check CHECK (valid_to IS NULL OR valid_to > valid_from);
ALTER TABLE grants DROP COLUMN source;
ALTER TABLE users DROP COLUMN external_id;
