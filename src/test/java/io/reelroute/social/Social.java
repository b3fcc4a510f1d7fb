package io.reelroute.social;

import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.sql.SQLException;

/** Fixtures of the social tests: rows other flows (upload, transcode) would make. */
final class Social {

  private Social() {}

  // --- fixtures --------------------------------------------------------------------------------

  /** A READY video of the user as upload + transcode would leave it; returns its key. */
  static String readyVideo(TestApp app, TestUsers.Session owner, String title, String visibility)
      throws SQLException {
    return io.reelroute.testing.Viewers.row(app, owner, title, visibility);
  }

  static int sql(TestApp app, String sql, Object... args) throws SQLException {
    return io.reelroute.testing.Viewers.sql(app, sql, args);
  }

  static long count(TestApp app, String sql, Object... args) {
    return app.count(sql, args);
  }
}
