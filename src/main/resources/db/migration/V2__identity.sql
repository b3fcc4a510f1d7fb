-- Identity: signing keys shared by every api process, and rate-limit counters kept in the database
-- so that limits hold across processes. Times are UTC, written by the application.

CREATE TABLE auth_signing_keys (
  kid              VARCHAR(64)  NOT NULL PRIMARY KEY,
  algorithm        VARCHAR(16)  NOT NULL,
  -- the key pair as a JWK (private part included); the public part alone for the JWKS
  private_jwk      TEXT         NOT NULL,
  public_jwk       TEXT         NOT NULL,
  created_at       DATETIME(3)  NOT NULL,
  -- set when a newer key took over signing; the public key stays published until its tokens expire
  retired_at       DATETIME(3)  NULL,
  INDEX ix_signing_keys_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE auth_rate_limits (
  -- e.g. login:ip:203.0.113.9 or login:account:<sha-256 of the e-mail>
  bucket           VARCHAR(191) NOT NULL PRIMARY KEY,
  window_start     DATETIME(3)  NOT NULL,
  hits             INT          NOT NULL,
  INDEX ix_rate_limits_window (window_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE INDEX ix_refresh_user ON refresh_tokens (user_id);
