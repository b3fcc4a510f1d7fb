-- Secrets every process of one deployment must share (e.g. the playback token key), created once
-- by whichever process needs one first, so that no operator has to generate and distribute them.
CREATE TABLE shared_secrets (
  name       VARCHAR(64)  NOT NULL PRIMARY KEY,
  value      VARBINARY(64) NOT NULL,
  created_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE = InnoDB;
