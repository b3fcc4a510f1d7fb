-- Transcode pipeline (issue 5): job bookkeeping on videos, the upload-event idempotent repository
-- and in-app notifications.

ALTER TABLE videos
  -- the worker that holds the job ("host/pid/claim"); NULL when no job runs
  ADD COLUMN worker_id             VARCHAR(120)  NULL,
  -- refreshed while a job runs; a PROCESSING video with an old heartbeat has lost its worker
  ADD COLUMN heartbeat_at          DATETIME(3)   NULL,
  ADD COLUMN attempts              INT           NOT NULL DEFAULT 0,
  -- the error of the last failed attempt (what the dead-letter route reports)
  ADD COLUMN last_error            VARCHAR(1000) NULL,
  ADD COLUMN processing_started_at DATETIME(3)   NULL,
  ADD COLUMN ready_at              DATETIME(3)   NULL,
  ADD INDEX ix_videos_heartbeat (state, heartbeat_at);

-- One row per upload that was turned into a transcode-jobs message: an idempotent repository shared
-- by every api process, so each upload is enqueued once across restarts and processes.
CREATE TABLE upload_events (
  message_id  VARCHAR(700) NOT NULL PRIMARY KEY, -- bucket/key/etag
  videoKey    VARCHAR(255) NOT NULL,
  created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  INDEX ix_upload_events_video (videoKey)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE notifications (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     BIGINT        NOT NULL,
  kind        VARCHAR(32)   NOT NULL, -- VIDEO_READY | VIDEO_FAILED
  videoKey    VARCHAR(255)  NULL,
  title       VARCHAR(200)  NOT NULL,
  body        VARCHAR(2000) NOT NULL,
  link        VARCHAR(500)  NULL,
  created_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  read_at     DATETIME(3)   NULL,
  CONSTRAINT fk_notifications_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  INDEX ix_notifications_user (user_id, created_at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
