-- Roles and moderation (issue 15).
-- users (auth): the role (user | moderator | admin), a per-user override of the two upload quotas
-- (NULL = the reelroute.quota.* default, -1 = unlimited), and why and when the account was disabled.
-- Admins are also the accounts whose address is listed in reelroute.admin.emails (decided at each
-- request, not stored); on an install with that list empty the first confirmed account is stored
-- as admin.
ALTER TABLE users
  ADD COLUMN role                VARCHAR(16)   NOT NULL DEFAULT 'user',
  ADD COLUMN quota_storage_bytes BIGINT        NULL,
  ADD COLUMN quota_daily_bytes   BIGINT        NULL,
  ADD COLUMN disabled_at         DATETIME(3)   NULL,
  ADD COLUMN disabled_reason     VARCHAR(1000) NULL,
  ADD CONSTRAINT ck_users_role CHECK (role IN ('user', 'moderator', 'admin')),
  ADD INDEX ix_users_role (role);

-- videos (video.Visibility): a taken-down video is seen by its owner alone, with the reason. The
-- state (VideoState) stays what it was; restoring clears both columns.
ALTER TABLE videos
  ADD COLUMN taken_down_at   DATETIME(3)   NULL,
  ADD COLUMN takedown_reason VARCHAR(1000) NULL;

-- Abuse reports of signed-in users on a video or a comment. One open report per reporter and
-- target: open_marker is 1 while open and NULL once decided (a unique key ignores NULLs).
CREATE TABLE moderation_reports (
  id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  reporter_id     BIGINT        NOT NULL,
  target_type     VARCHAR(8)    NOT NULL,
  target_id       VARCHAR(255)  NOT NULL,
  -- the video of the target (the comment's video for a comment), and the target's author
  videoKey        VARCHAR(255)  NOT NULL,
  target_owner_id BIGINT        NOT NULL,
  reason          VARCHAR(16)   NOT NULL,
  text            VARCHAR(2000) NOT NULL,
  -- what the comment said when it was reported (it may be deleted later)
  excerpt         VARCHAR(500)  NULL,
  state           VARCHAR(10)   NOT NULL DEFAULT 'open',
  open_marker     TINYINT       NULL DEFAULT 1,
  created_at      DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  decided_at      DATETIME(3)   NULL,
  decided_by      BIGINT        NULL,
  outcome         VARCHAR(500)  NULL,
  CONSTRAINT fk_reports_reporter FOREIGN KEY (reporter_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT ck_reports_type CHECK (target_type IN ('video', 'comment')),
  CONSTRAINT ck_reports_state CHECK (state IN ('open', 'accepted', 'rejected')),
  UNIQUE KEY ux_reports_open (reporter_id, target_type, target_id, open_marker),
  INDEX ix_reports_state (state, id),
  INDEX ix_reports_target (target_type, target_id, state),
  INDEX ix_reports_video (videoKey, state)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The owner's one appeal against a takedown.
CREATE TABLE moderation_appeals (
  videoKey    VARCHAR(255)  NOT NULL PRIMARY KEY,
  user_id     BIGINT        NOT NULL,
  text        VARCHAR(2000) NOT NULL,
  state       VARCHAR(10)   NOT NULL DEFAULT 'open',
  created_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  decided_at  DATETIME(3)   NULL,
  CONSTRAINT fk_appeals_video FOREIGN KEY (videoKey) REFERENCES videos (videoKey) ON DELETE CASCADE,
  CONSTRAINT fk_appeals_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT ck_appeals_state CHECK (state IN ('open', 'accepted', 'rejected')),
  INDEX ix_appeals_state (state, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every moderator and admin action, for admins to read. No foreign keys: the log outlives the
-- accounts and videos it names (the actor's address is kept as it was).
CREATE TABLE moderation_audit (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  actor_id    BIGINT        NOT NULL,
  actor_email VARCHAR(254)  NOT NULL,
  action      VARCHAR(32)   NOT NULL,
  target_type VARCHAR(8)    NOT NULL,
  target_id   VARCHAR(255)  NOT NULL,
  detail      VARCHAR(2000) NULL,
  created_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  INDEX ix_audit_target (target_type, target_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
