package io.reelroute.video;

import io.reelroute.events.EventType;
import io.reelroute.events.Events;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The events of a video's state changes, recorded in the change's own transaction. */
final class LifecycleEvents {

  private LifecycleEvents() {}

  /**
   * Records an event of this video (owner, title, state and failure reason read in the same
   * transaction) in the event outbox.
   */
  static void record(Connection c, EventType type, String videoKey, Map<String, ?> extra)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT owner_id, displayName, state, failure_reason FROM videos WHERE videoKey = ?")) {
      s.setString(1, videoKey);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("videoKey", videoKey);
        data.put("title", r.getString(2));
        data.put("state", r.getString(3));
        data.put("reason", r.getString(4));
        data.putAll(extra);
        long owner = r.getLong(1);
        Events.record(c, type, r.wasNull() ? null : owner, videoKey, data);
      }
    }
  }
}
