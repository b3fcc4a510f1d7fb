-- Reelroute baseline schema. The seed's `videos` columns keep their names and meaning
-- (videoKey, displayName, uploadTime, isTranscoded, email); new columns use snake_case.

CREATE TABLE users (
  id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email            VARCHAR(254) NOT NULL,
  display_name     VARCHAR(100) NOT NULL,
  -- NULL for accounts that sign in through an external OpenID Connect issuer
  password_hash    VARCHAR(255) NULL,
  status           VARCHAR(16)  NOT NULL DEFAULT 'UNCONFIRMED',
  -- issuer + subject of an external OIDC identity
  external_subject VARCHAR(512) NULL,
  created_at       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  confirmed_at     DATETIME(3)  NULL,
  CONSTRAINT uq_users_email UNIQUE (email),
  CONSTRAINT uq_users_external_subject UNIQUE (external_subject),
  CONSTRAINT ck_users_status CHECK (status IN ('UNCONFIRMED', 'ACTIVE', 'DISABLED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE videos (
  videoKey         VARCHAR(255)  NOT NULL PRIMARY KEY,
  displayName      VARCHAR(200)  NULL,
  uploadTime       DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP,
  isTranscoded     TINYINT(1)    NOT NULL DEFAULT 0,
  -- the owner's email, as in the seed
  email            VARCHAR(254)  NULL,
  owner_id         BIGINT        NOT NULL,
  description      TEXT          NULL,
  visibility       VARCHAR(16)   NOT NULL DEFAULT 'PUBLIC',
  state            VARCHAR(24)   NOT NULL DEFAULT 'AWAITING_UPLOAD',
  failure_reason   VARCHAR(1000) NULL,
  progress_percent DECIMAL(5, 2) NULL,
  eta_seconds      INT           NULL,
  duration_seconds DECIMAL(10, 3) NULL,
  width            INT           NULL,
  height           INT           NULL,
  size_bytes       BIGINT        NULL,
  file_name        VARCHAR(255)  NULL,
  content_type     VARCHAR(127)  NULL,
  -- object key of the uploaded source in the bucket
  source_key       VARCHAR(512)  NULL,
  -- S3 multipart upload id while a multipart upload is open
  upload_id        VARCHAR(1024) NULL,
  updated_at       DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_videos_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT ck_videos_state CHECK (state IN
    ('AWAITING_UPLOAD', 'UPLOADED', 'PROCESSING', 'READY', 'FAILED', 'EXPIRED')),
  CONSTRAINT ck_videos_visibility CHECK (visibility IN ('PUBLIC', 'UNLISTED', 'PRIVATE')),
  -- the seed's flag stays true by construction: transcoded exactly when READY
  CONSTRAINT ck_videos_is_transcoded CHECK (isTranscoded = (state = 'READY')),
  INDEX ix_videos_listing (state, visibility, uploadTime, videoKey),
  INDEX ix_videos_owner (owner_id, uploadTime),
  FULLTEXT INDEX ft_videos_text (displayName, description)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE renditions (
  id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  videoKey         VARCHAR(255) NOT NULL,
  kind             VARCHAR(16)  NOT NULL, -- HLS | MP4
  height           INT          NOT NULL,
  width            INT          NOT NULL,
  bandwidth        INT          NULL,
  average_bandwidth INT         NULL,
  codecs           VARCHAR(64)  NULL,
  frame_rate       DECIMAL(6, 3) NULL,
  object_key       VARCHAR(512) NOT NULL,
  size_bytes       BIGINT       NULL,
  created_at       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_renditions_video FOREIGN KEY (videoKey) REFERENCES videos (videoKey) ON DELETE CASCADE,
  CONSTRAINT uq_renditions UNIQUE (videoKey, kind, height)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE verification_codes (
  id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id          BIGINT       NOT NULL,
  purpose          VARCHAR(24)  NOT NULL DEFAULT 'CONFIRM_EMAIL',
  code_hash        VARCHAR(255) NOT NULL,
  failed_attempts  INT          NOT NULL DEFAULT 0,
  expires_at       DATETIME(3)  NOT NULL,
  used_at          DATETIME(3)  NULL,
  created_at       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_codes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  INDEX ix_codes_user (user_id, purpose, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE refresh_tokens (
  id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id          BIGINT       NOT NULL,
  -- every rotation of one login shares a family; reuse of a spent token revokes the family
  family_id        CHAR(36)     NOT NULL,
  token_hash       CHAR(64)     NOT NULL,
  expires_at       DATETIME(3)  NOT NULL,
  used_at          DATETIME(3)  NULL,
  revoked_at       DATETIME(3)  NULL,
  created_at       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_refresh_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT uq_refresh_hash UNIQUE (token_hash),
  INDEX ix_refresh_family (family_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
