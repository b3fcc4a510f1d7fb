package io.reelroute.social;

import io.reelroute.auth.Caller;
import io.reelroute.auth.ClientIp;
import io.reelroute.auth.Handles;
import io.reelroute.catalog.CatalogService;
import io.reelroute.catalog.Input;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The HTTP side of the social flow (routes/social.camel.yaml): reactions, comments, views and
 * channel pages. Reads path, query and body, calls the services, writes JSON; refusals are
 * ApiExceptions (problem+json).
 */
public final class SocialApi {

  private final DataSource dataSource;
  private final SocialSettings settings;
  private final Reactions reactions;
  private final Comments comments;
  private final Views views;
  private final CatalogService catalog;

  SocialApi(
      DataSource dataSource,
      SocialSettings settings,
      Reactions reactions,
      Comments comments,
      Views views,
      CatalogService catalog) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.reactions = reactions;
    this.comments = comments;
    this.views = views;
    this.catalog = catalog;
  }

  // --- account deletion ------------------------------------------------------------------------

  /**
   * A step of the account-deletion flow (routes/account.camel.yaml): the caller's reactions and
   * comments go, with the counts they held on other people's videos.
   */
  public void forgetCaller(Exchange exchange) throws SQLException {
    Caller caller = require(exchange);
    java.util.Set<String> touched = new java.util.TreeSet<>(reactions.removeAllOf(caller.id()));
    touched.addAll(comments.removeAllOf(caller.id()));
    touched.forEach(catalog::invalidate);
  }

  // --- reactions -------------------------------------------------------------------------------

  /** PUT /api/videos/{videoKey}/reaction {reaction}. */
  public void react(Exchange exchange) throws SQLException {
    Caller caller = require(exchange);
    String key = key(exchange);
    Input in = Input.parse(body(exchange), Set.of("reaction"));
    Map<String, Object> out = reactions.set(caller.id(), key, in.text("reaction", true));
    catalog.invalidate(key);
    json(exchange, 200, Json.write(out));
  }

  /** GET /api/videos/{videoKey}/reaction. */
  public void reaction(Exchange exchange) throws SQLException {
    json(exchange, 200, Json.write(reactions.get(require(exchange).id(), key(exchange))));
  }

  // --- views -----------------------------------------------------------------------------------

  /** POST /api/videos/{videoKey}/views: once per viewer per video per window. */
  public void view(Exchange exchange) throws SQLException {
    Caller caller = exchange.getProperty("caller", Caller.class);
    String key = key(exchange);
    String viewer =
        caller != null
            ? views.user(caller.id())
            : views.anonymous(
                ClientIp.of(exchange, settings.clientIpHeader()),
                exchange.getIn().getHeader("User-Agent", String.class));
    Map<String, Object> out = views.record(key, caller == null ? null : caller.id(), viewer);
    if (Boolean.TRUE.equals(out.get("counted"))) {
      catalog.invalidate(key);
    }
    json(exchange, 200, Json.write(out));
  }

  // --- comments --------------------------------------------------------------------------------

  /** GET /api/videos/{videoKey}/comments?sort&cursor&limit. */
  public void listComments(Exchange exchange) throws SQLException {
    Message in = exchange.getIn();
    Caller caller = exchange.getProperty("caller", Caller.class);
    String key = key(exchange);
    String sort = query(in, "sort");
    Comments.Page page =
        comments.list(
            caller == null ? null : caller.id(),
            key,
            sort,
            query(in, "cursor"),
            query(in, "limit"));
    String path = "/api/videos/" + key + "/comments?" + (sort == null ? "" : "sort=" + sort + "&");
    page(exchange, page, path);
  }

  /** GET /api/comments/{commentId}/replies?cursor&limit. */
  public void replies(Exchange exchange) throws SQLException {
    Message in = exchange.getIn();
    Caller caller = exchange.getProperty("caller", Caller.class);
    long id = commentId(exchange);
    Comments.Page page =
        comments.replies(
            caller == null ? null : caller.id(), id, query(in, "cursor"), query(in, "limit"));
    page(exchange, page, "/api/comments/" + id + "/replies?");
  }

  /** POST /api/videos/{videoKey}/comments {body, parentId?}. */
  public void postComment(Exchange exchange) throws SQLException {
    Caller caller = require(exchange);
    String key = key(exchange);
    Input in = Input.parse(body(exchange), Set.of("body", "parentId"));
    String text = in.text("body", true);
    Long parentId = in.integer("parentId", false);
    if (parentId != null && parentId < 1) {
      throw ApiException.invalidField("parentId", "parentId must be a comment id");
    }
    Map<String, Object> out = comments.post(caller.id(), caller.displayName(), key, text, parentId);
    catalog.invalidate(key);
    json(exchange, 201, Json.write(out));
  }

  /** PATCH /api/comments/{commentId} {body}. */
  public void editComment(Exchange exchange) throws SQLException {
    Caller caller = require(exchange);
    long id = commentId(exchange);
    Input in = Input.parse(body(exchange), Set.of("body"));
    json(exchange, 200, Json.write(comments.edit(caller.id(), id, in.text("body", true))));
  }

  /** DELETE /api/comments/{commentId}. */
  public void deleteComment(Exchange exchange) throws SQLException {
    Caller caller = require(exchange);
    catalog.invalidate(comments.delete(caller.id(), commentId(exchange)));
    Message out = exchange.getMessage();
    out.removeHeaders("*");
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    out.setBody(null);
  }

  // --- channel pages ---------------------------------------------------------------------------

  /** GET /api/users/{handle}?cursor&limit: the user and their public videos. */
  public void channel(Exchange exchange) throws Exception {
    Message in = exchange.getIn();
    String handle = in.getHeader("handle", String.class);
    if (handle == null || !Handles.isValid(handle.toLowerCase(java.util.Locale.ROOT))) {
      throw ApiException.invalidField(
          "handle", "handle must be 1 to 40 characters of a-z, 0-9 and '-'");
    }
    handle = handle.toLowerCase(java.util.Locale.ROOT);
    Map<String, Object> user = new LinkedHashMap<>();
    long userId;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT u.id, u.handle, u.display_name, u.created_at,"
                    + " (SELECT COUNT(*) FROM videos v WHERE v.owner_id = u.id"
                    + " AND "
                    + io.reelroute.video.Visibility.LISTED
                    + "), (SELECT COUNT(*) FROM subscriptions s WHERE s.channel_id = u.id)"
                    + " FROM users u WHERE u.handle = ? AND u.status = 'ACTIVE'")) {
      ps.setString(1, handle);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ApiException(404, "not-found", "No such channel", "handle", null);
        }
        userId = rs.getLong(1);
        user.put("handle", rs.getString(2));
        user.put("displayName", rs.getString(3));
        Timestamp joined = rs.getTimestamp(4);
        user.put("joinedAt", joined.toInstant().toString());
        user.put("videoCount", rs.getLong(5));
        // followers (issue 15; the subscriptions table is io.reelroute.subscriptions')
        user.put("subscribers", rs.getLong(6));
      }
    }
    CatalogService.Page page = catalog.listChannel(userId, query(in, "cursor"), query(in, "limit"));
    user.put("videos", Json.MAPPER.readTree(page.json()));
    user.put("nextCursor", page.nextCursor());
    json(exchange, 200, Json.write(user));
    if (page.nextCursor() != null) {
      exchange.getMessage().setHeader("X-Next-Cursor", page.nextCursor());
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static Caller require(Exchange exchange) {
    Caller caller = exchange.getProperty("caller", Caller.class);
    if (caller == null) {
      throw ApiException.unauthorized("authentication-required", "Sign in first");
    }
    return caller;
  }

  private static String key(Exchange exchange) {
    return Input.videoKey(exchange.getIn().getHeader("videoKey", String.class));
  }

  private static long commentId(Exchange exchange) {
    String raw = exchange.getIn().getHeader("commentId", String.class);
    if (raw == null
        || raw.isEmpty()
        || raw.length() > 18
        || !raw.chars().allMatch(ch -> ch >= '0' && ch <= '9')
        || Long.parseLong(raw) < 1) {
      throw ApiException.invalidField("commentId", "commentId must be a positive whole number");
    }
    return Long.parseLong(raw);
  }

  private static String body(Exchange exchange) {
    return exchange.getIn().getBody(String.class);
  }

  private static String query(Message in, String name) {
    Object value = in.getHeader(name);
    if (value instanceof List<?>) {
      throw ApiException.invalidField(name, name + " must be given once");
    }
    return value == null ? null : value.toString();
  }

  private static void page(Exchange exchange, Comments.Page page, String path) {
    json(exchange, 200, Json.write(page.items()));
    if (page.nextCursor() != null) {
      Message out = exchange.getMessage();
      out.setHeader("X-Next-Cursor", page.nextCursor());
      out.setHeader("Link", "<" + path + "cursor=" + page.nextCursor() + ">; rel=\"next\"");
    }
  }

  private static void json(Exchange exchange, int status, String body) {
    Message out = exchange.getMessage();
    out.removeHeaders("*");
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    out.setHeader(Exchange.CONTENT_TYPE, "application/json");
    out.setHeader("Cache-Control", "no-store");
    out.setHeader("X-Content-Type-Options", "nosniff");
    out.setBody(body);
  }
}
