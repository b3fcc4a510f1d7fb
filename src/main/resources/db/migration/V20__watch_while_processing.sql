-- Issue 13, watch while processing: when the first segments of a PROCESSING video were published
-- (its growing EVENT playlists can be played). Reset by a new claim and whenever partial outputs
-- are removed, so a viewer never gets a playlist whose segments are gone; kept once READY.
ALTER TABLE videos ADD COLUMN live_playable_at DATETIME(3) NULL;
