package io.reelroute.video;

import static io.reelroute.video.VideoState.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Videos whose job may have been lost: PROCESSING with a stopped heartbeat (the worker died) and
 * UPLOADED left quiet (the message may be gone). Each is taken back once, even with several workers
 * starting, so that its job can be queued again.
 */
public final class StaleVideos {

  private final DataSource dataSource;

  public StaleVideos(DataSource dataSource) {
    this.dataSource = dataSource;
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

  private int update(String sql, Object... params) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      VideoLifecycle.bind(s, params);
      return s.executeUpdate();
    }
  }

  private List<String> keys(String sql, Object... params) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      VideoLifecycle.bind(s, params);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          keys.add(r.getString(1));
        }
      }
    }
    return keys;
  }
}
