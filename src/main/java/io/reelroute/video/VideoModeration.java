package io.reelroute.video;

import io.reelroute.events.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * A moderator's takedown and restore of a video (issue 15): a flag beside the state, so the video
 * keeps its place in {@link VideoState}'s moves while {@link Visibility} hides it from everyone but
 * its owner, who sees the reason. Each change records its event (video.taken-down, video.restored)
 * in the caller's transaction; a restored video that is READY and public is published then if it
 * never was ({@link VideoPublication}).
 */
public final class VideoModeration {

  private VideoModeration() {}

  /** Takes the video down with the reason; false if unknown or taken down already. */
  public static boolean takeDown(Connection c, String videoKey, String reason) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE videos SET taken_down_at = NOW(3), takedown_reason = ?"
                + " WHERE videoKey = ? AND taken_down_at IS NULL")) {
      s.setString(1, VideoLifecycle.truncate(reason));
      s.setString(2, videoKey);
      if (s.executeUpdate() != 1) {
        return false;
      }
    }
    LifecycleEvents.record(
        c, EventType.VIDEO_TAKEN_DOWN, videoKey, Map.of("takedownReason", reason));
    return true;
  }

  /** Restores a taken-down video; false if unknown or not taken down. */
  public static boolean restore(Connection c, String videoKey) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE videos SET taken_down_at = NULL, takedown_reason = NULL"
                + " WHERE videoKey = ? AND taken_down_at IS NOT NULL")) {
      s.setString(1, videoKey);
      if (s.executeUpdate() != 1) {
        return false;
      }
    }
    LifecycleEvents.record(c, EventType.VIDEO_RESTORED, videoKey, Map.of());
    VideoPublication.publishIfDue(c, videoKey); // taken down before it was ever published
    return true;
  }
}
