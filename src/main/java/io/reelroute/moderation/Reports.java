package io.reelroute.moderation;

import io.reelroute.auth.Caller;
import io.reelroute.auth.RateLimiter;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import io.reelroute.common.Transactions;
import io.reelroute.social.CommentModeration;
import io.reelroute.video.Visibility;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Abuse reports (bean {@code moderationReports}): {@code POST /api/reports} by signed-in users
 * (rate limited, one open report per user and target, never on one's own content), the moderators'
 * queue {@code GET /api/moderation/reports?state=} and {@code POST
 * /api/moderation/reports/{reportId}/reject}.
 */
public final class Reports {

  static final Set<String> REASONS =
      Set.of("spam", "harassment", "illegal", "sexual", "violence", "copyright", "other");

  /** The body of POST /api/reports. */
  record NewReport(String targetType, String targetId, String reason, String text) {}

  /** The body of a reject: an optional note for the reporter. */
  record Note(String note) {}

  /** What a report is about. */
  private record Target(String type, String id, String videoKey, long ownerId, String excerpt) {}

  private final DataSource dataSource;
  private final ModerationSettings settings;
  private final RateLimiter limiter;

  Reports(DataSource dataSource, ModerationSettings settings, RateLimiter limiter) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.limiter = limiter;
  }

  /** POST /api/reports (behind requireUser): 201 with the report. */
  public void create(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    NewReport in = Json.read(Http.body(exchange), NewReport.class);
    String type = in.targetType();
    if (!"video".equals(type) && !"comment".equals(type)) {
      throw ApiException.invalidField("targetType", "targetType must be video or comment");
    }
    if (in.targetId() == null || in.targetId().isBlank() || in.targetId().length() > 64) {
      throw ApiException.invalidField("targetId", "targetId is required");
    }
    if (in.reason() == null || !REASONS.contains(in.reason())) {
      throw ApiException.invalidField(
          "reason",
          "reason must be one of spam, harassment, illegal, sexual, violence, copyright, other");
    }
    String text = Http.text(in.text(), "text", 2000, false);
    long wait = limiter.count("report:user:" + caller.id(), settings.reportRateMax());
    if (wait > 0) {
      throw ApiException.tooManyRequests(
          "rate-limited", "Too many reports; try again in " + wait + " seconds", (int) wait);
    }
    Map<String, Object> report =
        Transactions.readCommitted(
            dataSource,
            c -> {
              Target target = target(c, type, in.targetId().strip(), caller.id());
              if (target.ownerId() == caller.id()) {
                throw new ApiException(
                    403, "own-content", "You cannot report your own content", "targetId", null);
              }
              long id;
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO moderation_reports (reporter_id, target_type, target_id,"
                          + " videoKey, target_owner_id, reason, text, excerpt)"
                          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, caller.id());
                ps.setString(2, target.type());
                ps.setString(3, target.id());
                ps.setString(4, target.videoKey());
                ps.setLong(5, target.ownerId());
                ps.setString(6, in.reason());
                ps.setString(7, text == null ? "" : text);
                ps.setString(8, target.excerpt());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                  keys.next();
                  id = keys.getLong(1);
                }
              } catch (SQLIntegrityConstraintViolationException twice) {
                throw ApiException.conflict(
                    "report-exists", "You have an open report on this already");
              }
              return one(c, id);
            });
    Http.json(exchange, 201, report);
  }

  /** The target as the reporter sees it; 404 when unknown or not visible to them. */
  private static Target target(Connection c, String type, String id, long callerId)
      throws SQLException {
    if ("comment".equals(type)) {
      long commentId;
      try {
        commentId = Long.parseLong(id);
      } catch (NumberFormatException e) {
        throw new ApiException(404, "not-found", "No such comment", "targetId", null);
      }
      CommentModeration.Target comment = CommentModeration.visible(c, commentId, callerId);
      if (comment == null) {
        throw new ApiException(404, "not-found", "No such comment", "targetId", null);
      }
      return new Target(
          type, id, comment.videoKey(), comment.authorId(), Outcomes.cut(comment.body(), 500));
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT v.owner_id, v.visibility, "
                + Visibility.HIDDEN
                + ", v.displayName FROM videos v WHERE v.videoKey = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()
            || !Visibility.visibleTo(rs.getString(2), rs.getLong(1), callerId, rs.getBoolean(3))) {
          throw new ApiException(404, "not-found", "No such video", "targetId", null);
        }
        return new Target(type, id, id, rs.getLong(1), Outcomes.cut(rs.getString(4), 500));
      }
    }
  }

  /** GET /api/moderation/reports?state=open|accepted|rejected&cursor&limit (moderators). */
  public void list(Exchange exchange) throws SQLException {
    String state = Http.param(exchange, "state");
    if (state == null || state.isEmpty()) {
      state = "open";
    }
    if (!Set.of("open", "accepted", "rejected").contains(state)) {
      throw ApiException.invalidField("state", "state must be open, accepted or rejected");
    }
    long after = Http.cursor(Http.param(exchange, "cursor"));
    int limit = Http.limit(Http.param(exchange, "limit"), settings);
    boolean open = "open".equals(state); // the queue oldest first, decisions newest first
    String sql =
        SELECT
            + " WHERE r.state = ?"
            + (after == 0 ? "" : open ? " AND r.id > ?" : " AND r.id < ?")
            + (open ? " ORDER BY r.id ASC" : " ORDER BY r.id DESC")
            + " LIMIT ?";
    List<Map<String, Object>> items = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, state);
      if (after != 0) {
        ps.setLong(i++, after);
      }
      ps.setInt(i, limit + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          items.add(row(rs));
        }
      }
    }
    boolean more = items.size() > limit;
    List<Map<String, Object>> shown = more ? items.subList(0, limit) : items;
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("items", shown);
    page.put("nextCursor", more ? Http.cursor((Long) shown.get(limit - 1).get("id")) : null);
    Http.json(exchange, 200, page);
  }

  /** POST /api/moderation/reports/{reportId}/reject {note?}: no action; the reporter is told. */
  public void reject(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    long id = Http.id(exchange, "reportId", "report");
    String body = Http.body(exchange);
    String note =
        body == null || body.isBlank()
            ? null
            : Http.text(Json.read(body, Note.class).note(), "note", 500, false);
    Map<String, Object> report =
        Transactions.readCommitted(
            dataSource,
            c -> {
              Map<String, Object> row = one(c, id);
              if (row == null) {
                throw new ApiException(404, "not-found", "No such report", "reportId", null);
              }
              String outcome =
                  "A moderator reviewed your report and took no action"
                      + (note == null ? "." : ": " + note);
              if (!Outcomes.decide(c, id, caller.id(), "rejected", outcome)) {
                throw ApiException.conflict("report-decided", "This report is decided already");
              }
              Outcomes.tellReporter(
                  c, (Long) row.get("reporterId"), null, "Your report: no action", outcome);
              Audit.record(c, caller, "report.reject", "report", id, note);
              return one(c, id);
            });
    Http.json(exchange, 200, report);
  }

  private static final String SELECT =
      "SELECT r.id, r.reporter_id, ru.display_name, r.target_type, r.target_id, r.videoKey,"
          + " v.displayName, r.target_owner_id, ou.display_name, ou.handle, r.reason, r.text,"
          + " r.excerpt, r.state, r.created_at, r.decided_at, r.outcome, v.taken_down_at IS NOT"
          + " NULL, ou.status FROM moderation_reports r JOIN users ru ON ru.id = r.reporter_id"
          + " LEFT JOIN users ou ON ou.id = r.target_owner_id"
          + " LEFT JOIN videos v ON v.videoKey = r.videoKey";

  static Map<String, Object> one(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE r.id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  private static Map<String, Object> row(ResultSet rs) throws SQLException {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", rs.getLong(1));
    r.put("reporterId", rs.getLong(2));
    r.put("reporterName", rs.getString(3));
    r.put("targetType", rs.getString(4));
    r.put("targetId", rs.getString(5));
    r.put("videoKey", rs.getString(6));
    r.put("videoTitle", rs.getString(7));
    r.put("targetOwnerId", rs.getLong(8));
    r.put("targetOwnerName", rs.getString(9));
    r.put("targetOwnerHandle", rs.getString(10));
    r.put("reason", rs.getString(11));
    r.put("text", rs.getString(12));
    r.put("excerpt", rs.getString(13));
    r.put("state", rs.getString(14));
    r.put("createdAt", Audit.time(rs.getObject(15, LocalDateTime.class)));
    r.put("decidedAt", Audit.time(rs.getObject(16, LocalDateTime.class)));
    r.put("outcome", rs.getString(17));
    r.put("videoTakenDown", rs.getBoolean(18));
    r.put("targetOwnerDisabled", "DISABLED".equals(rs.getString(19)));
    return r;
  }
}
