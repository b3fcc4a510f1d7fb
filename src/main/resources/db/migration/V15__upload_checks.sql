-- upload-events looks at the waiting uploads checked longest ago first (never "the newest N"), so
-- that however many reservations one user holds, every finished upload is noticed within a few
-- polls.
ALTER TABLE videos
  ADD COLUMN upload_checked_at DATETIME(3) NULL,
  ADD INDEX ix_videos_upload_check (state, upload_checked_at, uploadTime);
