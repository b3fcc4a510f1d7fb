package io.reelroute.testing;

import io.reelroute.video.VideoKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Rows as the API leaves them, for tests that drive the pipeline without the upload endpoints. */
public final class VideoRows {

  private VideoRows() {}

  /** A new owner and their video row AWAITING_UPLOAD (what POST /api/upload leaves): its key. */
  public static String awaitingUpload(DataSource db, String title) throws SQLException {
    String key = VideoKeys.generate();
    try (Connection c = db.getConnection()) {
      long owner = user(c, "owner-" + key + "@example.test", "Owner " + title);
      awaitingUpload(c, key, title, owner, "owner-" + key + "@example.test");
    }
    return key;
  }

  /** A video row AWAITING_UPLOAD of an existing owner. */
  public static void awaitingUpload(
      Connection c, String key, String title, long ownerId, String email) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO videos (videoKey, displayName, email, owner_id, state, source_key)"
                + " VALUES (?, ?, ?, ?, 'AWAITING_UPLOAD', ?)")) {
      s.setString(1, key);
      s.setString(2, title);
      s.setString(3, email);
      s.setLong(4, ownerId);
      s.setString(5, VideoKeys.sourceKey(key));
      s.executeUpdate();
    }
  }

  /** An ACTIVE user (no usable password): its id. */
  public static long user(Connection c, String email, String displayName) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO users (email, display_name, password_hash, status)"
                + " VALUES (?, ?, 'x', 'ACTIVE')",
            Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, email);
      s.setString(2, displayName);
      s.executeUpdate();
      try (ResultSet r = s.getGeneratedKeys()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
