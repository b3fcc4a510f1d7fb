package io.reelroute.social;

import io.reelroute.common.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Who may react to, comment on and view a video: the catalog's rule (public and unlisted for
 * anyone, private for the owner alone), and only once it is READY. Unknown and invisible videos get
 * the same 404.
 */
record VideoAccess(String videoKey, long ownerId, String visibility, String state, String title) {

  static VideoAccess require(Connection c, String videoKey, Long callerId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT v.owner_id, v.visibility, v.state, v.displayName, "
                + io.reelroute.video.Visibility.HIDDEN
                + " FROM videos v WHERE v.videoKey = ?")) {
      ps.setString(1, videoKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw notFound();
        }
        VideoAccess video =
            new VideoAccess(
                videoKey, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
        if (!io.reelroute.video.Visibility.visibleTo(
            video.visibility(), video.ownerId(), callerId, rs.getBoolean(5))) {
          throw notFound();
        }
        return video;
      }
    }
  }

  /** As {@link #require}, and the video must be READY (nothing to react to before that). */
  static VideoAccess requireReady(Connection c, String videoKey, Long callerId)
      throws SQLException {
    VideoAccess video = require(c, videoKey, callerId);
    if (!io.reelroute.video.VideoState.READY.name().equals(video.state())) {
      throw new ApiException(
          409, "video-not-ready", "The video is not ready yet", "videoKey", null);
    }
    return video;
  }

  static ApiException notFound() {
    return new ApiException(404, "not-found", "No such video", "videoKey", null);
  }
}
