package io.reelroute.transcode;

import static io.reelroute.video.VideoState.*;

import io.reelroute.common.Transactions;
import io.reelroute.events.EventType;
import io.reelroute.events.Events;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The pipeline's SQL on the videos, renditions and upload_events tables. Every state change is
 * conditional on the state (and, for a running job, on the claim), so concurrent workers and api
 * processes cannot step on each other.
 */
public final class VideoStore {

  private final DataSource dataSource;

  public VideoStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The few columns the pipeline needs. */
  public record Video(
      String videoKey,
      String state,
      long ownerId,
      String ownerEmail,
      String ownerName,
      String displayName,
      String failureReason,
      String lastError,
      int attempts) {}

  /** One output row for the renditions table. */
  public record Rendition(
      String kind,
      int width,
      int height,
      long bandwidth,
      long averageBandwidth,
      String codecs,
      double frameRate,
      String objectKey,
      long sizeBytes) {}

  /** What the job learned about the source, stored with READY. */
  public record Media(double durationSeconds, int width, int height, long sizeBytes) {}

  public Optional<Video> find(String videoKey) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT v.videoKey, v.state, v.owner_id, COALESCE(u.email, v.email),"
                    + " u.display_name, v.displayName, v.failure_reason, v.last_error, v.attempts"
                    + " FROM videos v LEFT JOIN users u ON u.id = v.owner_id"
                    + " WHERE v.videoKey = ?")) {
      s.setString(1, videoKey);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Video(
                r.getString(1),
                r.getString(2),
                r.getLong(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                r.getString(7),
                r.getString(8),
                r.getInt(9)));
      }
    }
  }

  /**
   * Claims the job: PROCESSING under this claim, if the video waits for one or its worker's
   * heartbeat is older than {@code staleSeconds}. False if someone else runs it, it is done or
   * gone.
   */
  public boolean claim(String videoKey, String claim, int staleSeconds) throws SQLException {
    return Transactions.run(
        dataSource,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE videos SET state = "
                      + PROCESSING.sql()
                      + ", worker_id = ?, heartbeat_at = NOW(3),"
                      + " processing_started_at = NOW(3), attempts = attempts + 1,"
                      + " progress_percent = 0, eta_seconds = NULL, failure_reason = NULL"
                      + " WHERE videoKey = ? AND state IN ("
                      + PROCESSING.from()
                      + ")"
                      + " AND (state <> "
                      + PROCESSING.sql()
                      + " OR heartbeat_at IS NULL"
                      + " OR heartbeat_at < NOW(3) - INTERVAL ? SECOND)")) {
            s.setString(1, claim);
            s.setString(2, videoKey);
            s.setInt(3, staleSeconds);
            if (s.executeUpdate() != 1) {
              return false;
            }
          }
          event(c, EventType.VIDEO_PROCESSING, videoKey, Map.of());
          return true;
        });
  }

  public void heartbeat(String videoKey, String claim) throws SQLException {
    update(
        "UPDATE videos SET heartbeat_at = NOW(3) WHERE videoKey = ? AND worker_id = ?",
        videoKey,
        claim);
  }

  public void progress(String videoKey, String claim, double percent, Integer etaSeconds)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE videos SET progress_percent = ?, eta_seconds = ?, heartbeat_at = NOW(3)"
                    + " WHERE videoKey = ? AND worker_id = ? AND state = "
                    + PROCESSING.sql()
                    + "")) {
      s.setBigDecimal(1, BigDecimal.valueOf(percent).setScale(2, RoundingMode.HALF_UP));
      if (etaSeconds == null) {
        s.setNull(2, java.sql.Types.INTEGER);
      } else {
        s.setInt(2, etaSeconds);
      }
      s.setString(3, videoKey);
      s.setString(4, claim);
      s.executeUpdate();
    }
  }

  /**
   * READY with isTranscoded=1, the source's media facts and the rendition rows, in one transaction.
   * False if the claim was lost (another worker took over, or the video is gone).
   */
  public boolean markReady(String videoKey, String claim, Media media, List<Rendition> renditions)
      throws SQLException {
    return Transactions.run(
        dataSource,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE videos SET state = "
                      + READY.sql()
                      + ", isTranscoded = 1, duration_seconds = ?,"
                      + " width = ?, height = ?, size_bytes = COALESCE(size_bytes, ?),"
                      + " progress_percent = 100, eta_seconds = 0, failure_reason = NULL,"
                      + " last_error = NULL, worker_id = NULL, heartbeat_at = NULL,"
                      + " ready_at = NOW(3)"
                      + " WHERE videoKey = ? AND worker_id = ? AND state = "
                      + PROCESSING.sql()
                      + "")) {
            s.setBigDecimal(
                1, BigDecimal.valueOf(media.durationSeconds()).setScale(3, RoundingMode.HALF_UP));
            s.setInt(2, media.width());
            s.setInt(3, media.height());
            s.setLong(4, media.sizeBytes());
            s.setString(5, videoKey);
            s.setString(6, claim);
            if (s.executeUpdate() != 1) {
              return false; // the claim was lost: nothing changed
            }
          }
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM renditions WHERE videoKey = ?")) {
            s.setString(1, videoKey);
            s.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO renditions (videoKey, kind, height, width, bandwidth,"
                      + " average_bandwidth, codecs, frame_rate, object_key, size_bytes)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Rendition r : renditions) {
              s.setString(1, videoKey);
              s.setString(2, r.kind());
              s.setInt(3, r.height());
              s.setInt(4, r.width());
              s.setLong(5, r.bandwidth());
              s.setLong(6, r.averageBandwidth());
              s.setString(7, r.codecs());
              s.setBigDecimal(
                  8, BigDecimal.valueOf(r.frameRate()).setScale(3, RoundingMode.HALF_UP));
              s.setString(9, r.objectKey());
              s.setLong(10, r.sizeBytes());
              s.addBatch();
            }
            s.executeBatch();
          }
          event(
              c,
              EventType.VIDEO_READY,
              videoKey,
              Map.of("durationSeconds", media.durationSeconds()));
          return true;
        });
  }

  /** FAILED for good (poison input) under this claim; false if the claim was lost. */
  public boolean markFailed(String videoKey, String claim, String reason) throws SQLException {
    return failed(
        videoKey,
        "UPDATE videos SET state = "
            + FAILED.sql()
            + ", isTranscoded = 0, failure_reason = ?,"
            + " last_error = ?, worker_id = NULL, heartbeat_at = NULL,"
            + " progress_percent = NULL, eta_seconds = NULL"
            + " WHERE videoKey = ? AND worker_id = ? AND state = "
            + PROCESSING.sql()
            + "",
        truncate(reason),
        truncate(reason),
        videoKey,
        claim);
  }

  /**
   * FAILED because the job's message ran out of attempts (dead-letter queue): only if no worker
   * runs it now and it is not done. The reason is the last attempt's error.
   */
  public boolean markGaveUp(String videoKey, int staleSeconds, String fallbackReason)
      throws SQLException {
    return failed(
        videoKey,
        "UPDATE videos SET state = "
            + FAILED.sql()
            + ", isTranscoded = 0,"
            + " failure_reason = COALESCE(last_error, ?), worker_id = NULL,"
            + " heartbeat_at = NULL, progress_percent = NULL, eta_seconds = NULL"
            + " WHERE videoKey = ? AND state IN ("
            + FAILED.from()
            + ")"
            + " AND (state <> "
            + PROCESSING.sql()
            + " OR heartbeat_at IS NULL"
            + " OR heartbeat_at < NOW(3) - INTERVAL ? SECOND)",
        truncate(fallbackReason),
        videoKey,
        staleSeconds);
  }

  /** A FAILED update and its video.failed event (with the stored reason), in one transaction. */
  private boolean failed(String videoKey, String sql, Object... params) throws SQLException {
    return Transactions.run(
        dataSource,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            if (s.executeUpdate() != 1) {
              return false;
            }
          }
          event(c, EventType.VIDEO_FAILED, videoKey, Map.of());
          return true;
        });
  }

  /**
   * Records an event of this video (owner, title, state and failure reason read in the same
   * transaction) in the event outbox.
   */
  private static void event(Connection c, EventType type, String videoKey, Map<String, ?> extra)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT owner_id, displayName, state, failure_reason FROM videos WHERE videoKey = ?")) {
      s.setString(1, videoKey);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("videoKey", videoKey);
        data.put("title", r.getString(2));
        data.put("state", r.getString(3));
        data.put("reason", r.getString(4));
        data.putAll(extra);
        long owner = r.getLong(1);
        Events.record(c, type, r.wasNull() ? null : owner, videoKey, data);
      }
    }
  }

  /** Gives a failed attempt back: UPLOADED again with the error, so the retry can claim it. */
  public void release(String videoKey, String claim, String error) throws SQLException {
    update(
        "UPDATE videos SET state = "
            + UPLOADED.sql()
            + ", last_error = ?, worker_id = NULL,"
            + " heartbeat_at = NULL, progress_percent = NULL, eta_seconds = NULL"
            + " WHERE videoKey = ? AND worker_id = ? AND state = "
            + PROCESSING.sql()
            + "",
        truncate(error),
        videoKey,
        claim);
  }

  /** {@link #release}, logging a failure: the heartbeat stops, so the claim goes stale anyway. */
  public void releaseQuietly(String videoKey, String claim, String error) {
    try {
      release(videoKey, claim, error);
    } catch (SQLException e) {
      org.slf4j.LoggerFactory.getLogger(VideoStore.class)
          .warn("Could not release {}: {}", videoKey, e.toString());
    }
  }

  /** PROCESSING videos whose heartbeat is older than {@code staleSeconds}. */
  public List<String> stale(int staleSeconds, int limit) throws SQLException {
    return keys(
        "SELECT videoKey FROM videos WHERE state = "
            + PROCESSING.sql()
            + ""
            + " AND (heartbeat_at IS NULL OR heartbeat_at < NOW(3) - INTERVAL ? SECOND)"
            + " ORDER BY heartbeat_at LIMIT ?",
        staleSeconds,
        limit);
  }

  /** Takes a stale job back to UPLOADED (once, even with several workers starting). */
  public boolean requeueStale(String videoKey, int staleSeconds) throws SQLException {
    return update(
            "UPDATE videos SET state = "
                + UPLOADED.sql()
                + ", worker_id = NULL, heartbeat_at = NULL,"
                + " last_error = COALESCE(last_error, 'the worker stopped during the job')"
                + " WHERE videoKey = ? AND state = "
                + PROCESSING.sql()
                + ""
                + " AND (heartbeat_at IS NULL OR heartbeat_at < NOW(3) - INTERVAL ? SECOND)",
            videoKey,
            staleSeconds)
        == 1;
  }

  /**
   * UPLOADED videos not touched for {@code quietSeconds}: their message may be lost (the embedded
   * queue lives in memory). Each is claimed for re-enqueueing once, by touching it.
   */
  public List<String> leftUploaded(int quietSeconds, int limit) throws SQLException {
    return keys(
        "SELECT videoKey FROM videos WHERE state = "
            + UPLOADED.sql()
            + ""
            + " AND updated_at < NOW(3) - INTERVAL ? SECOND LIMIT ?",
        quietSeconds,
        limit);
  }

  public boolean touchUploaded(String videoKey, int quietSeconds) throws SQLException {
    return update(
            "UPDATE videos SET updated_at = NOW(3) WHERE videoKey = ? AND state = "
                + UPLOADED.sql()
                + ""
                + " AND updated_at < NOW(3) - INTERVAL ? SECOND",
            videoKey,
            quietSeconds)
        == 1;
  }

  /** The event sender: sends inside the transaction that records the upload. */
  public interface Sender {
    void send() throws Exception;
  }

  /**
   * Records an upload as enqueued exactly once: UPLOADED (from AWAITING_UPLOAD) plus a row in the
   * upload_events idempotent repository, committed only after {@code sender} succeeded. A second
   * process blocks on the row lock and then finds nothing to do. False if it was already done.
   */
  public boolean enqueueOnce(String videoKey, String messageId, long sizeBytes, Sender sender)
      throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int updated;
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE videos SET state = "
                    + UPLOADED.sql()
                    + ", size_bytes = COALESCE(size_bytes, ?),"
                    + " source_key = COALESCE(source_key, ?)"
                    + " WHERE videoKey = ? AND state IN ("
                    + UPLOADED.from()
                    + ")")) {
          s.setLong(1, sizeBytes);
          s.setString(2, io.reelroute.video.VideoKeys.sourceKey(videoKey));
          s.setString(3, videoKey);
          updated = s.executeUpdate();
        }
        if (updated != 1) {
          c.rollback();
          return false;
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT IGNORE INTO upload_events (message_id, videoKey) VALUES (?, ?)")) {
          s.setString(1, messageId);
          s.setString(2, videoKey);
          if (s.executeUpdate() != 1) {
            c.rollback();
            return false;
          }
        }
        event(c, EventType.VIDEO_UPLOADED, videoKey, Map.of("sizeBytes", sizeBytes));
        sender.send();
        c.commit();
        return true;
      } catch (Exception e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  // --- notifications

  /**
   * Stores the owner's notification of an event once: false if this event id was stored already
   * (the event was published again).
   */
  public boolean notifyOnce(
      String eventId,
      String videoKey,
      long userId,
      String kind,
      String title,
      String body,
      String link)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT IGNORE INTO notifications (event_id, user_id, kind, videoKey, title, body,"
                    + " link) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, eventId);
      s.setLong(2, userId);
      s.setString(3, kind);
      s.setString(4, videoKey);
      s.setString(5, title);
      s.setString(6, body);
      s.setString(7, link);
      return s.executeUpdate() == 1;
    }
  }

  /** A notification as the API returns it. */
  public record Notification(
      long id,
      String kind,
      String videoKey,
      String title,
      String body,
      String link,
      Instant createdAt,
      boolean read) {}

  public List<Notification> notifications(long userId, int limit) throws SQLException {
    List<Notification> list = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, kind, videoKey, title, body, link, created_at, read_at"
                    + " FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC"
                    + " LIMIT ?")) {
      s.setLong(1, userId);
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Timestamp created = r.getTimestamp(7);
          list.add(
              new Notification(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  created == null ? null : created.toInstant(),
                  r.getTimestamp(8) != null));
        }
      }
    }
    return list;
  }

  public int unreadCount(long userId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL")) {
      s.setLong(1, userId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** Marks the given notifications (or all when ids is empty) of this user read. */
  public int markRead(long userId, List<Long> ids) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "UPDATE notifications SET read_at = NOW(3) WHERE user_id = ? AND read_at IS NULL");
    if (!ids.isEmpty()) {
      sql.append(" AND id IN (").append("?,".repeat(ids.size() - 1)).append("?)");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql.toString())) {
      s.setLong(1, userId);
      for (int i = 0; i < ids.size(); i++) {
        s.setLong(i + 2, ids.get(i));
      }
      return s.executeUpdate();
    }
  }

  private int update(String sql, Object... params) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      return s.executeUpdate();
    }
  }

  /** The video keys (first column) a query selects. */
  private List<String> keys(String sql, Object... params) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          keys.add(r.getString(1));
        }
      }
    }
    return keys;
  }

  private static void bind(PreparedStatement s, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      if (params[i] instanceof Integer n) {
        s.setInt(i + 1, n);
      } else {
        s.setString(i + 1, (String) params[i]);
      }
    }
  }

  static String truncate(String text) {
    if (text == null) {
      return null;
    }
    return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
  }
}
