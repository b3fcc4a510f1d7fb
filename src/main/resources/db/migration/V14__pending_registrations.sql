-- Issue 12: every sign-up attempt is its own pending registration; an account row is written only
-- when an attempt is confirmed with the mailed code and that attempt's password. All live attempts
-- of an address share the newest mailed code (hashed per row with its own salt).
CREATE TABLE pending_registrations (
  id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email            VARCHAR(254) NOT NULL,
  display_name     VARCHAR(100) NOT NULL,
  password_hash    VARCHAR(255) NOT NULL,
  code_hash        VARCHAR(255) NOT NULL,
  failed_attempts  INT          NOT NULL DEFAULT 0,
  code_expires_at  DATETIME(3)  NOT NULL,
  created_at       DATETIME(3)  NOT NULL,
  INDEX ix_pending_email (email, id),
  INDEX ix_pending_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Wrong confirmation/reset codes per address (sha-256 of the e-mail) within a day.
CREATE TABLE auth_code_failures (
  account          CHAR(64)     NOT NULL PRIMARY KEY,
  window_start     DATETIME(3)  NOT NULL,
  failures         INT          NOT NULL,
  -- set when the address was told that the cap was reached (once per window)
  notified_at      DATETIME(3)  NULL,
  INDEX ix_code_failures_window (window_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Accounts left unconfirmed by earlier versions become pending attempts with the password they
-- hold; their latest live code keeps working, and a resent code revives the others for a day.
-- Their users rows stay UNCONFIRMED until confirmed (then the row becomes the attempt's account).
INSERT INTO pending_registrations
  (email, display_name, password_hash, code_hash, failed_attempts, code_expires_at, created_at)
SELECT u.email, u.display_name, u.password_hash,
       COALESCE(v.code_hash, 'none'), COALESCE(v.failed_attempts, 0),
       COALESCE(v.expires_at, UTC_TIMESTAMP(3)), UTC_TIMESTAMP(3)
FROM users u
LEFT JOIN verification_codes v ON v.id = (
  SELECT MAX(v2.id) FROM verification_codes v2
  WHERE v2.user_id = u.id AND v2.purpose = 'CONFIRM_EMAIL' AND v2.used_at IS NULL)
WHERE u.status = 'UNCONFIRMED' AND u.password_hash IS NOT NULL;
