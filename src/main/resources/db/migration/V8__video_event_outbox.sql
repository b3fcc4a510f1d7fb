-- The READY/FAILED event of a video is recorded in the same transaction that sets the state (a
-- transactional outbox), so a worker killed between the two can no longer lose the owner's
-- notification: whoever delivers it clears the column in the transaction that stores the
-- notification row, and a sweep delivers what a dead worker left.
ALTER TABLE videos
  ADD COLUMN event_pending VARCHAR(16) NULL, -- READY | FAILED, until the notification is stored
  ADD INDEX ix_videos_event_pending (event_pending);
