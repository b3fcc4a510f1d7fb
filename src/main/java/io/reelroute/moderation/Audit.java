package io.reelroute.moderation;

import io.reelroute.auth.Caller;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log (table moderation_audit): every moderator and admin action, written in the action's
 * own transaction, read by admins newest first.
 */
final class Audit {

  private Audit() {}

  static void record(
      Connection c, Caller actor, String action, String targetType, Object targetId, String detail)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO moderation_audit (actor_id, actor_email, action, target_type, target_id,"
                + " detail) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, actor.id());
      ps.setString(2, actor.email());
      ps.setString(3, action);
      ps.setString(4, targetType);
      ps.setString(5, String.valueOf(targetId));
      ps.setString(6, detail == null ? null : Outcomes.cut(detail, 2000));
      ps.executeUpdate();
    }
  }

  /** Entries newest first, before the id {@code before} (0 = from the newest). */
  static List<Map<String, Object>> list(Connection c, long before, int limit) throws SQLException {
    List<Map<String, Object>> list = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, actor_id, actor_email, action, target_type, target_id, detail, created_at"
                + " FROM moderation_audit WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?")) {
      ps.setLong(1, before);
      ps.setLong(2, before);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("id", rs.getLong(1));
          e.put("actorId", rs.getLong(2));
          e.put("actorEmail", rs.getString(3));
          e.put("action", rs.getString(4));
          e.put("targetType", rs.getString(5));
          e.put("targetId", rs.getString(6));
          e.put("detail", rs.getString(7));
          e.put("createdAt", time(rs.getObject(8, LocalDateTime.class)));
          list.add(e);
        }
      }
    }
    return list;
  }

  static String time(LocalDateTime value) {
    return value == null ? null : value.toInstant(ZoneOffset.UTC).toString();
  }
}
