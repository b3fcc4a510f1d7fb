package io.reelroute.video;

import io.reelroute.events.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * A video's publication: the first moment it is READY, public and not hidden ({@link
 * Visibility#HIDDEN}: taken down, or its owner disabled), whichever of these came last. Recorded
 * once in {@code videos.published_at} with the video.published event, in the caller's transaction
 * (the one that made it READY, public, restored or its owner enabled). Never cleared, so a video
 * made private and public again is not published twice.
 */
public final class VideoPublication {

  private static final String DUE =
      "UPDATE videos v SET v.published_at = NOW(3) WHERE v.videoKey = ?"
          + " AND v.published_at IS NULL AND v.state = "
          + VideoState.READY.sql()
          + " AND v.visibility = '"
          + Visibility.PUBLIC.name()
          + "' AND NOT "
          + Visibility.HIDDEN;

  private VideoPublication() {}

  /**
   * Publishes the video if it is due now and never was (a current read under the row's lock, so two
   * transactions never both publish it); true when it was published by this call.
   */
  public static boolean publishIfDue(Connection c, String videoKey) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(DUE)) {
      s.setString(1, videoKey);
      if (s.executeUpdate() != 1) {
        return false;
      }
    }
    String publishedAt;
    try (PreparedStatement s =
        c.prepareStatement("SELECT published_at FROM videos WHERE videoKey = ?")) {
      s.setString(1, videoKey);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        publishedAt = r.getTimestamp(1).toInstant().toString();
      }
    }
    LifecycleEvents.record(
        c, EventType.VIDEO_PUBLISHED, videoKey, Map.of("publishedAt", publishedAt));
    return true;
  }
}
