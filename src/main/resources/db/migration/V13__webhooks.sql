-- Signed webhooks (issue 11 item 5): an integrator's endpoints and the deliveries of events to them.
-- Times are UTC (written with UTC_TIMESTAMP(3), whatever the session's time zone).
CREATE TABLE webhooks (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     BIGINT        NOT NULL,
  url         VARCHAR(2000) NOT NULL,
  -- comma-separated event types (video.ready,comment.created), matched with FIND_IN_SET
  events      VARCHAR(255)  NOT NULL,
  -- whsec_...: as is, or sealed (aesgcm1:...) with reelroute.auth.key-encryption-key when set
  secret      VARCHAR(255)  NOT NULL,
  created_at  DATETIME(3)   NOT NULL,
  KEY ix_webhooks_user (user_id),
  CONSTRAINT fk_webhooks_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per (webhook, event): pending until a 2xx answer (delivered) or 24 h of retries (failed).
-- next_attempt_at is also the claim's lease: a claimed row is pushed into the future, so another
-- api process (or this one after a crash) takes it again only once the lease has run out.
CREATE TABLE webhook_deliveries (
  id                 BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  webhook_id         BIGINT       NOT NULL,
  event_id           VARCHAR(64)  NOT NULL,
  event_type         VARCHAR(40)  NOT NULL,
  payload            MEDIUMTEXT   NOT NULL,
  status             VARCHAR(16)  NOT NULL,
  attempts           INT          NOT NULL DEFAULT 0,
  last_response_code INT          NULL,
  last_error         VARCHAR(500) NULL,
  next_attempt_at    DATETIME(3)  NULL,
  created_at         DATETIME(3)  NOT NULL,
  delivered_at       DATETIME(3)  NULL,
  CONSTRAINT uq_webhook_deliveries_event UNIQUE (webhook_id, event_id),
  KEY ix_webhook_deliveries_due (status, next_attempt_at),
  CONSTRAINT fk_webhook_deliveries_webhook FOREIGN KEY (webhook_id) REFERENCES webhooks (id)
    ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
