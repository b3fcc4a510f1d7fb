package io.reelroute.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.video.VideoKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Rows other flows (upload, transcode) would make, for the moderation tests. */
final class Fixtures {

  private Fixtures() {}

  /** A READY public video of the user as upload + transcode would leave it; returns its key. */
  static String readyVideo(TestApp app, TestUsers.Session owner, String title) throws SQLException {
    String key = VideoKeys.generate();
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO videos (videoKey, displayName, description, visibility, owner_id,"
                    + " email, state, isTranscoded, duration_seconds, size_bytes, source_key)"
                    + " VALUES (?, ?, 'd', 'PUBLIC', ?, ?, 'READY', 1, 10, 1000, ?)")) {
      s.setString(1, key);
      s.setString(2, title);
      s.setLong(3, owner.userId());
      s.setString(4, owner.email());
      s.setString(5, VideoKeys.sourceKey(key));
      s.executeUpdate();
    }
    return key;
  }

  /** Whether any item of an {items: [...]} page has the field equal to the value. */
  static boolean listed(JsonNode page, String field, String value) {
    for (JsonNode item : page.get("items")) {
      if (item.hasNonNull(field) && item.get(field).asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
