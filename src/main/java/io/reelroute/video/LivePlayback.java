package io.reelroute.video;

import static io.reelroute.video.VideoState.PROCESSING;
import static io.reelroute.video.VideoState.READY;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Watch while processing (issue 13): whether a PROCESSING video's first segments are published, so
 * the API can serve its growing (EVENT) playlists. Column {@code videos.live_playable_at}: set
 * under the job's claim once the first rung has its first segments, cleared by a new claim ({@link
 * VideoLifecycle#claim}), by a release or failure, and before partial outputs are removed ({@link
 * #reset}), so a viewer sees "processing" again instead of a playlist whose segments are gone. Not
 * a state: READY still means every output is stored.
 */
public final class LivePlayback {

  private final DataSource dataSource;

  public LivePlayback(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Playable from now on, under this claim only; false if the claim was lost. */
  public boolean markPlayable(String videoKey, String claim) throws SQLException {
    return update(
            "UPDATE videos SET live_playable_at = COALESCE(live_playable_at, NOW(3))"
                + " WHERE videoKey = ? AND worker_id = ? AND state = "
                + PROCESSING.sql(),
            videoKey,
            claim)
        == 1;
  }

  /** Not playable until the next attempt publishes again (a READY video keeps its time). */
  public void reset(String videoKey) throws SQLException {
    update(
        "UPDATE videos SET live_playable_at = NULL WHERE videoKey = ? AND state <> " + READY.sql(),
        videoKey);
  }

  private int update(String sql, String... params) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      return s.executeUpdate();
    }
  }
}
