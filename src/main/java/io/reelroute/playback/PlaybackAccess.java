package io.reelroute.playback;

import io.reelroute.common.ApiException;
import io.reelroute.video.VideoState;
import io.reelroute.video.Visibility;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Who may see a video ({@link Visibility}), and whether it plays (READY, or PROCESSING with
 * segments published). A moderator or admin may also play a taken-down video to review it.
 */
record PlaybackAccess(
    String state,
    String visibility,
    long ownerId,
    boolean hidden,
    boolean livePlayable,
    boolean takenDown) {

  /** The video's row, or null when there is none. */
  static PlaybackAccess find(DataSource dataSource, String videoKey) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT v.state, v.visibility, v.owner_id, "
                    + Visibility.HIDDEN
                    + ", v.live_playable_at IS NOT NULL, "
                    + Visibility.TAKEN_DOWN
                    + " FROM videos v WHERE v.videoKey = ?")) {
      s.setString(1, videoKey);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? new PlaybackAccess(
                r.getString(1),
                r.getString(2),
                r.getLong(3),
                r.getBoolean(4),
                r.getBoolean(5),
                r.getBoolean(6))
            : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  boolean visibleTo(Long viewer) {
    return Visibility.visibleTo(visibility, ownerId, viewer, hidden);
  }

  /** As {@link #visibleTo(Long)}, for a viewer who may be a moderator or admin (reviewer). */
  boolean visibleTo(Long viewer, boolean reviewer) {
    return Visibility.visibleTo(visibility, ownerId, viewer, hidden, takenDown, reviewer);
  }

  boolean playsWhileProcessing() {
    return livePlayable && VideoState.PROCESSING.name().equals(state);
  }

  /**
   * 409 unless READY: {@code video-processing} (Retry-After 2) while it is queued or processing and
   * no segment is published yet, else {@code video-not-ready}.
   */
  void requireReady() {
    if (VideoState.READY.name().equals(state)) {
      return;
    }
    if (VideoState.PROCESSING.name().equals(state) || VideoState.UPLOADED.name().equals(state)) {
      throw new ApiException(
          409,
          "video-processing",
          "This video is still processing; it plays as soon as its first segments are ready",
          null,
          2);
    }
    throw ApiException.conflict("video-not-ready", "This video is not ready to play yet");
  }

  boolean isPrivate() {
    return Visibility.PRIVATE.name().equals(visibility);
  }
}
