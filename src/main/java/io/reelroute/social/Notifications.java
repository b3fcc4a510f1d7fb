package io.reelroute.social;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * In-app notifications for video owners, written into the pipeline's notifications table (V4) in
 * the comment's own transaction. When that table is absent (a build without the pipeline's
 * migration) comments still work and only the e-mail digest tells the owner.
 */
final class Notifications {

  static final String KIND = "COMMENT";
  private volatile Boolean available;

  void comment(Connection c, VideoAccess video, String authorName, String text)
      throws SQLException {
    if (!available(c)) {
      return;
    }
    String title = "New comment on " + quoted(video.title());
    String excerpt = authorName + ": " + text;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO notifications (user_id, kind, videoKey, title, body, link)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, video.ownerId());
      ps.setString(2, KIND);
      ps.setString(3, video.videoKey());
      ps.setString(4, cut(title, 200));
      ps.setString(5, cut(excerpt, 2000));
      ps.setString(6, "/watch/" + video.videoKey());
      ps.executeUpdate();
    }
  }

  boolean available(Connection c) throws SQLException {
    Boolean known = available;
    if (known == null) {
      DatabaseMetaData meta = c.getMetaData();
      try (ResultSet rs = meta.getTables(c.getCatalog(), null, "notifications", null)) {
        known = rs.next();
      }
      available = known;
    }
    return known;
  }

  static String quoted(String title) {
    return title == null || title.isBlank() ? "your video" : "\u201c" + title + "\u201d";
  }

  static String cut(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "\u2026";
  }
}
