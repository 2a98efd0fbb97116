-- Accounts administered in the browser (issue 13). An administrator may set
-- a password for someone (an initial password of a new account, a reset):
-- must_change_password makes the person replace it at the next sign-in,
-- and password_set_at lets such a password expire unused. password_set_at
-- is NULL for accounts without a password and for passwords set before
-- this migration. Locking uses the existing disabled column.
-- +goose Up
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
ALTER TABLE users ADD COLUMN password_set_at TEXT;

-- +goose Down
ALTER TABLE users DROP COLUMN password_set_at;
ALTER TABLE users DROP COLUMN must_change_password;
