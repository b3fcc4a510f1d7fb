package io.reelroute.moderation;

import io.reelroute.auth.Caller;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import io.reelroute.common.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * The owner's one appeal against a takedown (bean {@code moderationAppeals}): {@code POST|GET
 * /api/videos/{videoKey}/appeal} for the owner; {@code GET /api/moderation/appeals?state=} and
 * {@code POST /api/moderation/appeals/{videoKey}/reject} for moderators (restoring the video
 * accepts it).
 */
public final class Appeals {

  /** The body of an appeal. */
  record NewAppeal(String text) {}

  private final DataSource dataSource;
  private final ModerationSettings settings;

  Appeals(DataSource dataSource, ModerationSettings settings) {
    this.dataSource = dataSource;
    this.settings = settings;
  }

  /** POST /api/videos/{videoKey}/appeal {text}: 201; once per takedown's video (409 after). */
  public void create(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    String key = Http.videoKey(exchange);
    String text =
        Http.text(Json.read(Http.body(exchange), NewAppeal.class).text(), "text", 2000, true);
    Map<String, Object> appeal =
        Transactions.readCommitted(
            dataSource,
            c -> {
              requireTakenDown(c, key, caller.id());
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO moderation_appeals (videoKey, user_id, text) VALUES (?, ?, ?)")) {
                ps.setString(1, key);
                ps.setLong(2, caller.id());
                ps.setString(3, text);
                ps.executeUpdate();
              } catch (SQLIntegrityConstraintViolationException twice) {
                throw ApiException.conflict("appeal-exists", "This video was appealed already");
              }
              return one(c, key);
            });
    Http.json(exchange, 201, appeal);
  }

  /** GET /api/videos/{videoKey}/appeal: the owner's appeal, or 404 {@code no-appeal}. */
  public void get(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    String key = Http.videoKey(exchange);
    try (Connection c = dataSource.getConnection()) {
      Map<String, Object> appeal = one(c, key);
      if (appeal == null || (Long) appeal.get("userId") != caller.id()) {
        throw new ApiException(404, "no-appeal", "No appeal for this video", "videoKey", null);
      }
      Http.json(exchange, 200, appeal);
    }
  }

  /** GET /api/moderation/appeals?state=open|accepted|rejected&cursor&limit (newest first). */
  public void list(Exchange exchange) throws SQLException {
    String state = Http.param(exchange, "state");
    state = state == null || state.isEmpty() ? "open" : state;
    if (!Set.of("open", "accepted", "rejected").contains(state)) {
      throw ApiException.invalidField("state", "state must be open, accepted or rejected");
    }
    int limit = Http.limit(Http.param(exchange, "limit"), settings);
    List<Map<String, Object>> items = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(SELECT + " WHERE a.state = ? ORDER BY a.created_at DESC LIMIT ?")) {
      ps.setString(1, state);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          items.add(row(rs));
        }
      }
    }
    Http.json(exchange, 200, Map.of("items", items));
  }

  /** POST /api/moderation/appeals/{videoKey}/reject: the video stays down; the owner is told. */
  public void reject(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    String key = Http.videoKey(exchange);
    Map<String, Object> appeal =
        Transactions.readCommitted(
            dataSource,
            c -> {
              Map<String, Object> row = one(c, key);
              if (row == null) {
                throw new ApiException(
                    404, "no-appeal", "No appeal for this video", "videoKey", null);
              }
              if (!decide(c, key, "rejected")) {
                throw ApiException.conflict("appeal-decided", "This appeal is decided already");
              }
              Outcomes.tellOwner(
                  c,
                  (Long) row.get("userId"),
                  "APPEAL_REJECTED",
                  key,
                  "Your appeal was rejected",
                  "A moderator reviewed your appeal; the video stays taken down.");
              Audit.record(c, caller, "appeal.reject", "video", key, null);
              return one(c, key);
            });
    Http.json(exchange, 200, appeal);
  }

  /** Decides an open appeal of the video (restore accepts it); false if none was open. */
  static boolean decide(Connection c, String key, String state) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE moderation_appeals SET state = ?, decided_at = NOW(3)"
                + " WHERE videoKey = ? AND state = 'open'")) {
      ps.setString(1, state);
      ps.setString(2, key);
      return ps.executeUpdate() == 1;
    }
  }

  private static void requireTakenDown(Connection c, String key, long callerId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT owner_id, taken_down_at FROM videos WHERE videoKey = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getLong(1) != callerId) {
          throw new ApiException(404, "not-found", "No such video", "videoKey", null);
        }
        if (rs.getObject(2) == null) {
          throw ApiException.conflict("not-taken-down", "The video is not taken down");
        }
      }
    }
  }

  private static final String SELECT =
      "SELECT a.videoKey, a.user_id, u.display_name, v.displayName, v.takedown_reason, a.text,"
          + " a.state, a.created_at, a.decided_at FROM moderation_appeals a"
          + " JOIN videos v ON v.videoKey = a.videoKey JOIN users u ON u.id = a.user_id";

  private static Map<String, Object> one(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE a.videoKey = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  private static Map<String, Object> row(ResultSet rs) throws SQLException {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("videoKey", rs.getString(1));
    a.put("userId", rs.getLong(2));
    a.put("ownerName", rs.getString(3));
    a.put("videoTitle", rs.getString(4));
    a.put("takedownReason", rs.getString(5));
    a.put("text", rs.getString(6));
    a.put("state", rs.getString(7));
    a.put("createdAt", Audit.time(rs.getObject(8, LocalDateTime.class)));
    a.put("decidedAt", Audit.time(rs.getObject(9, LocalDateTime.class)));
    return a;
  }
}
