package io.reelroute.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * The event outbox's writer: an event is a row of the {@code events} table written on the
 * connection (so in the transaction) that made it happen. The events-publish route delivers it.
 */
public final class Events {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Events() {}

  /**
   * Records one event. {@code userId} is the account it belongs to (webhooks of that account get
   * it); {@code data} becomes the body's "data" object (null values are left out).
   */
  public static String record(
      Connection c, EventType type, Long userId, String videoKey, Map<String, ?> data)
      throws SQLException {
    String id = UUID.randomUUID().toString();
    String body = envelope(id, type, Instant.now(), data);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO events (id, type, user_id, videoKey, body) VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setString(2, type.id());
      if (userId == null) {
        s.setNull(3, Types.BIGINT);
      } else {
        s.setLong(3, userId);
      }
      s.setString(4, videoKey);
      s.setString(5, body);
      s.executeUpdate();
    }
    return id;
  }

  /** The public JSON of an event: {id, type, occurredAt, data}. */
  static String envelope(String id, EventType type, Instant at, Map<String, ?> data) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("type", type.id());
    root.put("occurredAt", at.truncatedTo(ChronoUnit.MILLIS).toString());
    ObjectNode fields = root.putObject("data");
    data.forEach(
        (name, value) -> {
          if (value != null) {
            fields.set(name, JSON.valueToTree(value));
          }
        });
    return root.toString();
  }
}
