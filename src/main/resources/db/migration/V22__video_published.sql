-- Publication (video.published): when a video was first both READY and public (and not hidden by
-- moderation), whichever came last. Set once by io.reelroute.video.VideoPublication with the
-- video.published event in the same transaction, never cleared: a video made private and public
-- again is not published again. Followers are notified on that event, and their feed is ordered by it.
ALTER TABLE videos
  ADD COLUMN published_at DATETIME(3) NULL,
  ADD INDEX ix_videos_owner_published (owner_id, published_at, videoKey);

-- Videos READY and public before this version were announced at READY (video.ready) already:
-- they count as published then, so making one private and public again tells nobody twice.
UPDATE videos SET published_at = COALESCE(ready_at, uploadTime)
 WHERE state = 'READY' AND visibility = 'PUBLIC';
