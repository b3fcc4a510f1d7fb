package io.reelroute.transcode;

import io.reelroute.auth.Caller;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * GET /api/me/notifications and POST /api/me/notifications/read, for the caller that requireUser
 * put on the exchange.
 */
public final class NotificationsApi {

  /** Body of POST /api/me/notifications/read: the ids to mark read; none or empty = all. */
  public record MarkRead(List<Long> ids) {}

  private final io.reelroute.social.NotificationStore store;

  public NotificationsApi(io.reelroute.social.NotificationStore store) {
    this.store = store;
  }

  public String list(Exchange exchange) throws SQLException {
    long userId = callerId(exchange);
    int limit = 50;
    String raw = exchange.getMessage().getHeader("limit", String.class);
    if (raw != null) {
      try {
        limit = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        throw ApiException.invalidField("limit", "limit must be a whole number from 1 to 200");
      }
      if (limit < 1 || limit > 200) {
        throw ApiException.invalidField("limit", "limit must be a whole number from 1 to 200");
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("unread", store.unreadCount(userId));
    body.put("items", store.notifications(userId, limit));
    json(exchange, 200);
    return Json.write(body);
  }

  public String markRead(Exchange exchange) throws SQLException {
    long userId = callerId(exchange);
    String raw = exchange.getMessage().getBody(String.class);
    List<Long> ids = List.of();
    if (raw != null && !raw.isBlank()) {
      MarkRead request = Json.read(raw, MarkRead.class);
      ids = request.ids() == null ? List.of() : request.ids();
      if (ids.size() > 500 || ids.stream().anyMatch(id -> id == null)) {
        throw ApiException.invalidField("ids", "at most 500 ids at once, each a number");
      }
    }
    int marked = store.markRead(userId, ids);
    json(exchange, 200);
    return Json.write(Map.of("marked", marked, "unread", store.unreadCount(userId)));
  }

  private static void json(Exchange exchange, int status) {
    var message = exchange.getMessage();
    message.removeHeaders("*");
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
  }

  /** The signed-in user, put on the exchange by requireUser. */
  static long callerId(Exchange exchange) {
    Caller caller = exchange.getProperty("caller", Caller.class);
    if (caller == null) {
      throw ApiException.unauthorized(
          "authentication-required", "Sign in to see your notifications");
    }
    return caller.id();
  }
}
