-- Caption tracks (WebVTT) of a video, one per language; the file is in S3 at
-- videos/{videoKey}/captions/{lang}.vtt and goes with the video.
CREATE TABLE video_captions (
  videoKey    VARCHAR(255) NOT NULL,
  lang        VARCHAR(35)  NOT NULL,
  label       VARCHAR(64)  NOT NULL,
  size_bytes  INT          NOT NULL,
  created_at  DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (videoKey, lang),
  CONSTRAINT fk_captions_video FOREIGN KEY (videoKey) REFERENCES videos (videoKey) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
