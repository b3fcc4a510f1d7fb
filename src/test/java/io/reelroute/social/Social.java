package io.reelroute.social;

import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.video.VideoKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Fixtures of the social tests: rows other flows (upload, transcode) would make. */
final class Social {

  private Social() {}

  // --- fixtures --------------------------------------------------------------------------------

  /** A READY video of the user as upload + transcode would leave it; returns its key. */
  static String readyVideo(TestApp app, TestUsers.Session owner, String title, String visibility)
      throws SQLException {
    String key = VideoKeys.generate();
    sql(
        app,
        "INSERT INTO videos (videoKey, displayName, description, visibility, owner_id, email,"
            + " state, isTranscoded, duration_seconds, size_bytes, source_key)"
            + " VALUES (?, ?, 'd', ?, ?, ?, 'READY', 1, 10, 1000, ?)",
        key,
        title,
        visibility,
        owner.userId(),
        owner.email(),
        VideoKeys.sourceKey(key));
    return key;
  }

  static int sql(TestApp app, String sql, Object... args) throws SQLException {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s.executeUpdate();
    }
  }

  static long count(TestApp app, String sql, Object... args) {
    return app.count(sql, args);
  }
}
