-- Subscriptions (issue 15): a user follows a channel (another user); the feed lists the public
-- videos of followed channels, and a followed channel's new video notifies the subscriber (in-app,
-- and in a daily e-mail digest when the subscriber opted in). Owned by io.reelroute.subscriptions.
CREATE TABLE subscriptions (
  subscriber_id BIGINT      NOT NULL,
  channel_id    BIGINT      NOT NULL,
  created_at    DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (subscriber_id, channel_id),
  CONSTRAINT fk_subscriptions_subscriber FOREIGN KEY (subscriber_id) REFERENCES users (id)
    ON DELETE CASCADE,
  CONSTRAINT fk_subscriptions_channel FOREIGN KEY (channel_id) REFERENCES users (id)
    ON DELETE CASCADE,
  INDEX ix_subscriptions_channel (channel_id, subscriber_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The subscriber's choice: a daily e-mail listing the new videos of followed channels (off by default).
CREATE TABLE subscription_preferences (
  user_id      BIGINT      NOT NULL PRIMARY KEY,
  email_digest BOOLEAN     NOT NULL DEFAULT FALSE,
  updated_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_subscription_preferences_user FOREIGN KEY (user_id) REFERENCES users (id)
    ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- New videos waiting for an opted-in subscriber's next digest, one row per (user, video) however
-- often the event is published; claimed by a batch while a digest is being sent.
CREATE TABLE subscription_mail (
  user_id    BIGINT       NOT NULL,
  videoKey   VARCHAR(255) NOT NULL,
  created_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  batch      CHAR(36)     NULL,
  claimed_at DATETIME(3)  NULL,
  PRIMARY KEY (user_id, videoKey),
  CONSTRAINT fk_subscription_mail_user FOREIGN KEY (user_id) REFERENCES users (id)
    ON DELETE CASCADE,
  CONSTRAINT fk_subscription_mail_video FOREIGN KEY (videoKey) REFERENCES videos (videoKey)
    ON DELETE CASCADE,
  INDEX ix_subscription_mail_batch (batch, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
