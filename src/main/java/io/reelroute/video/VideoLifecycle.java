package io.reelroute.video;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The one module that changes a video's state (see {@link VideoState} for the moves): every state
 * change of the videos table, each conditional on the state it starts from (and, for a running job,
 * on the claim), so concurrent workers and api processes cannot step on each other; each records
 * its event (video.uploaded, .processing, .ready and .published, .failed, .deleted) in the event
 * outbox in the same transaction. The catalog's reads and metadata edits are
 * catalog.CatalogStore's.
 */
public final class VideoLifecycle {

  private final DataSource dataSource;

  public VideoLifecycle(DataSource dataSource) {
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
                      + " progress_percent = 0, eta_seconds = NULL, failure_reason = NULL,"
                      + " live_playable_at = NULL"
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
          LifecycleEvents.record(c, EventType.VIDEO_PROCESSING, videoKey, Map.of());
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
          Rendition.replaceAll(c, videoKey, renditions);
          LifecycleEvents.record(
              c,
              EventType.VIDEO_READY,
              videoKey,
              Map.of("durationSeconds", media.durationSeconds()));
          VideoPublication.publishIfDue(c, videoKey); // public already: video.published too
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
            + " last_error = ?, worker_id = NULL, heartbeat_at = NULL, live_playable_at = NULL,"
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
            + " heartbeat_at = NULL, progress_percent = NULL, eta_seconds = NULL,"
            + " live_playable_at = NULL WHERE videoKey = ? AND state IN ("
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
          LifecycleEvents.record(c, EventType.VIDEO_FAILED, videoKey, Map.of());
          return true;
        });
  }

  /** Gives a failed attempt back: UPLOADED again with the error, so the retry can claim it. */
  public void release(String videoKey, String claim, String error) throws SQLException {
    update(
        "UPDATE videos SET state = "
            + UPLOADED.sql()
            + ", last_error = ?, worker_id = NULL,"
            + " heartbeat_at = NULL, progress_percent = NULL, eta_seconds = NULL,"
            + " live_playable_at = NULL WHERE videoKey = ? AND worker_id = ? AND state = "
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
      org.slf4j.LoggerFactory.getLogger(VideoLifecycle.class)
          .warn("Could not release {}: {}", videoKey, e.toString());
    }
  }

  /** AWAITING_UPLOAD → EXPIRED; false when the row moved on meanwhile (the upload arrived). */
  public boolean expire(String videoKey, String reason) throws SQLException {
    String sql =
        "UPDATE videos SET state = "
            + EXPIRED.sql()
            + ", upload_id = NULL, failure_reason = ?"
            + " WHERE videoKey = ? AND state IN ("
            + EXPIRED.from()
            + ")";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, reason);
      s.setString(2, videoKey);
      return s.executeUpdate() == 1;
    }
  }

  /** Deletes the row and records its video.deleted event, in one transaction. */
  public boolean delete(String videoKey, long ownerId) throws SQLException {
    return Transactions.run(
        dataSource,
        c -> {
          String title;
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT displayName FROM videos WHERE videoKey = ? AND owner_id = ? FOR UPDATE")) {
            s.setString(1, videoKey);
            s.setLong(2, ownerId);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                return false;
              }
              title = r.getString(1);
            }
          }
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM videos WHERE videoKey = ? AND owner_id = ?")) {
            s.setString(1, videoKey);
            s.setLong(2, ownerId);
            s.executeUpdate();
          }
          java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
          data.put("videoKey", videoKey);
          data.put("title", title);
          Events.record(c, EventType.VIDEO_DELETED, ownerId, videoKey, data);
          return true;
        });
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
        LifecycleEvents.record(
            c, EventType.VIDEO_UPLOADED, videoKey, Map.of("sizeBytes", sizeBytes));
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

  private int update(String sql, Object... params) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      return s.executeUpdate();
    }
  }

  static void bind(PreparedStatement s, Object... params) throws SQLException {
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
