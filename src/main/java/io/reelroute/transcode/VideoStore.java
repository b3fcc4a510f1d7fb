package io.reelroute.transcode;

import io.reelroute.common.Transactions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE videos SET state = 'PROCESSING', worker_id = ?, heartbeat_at = NOW(3),"
                    + " processing_started_at = NOW(3), attempts = attempts + 1,"
                    + " progress_percent = 0, eta_seconds = NULL, failure_reason = NULL"
                    + " WHERE videoKey = ? AND (state IN ('AWAITING_UPLOAD', 'UPLOADED')"
                    + " OR (state = 'PROCESSING' AND (heartbeat_at IS NULL"
                    + " OR heartbeat_at < NOW(3) - INTERVAL ? SECOND)))")) {
      s.setString(1, claim);
      s.setString(2, videoKey);
      s.setInt(3, staleSeconds);
      return s.executeUpdate() == 1;
    }
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
                    + " WHERE videoKey = ? AND worker_id = ? AND state = 'PROCESSING'")) {
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
                  "UPDATE videos SET state = 'READY', isTranscoded = 1, duration_seconds = ?,"
                      + " width = ?, height = ?, size_bytes = COALESCE(size_bytes, ?),"
                      + " progress_percent = 100, eta_seconds = 0, failure_reason = NULL,"
                      + " last_error = NULL, worker_id = NULL, heartbeat_at = NULL,"
                      + " ready_at = NOW(3), event_pending = 'READY'"
                      + " WHERE videoKey = ? AND worker_id = ? AND state = 'PROCESSING'")) {
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
          return true;
        });
  }

  /** FAILED for good (poison input) under this claim; false if the claim was lost. */
  public boolean markFailed(String videoKey, String claim, String reason) throws SQLException {
    return update(
            "UPDATE videos SET state = 'FAILED', isTranscoded = 0, failure_reason = ?,"
                + " last_error = ?, worker_id = NULL, heartbeat_at = NULL, event_pending = 'FAILED',"
                + " progress_percent = NULL, eta_seconds = NULL"
                + " WHERE videoKey = ? AND worker_id = ? AND state = 'PROCESSING'",
            truncate(reason),
            truncate(reason),
            videoKey,
            claim)
        == 1;
  }

  /**
   * FAILED because the job's message ran out of attempts (dead-letter queue): only if no worker
   * runs it now and it is not done. The reason is the last attempt's error.
   */
  public boolean markGaveUp(String videoKey, int staleSeconds, String fallbackReason)
      throws SQLException {
    return update(
            "UPDATE videos SET state = 'FAILED', isTranscoded = 0,"
                + " failure_reason = COALESCE(last_error, ?), worker_id = NULL, event_pending = 'FAILED',"
                + " heartbeat_at = NULL, progress_percent = NULL, eta_seconds = NULL"
                + " WHERE videoKey = ? AND (state IN ('AWAITING_UPLOAD', 'UPLOADED')"
                + " OR (state = 'PROCESSING' AND (heartbeat_at IS NULL"
                + " OR heartbeat_at < NOW(3) - INTERVAL ? SECOND)))",
            truncate(fallbackReason),
            videoKey,
            staleSeconds)
        == 1;
  }

  /** Gives a failed attempt back: UPLOADED again with the error, so the retry can claim it. */
  public void release(String videoKey, String claim, String error) throws SQLException {
    update(
        "UPDATE videos SET state = 'UPLOADED', last_error = ?, worker_id = NULL,"
            + " heartbeat_at = NULL, progress_percent = NULL, eta_seconds = NULL"
            + " WHERE videoKey = ? AND worker_id = ? AND state = 'PROCESSING'",
        truncate(error),
        videoKey,
        claim);
  }

  /** PROCESSING videos whose heartbeat is older than {@code staleSeconds}. */
  public List<String> stale(int staleSeconds, int limit) throws SQLException {
    return keys(
        "SELECT videoKey FROM videos WHERE state = 'PROCESSING'"
            + " AND (heartbeat_at IS NULL OR heartbeat_at < NOW(3) - INTERVAL ? SECOND)"
            + " ORDER BY heartbeat_at LIMIT ?",
        staleSeconds,
        limit);
  }

  /** Takes a stale job back to UPLOADED (once, even with several workers starting). */
  public boolean requeueStale(String videoKey, int staleSeconds) throws SQLException {
    return update(
            "UPDATE videos SET state = 'UPLOADED', worker_id = NULL, heartbeat_at = NULL,"
                + " last_error = COALESCE(last_error, 'the worker stopped during the job')"
                + " WHERE videoKey = ? AND state = 'PROCESSING'"
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
        "SELECT videoKey FROM videos WHERE state = 'UPLOADED'"
            + " AND updated_at < NOW(3) - INTERVAL ? SECOND LIMIT ?",
        quietSeconds,
        limit);
  }

  public boolean touchUploaded(String videoKey, int quietSeconds) throws SQLException {
    return update(
            "UPDATE videos SET updated_at = NOW(3) WHERE videoKey = ? AND state = 'UPLOADED'"
                + " AND updated_at < NOW(3) - INTERVAL ? SECOND",
            videoKey,
            quietSeconds)
        == 1;
  }

  /** Uploads not yet noticed: the videos waiting for their source (index on state). */
  public List<String> awaitingUpload(int limit) throws SQLException {
    return keys(
        "SELECT videoKey FROM videos WHERE state = 'AWAITING_UPLOAD'"
            + " ORDER BY uploadTime DESC LIMIT ?",
        limit);
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
                "UPDATE videos SET state = 'UPLOADED', size_bytes = COALESCE(size_bytes, ?),"
                    + " source_key = COALESCE(source_key, ?)"
                    + " WHERE videoKey = ? AND state = 'AWAITING_UPLOAD'")) {
          s.setLong(1, sizeBytes);
          s.setString(2, "uploads/" + videoKey + "/source");
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

  /** A video whose READY or FAILED event has not been delivered to its owner yet. */
  public record PendingEvent(String videoKey, String state) {}

  /** Undelivered events (indexed column: the cost does not grow with the videos stored). */
  public List<PendingEvent> pendingEvents(int limit) throws SQLException {
    List<PendingEvent> events = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT videoKey, event_pending FROM videos WHERE event_pending IS NOT NULL"
                    + " LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          events.add(new PendingEvent(r.getString(1), r.getString(2)));
        }
      }
    }
    return events;
  }

  /**
   * Delivers a pending event once: clears it and stores the owner's notification in one
   * transaction. False if it was delivered already (by another worker or the sweep).
   */
  public boolean notifyOnce(
      String videoKey,
      String state,
      long userId,
      String kind,
      String title,
      String body,
      String link)
      throws SQLException {
    return Transactions.run(
        dataSource,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE videos SET event_pending = NULL"
                      + " WHERE videoKey = ? AND event_pending = ?")) {
            s.setString(1, videoKey);
            s.setString(2, state);
            if (s.executeUpdate() != 1) {
              return false;
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO notifications (user_id, kind, videoKey, title, body, link)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, userId);
            s.setString(2, kind);
            s.setString(3, videoKey);
            s.setString(4, title);
            s.setString(5, body);
            s.setString(6, link);
            s.executeUpdate();
          }
          return true;
        });
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
