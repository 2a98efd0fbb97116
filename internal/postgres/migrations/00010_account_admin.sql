-- Accounts administered in the browser (issue 13). An administrator may set
-- a password for someone (an initial password of a new account, a reset):
-- must_change_password makes the person replace it at the next sign-in,
-- and password_set_at lets such a password expire unused (NULL for
-- accounts without a password and for passwords set before this
-- migration). must_enroll_totp: an administrator removed the second factor,
-- and the person enrols a new one at the next sign-in. Locking uses the
-- existing disabled column.
-- +goose Up
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
                  ADD COLUMN password_set_at TIMESTAMPTZ,
                  ADD COLUMN must_enroll_totp BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE users DROP COLUMN must_enroll_totp, DROP COLUMN password_set_at, DROP COLUMN must_change_password;
