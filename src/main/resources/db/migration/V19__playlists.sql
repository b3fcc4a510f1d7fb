-- Playlists (issue 15): a user's ordered lists of videos, public / unlisted / private with the rules
-- of videos, and one built-in private "Watch later" per user. Owned by io.reelroute.playlists.
CREATE TABLE playlists (
  id          CHAR(11)      NOT NULL PRIMARY KEY, -- random, URL-safe (as video keys): not guessable
  owner_id    BIGINT        NOT NULL,
  title       VARCHAR(150)  NOT NULL,
  description VARCHAR(1000) NULL,
  visibility  VARCHAR(10)   NOT NULL DEFAULT 'PRIVATE',
  builtin     VARCHAR(16)   NULL, -- 'WATCH_LATER' for the built-in one, NULL for the user's own
  created_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at  DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_playlists_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT ck_playlists_visibility CHECK (visibility IN ('PUBLIC', 'UNLISTED', 'PRIVATE')),
  CONSTRAINT uq_playlists_builtin UNIQUE (owner_id, builtin),
  INDEX ix_playlists_owner (owner_id, updated_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A playlist's videos in their order (position 0, 1, 2, ...); a deleted video leaves its playlists.
CREATE TABLE playlist_videos (
  playlist_id CHAR(11)     NOT NULL,
  videoKey    VARCHAR(255) NOT NULL,
  position    INT          NOT NULL,
  added_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (playlist_id, videoKey),
  CONSTRAINT fk_playlist_videos_playlist FOREIGN KEY (playlist_id) REFERENCES playlists (id)
    ON DELETE CASCADE,
  CONSTRAINT fk_playlist_videos_video FOREIGN KEY (videoKey) REFERENCES videos (videoKey)
    ON DELETE CASCADE,
  INDEX ix_playlist_videos_order (playlist_id, position)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
