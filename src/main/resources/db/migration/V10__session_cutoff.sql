-- Access tokens are stateless JWTs; a password change or reset must still end every session at
-- once. Tokens of the user issued before this instant (second resolution, as the JWT's iat) are
-- refused by the guard, which reads the user row on every protected request anyway.
ALTER TABLE users ADD COLUMN sessions_valid_after DATETIME NULL;
