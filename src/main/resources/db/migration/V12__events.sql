-- The event outbox: every domain event (video.uploaded, video.processing, video.ready, video.failed,
-- video.deleted, comment.created, user.registered) is a row written in the transaction that made it
-- happen. The events-publish route (routes/events.camel.yaml) claims unpublished rows with a lease,
-- hands each to the in-process event endpoints and marks it published: at least once per event,
-- whichever process gets there first; subscribers de-duplicate by the event id.
CREATE TABLE events (
  seq           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  id            CHAR(36)      NOT NULL,
  type          VARCHAR(40)   NOT NULL,
  user_id       BIGINT        NULL,     -- the account the event belongs to (owner, new user)
  videoKey      VARCHAR(255)  NULL,
  body          TEXT          NOT NULL, -- the published JSON: {id, type, occurredAt, data}
  occurred_at   DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  published_at  DATETIME(3)   NULL,
  claimed_by    VARCHAR(64)   NULL,
  claimed_until DATETIME(3)   NULL,
  UNIQUE KEY ux_events_id (id),
  INDEX ix_events_unpublished (published_at, seq),
  INDEX ix_events_claim (claimed_by)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The READY/FAILED events V8 kept on the videos row move into the outbox.
INSERT INTO events (id, type, user_id, videoKey, body)
SELECT UUID(), CASE event_pending WHEN 'READY' THEN 'video.ready' ELSE 'video.failed' END,
       owner_id, videoKey, '{}'
  FROM videos WHERE event_pending IS NOT NULL;
UPDATE events e JOIN videos v ON v.videoKey = e.videoKey
   SET e.body = JSON_OBJECT('id', e.id, 'type', e.type,
         'occurredAt', DATE_FORMAT(UTC_TIMESTAMP(3), '%Y-%m-%dT%H:%i:%s.%fZ'),
         'data', JSON_OBJECT('videoKey', v.videoKey, 'title', v.displayName, 'state', v.state))
 WHERE e.body = '{}';

ALTER TABLE videos DROP INDEX ix_videos_event_pending, DROP COLUMN event_pending;

-- A notification stored for an event is stored once, whatever the number of deliveries.
ALTER TABLE notifications
  ADD COLUMN event_id CHAR(36) NULL,
  ADD UNIQUE KEY ux_notifications_event (event_id);
