-- Catalog and upload (issue 4).
-- The part size a multipart upload was cut into, so fresh part URLs carry each part's exact length.
ALTER TABLE videos ADD COLUMN part_size_bytes BIGINT NULL AFTER upload_id;
-- The upload sweeper looks for AWAITING_UPLOAD rows by age.
CREATE INDEX ix_videos_state_time ON videos (state, uploadTime);
