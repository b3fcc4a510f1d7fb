package io.reelroute.testing;

import io.reelroute.video.VideoKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Fixtures of the viewer features' tests (issue 15): channels and READY videos. */
public final class Viewers {

  private Viewers() {}

  /** The user's channel handle. */
  public static String handle(TestApp app, TestUsers.Session user) throws SQLException {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT handle FROM users WHERE id = ?")) {
      s.setLong(1, user.userId());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  /**
   * A READY video row as upload + transcode would leave it (no objects; published now when public,
   * without the video.published event); its key.
   */
  public static String row(TestApp app, TestUsers.Session owner, String title, String visibility)
      throws SQLException {
    String key = VideoKeys.generate();
    sql(
        app,
        "INSERT INTO videos (videoKey, displayName, description, visibility, owner_id, email,"
            + " state, isTranscoded, duration_seconds, size_bytes, source_key, published_at)"
            + " VALUES (?, ?, 'd', ?, ?, ?, 'READY', 1, 10, 1000, ?,"
            + " IF(? = 'PUBLIC', NOW(3), NULL))",
        key,
        title,
        visibility,
        owner.userId(),
        owner.email(),
        VideoKeys.sourceKey(key),
        visibility);
    return key;
  }

  /** A real upload of a 2 s clip, transcoded to READY (waits up to 2 minutes); its key. */
  public static String uploaded(TestApp app, TestUsers.Session owner, String name)
      throws Exception {
    return uploaded(app, owner, name, null);
  }

  /** {@link #uploaded(TestApp, TestUsers.Session, String)} with this visibility (null: default). */
  public static String uploaded(
      TestApp app, TestUsers.Session owner, String name, String visibility) throws Exception {
    Path clip =
        Clips.make(Files.createTempDirectory("viewers-clip"), name, 320, 240, 3, 25, "stereo");
    String key = Uploads.viaApi(app, ApiClient.as(app, owner), clip, visibility);
    if (!TestApp.eventually(
        Duration.ofSeconds(120),
        () ->
            app.count("SELECT COUNT(*) FROM videos WHERE videoKey = ? AND state = 'READY'", key)
                == 1)) {
      throw new AssertionError("the upload " + key + " did not become READY");
    }
    return key;
  }

  public static int sql(TestApp app, String sql, Object... args) throws SQLException {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s.executeUpdate();
    }
  }
}
