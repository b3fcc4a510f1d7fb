-- Social features (issue 8): channel handles, reactions, comments, view counts, comment digests.
-- The seed's `videos` columns stay as they are: counters live in their own table, one row per
-- video, updated in the same transaction as the row that changes them.

-- A user's public handle (/u/{handle}), derived from the display name. Existing users get
-- slug-id (the id suffix keeps them unique); new users get the bare slug when free (Handles.java).
ALTER TABLE users ADD COLUMN handle VARCHAR(40) NULL AFTER display_name;
UPDATE users SET handle = CONCAT(
    COALESCE(NULLIF(LEFT(TRIM(BOTH '-' FROM
      REGEXP_REPLACE(LOWER(display_name), '[^a-z0-9]+', '-')), 28), ''), 'user'),
    '-', id)
  WHERE handle IS NULL;
ALTER TABLE users ADD CONSTRAINT uq_users_handle UNIQUE (handle);

CREATE TABLE video_stats (
  videoKey   VARCHAR(255) NOT NULL PRIMARY KEY,
  likes      BIGINT       NOT NULL DEFAULT 0,
  dislikes   BIGINT       NOT NULL DEFAULT 0,
  comments   BIGINT       NOT NULL DEFAULT 0,
  views      BIGINT       NOT NULL DEFAULT 0,
  CONSTRAINT fk_video_stats_video FOREIGN KEY (videoKey) REFERENCES videos (videoKey)
    ON DELETE CASCADE,
  CONSTRAINT ck_video_stats_positive
    CHECK (likes >= 0 AND dislikes >= 0 AND comments >= 0 AND views >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One reaction per user per video (the primary key); 'none' is the absence of a row.
CREATE TABLE video_reactions (
  videoKey   VARCHAR(255) NOT NULL,
  user_id    BIGINT       NOT NULL,
  reaction   VARCHAR(8)   NOT NULL,
  updated_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (videoKey, user_id),
  CONSTRAINT fk_reactions_video FOREIGN KEY (videoKey) REFERENCES videos (videoKey)
    ON DELETE CASCADE,
  CONSTRAINT fk_reactions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT ck_reactions_kind CHECK (reaction IN ('LIKE', 'DISLIKE')),
  INDEX ix_reactions_user (user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Comments: top-level (parent_id NULL) and one level of replies. Plain text, at most 2,000
-- characters. Deleting a comment deletes its replies.
CREATE TABLE comments (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  videoKey    VARCHAR(255)  NOT NULL,
  user_id     BIGINT        NOT NULL,
  parent_id   BIGINT        NULL,
  body        VARCHAR(2000) NOT NULL,
  reply_count INT           NOT NULL DEFAULT 0,
  created_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  edited_at   DATETIME(3)   NULL,
  CONSTRAINT fk_comments_video FOREIGN KEY (videoKey) REFERENCES videos (videoKey)
    ON DELETE CASCADE,
  CONSTRAINT fk_comments_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_comments_parent FOREIGN KEY (parent_id) REFERENCES comments (id)
    ON DELETE CASCADE,
  INDEX ix_comments_newest (videoKey, parent_id, id),
  INDEX ix_comments_top (videoKey, parent_id, reply_count, id),
  INDEX ix_comments_replies (parent_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Comments waiting for the owner's e-mail digest. A digest run claims rows (batch) and deletes
-- them once sent; a deleted comment takes its pending row with it.
CREATE TABLE comment_mail (
  comment_id BIGINT      NOT NULL PRIMARY KEY,
  owner_id   BIGINT      NOT NULL,
  batch      CHAR(36)    NULL,
  claimed_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_comment_mail_comment FOREIGN KEY (comment_id) REFERENCES comments (id)
    ON DELETE CASCADE,
  CONSTRAINT fk_comment_mail_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
  INDEX ix_comment_mail_batch (batch, owner_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The last counted view of a viewer (user id, or a keyed hash of address + user agent): a view
-- counts again only after the window (reelroute.social.view-window-minutes). Old rows are purged.
CREATE TABLE video_views (
  videoKey   VARCHAR(255) NOT NULL,
  viewer     CHAR(64)     NOT NULL,
  counted_at DATETIME(3)  NOT NULL,
  PRIMARY KEY (videoKey, viewer),
  CONSTRAINT fk_views_video FOREIGN KEY (videoKey) REFERENCES videos (videoKey) ON DELETE CASCADE,
  INDEX ix_views_counted (counted_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
