package io.reelroute.webhooks;

import io.reelroute.auth.Caller;
import io.reelroute.auth.KeyEncryption;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import io.reelroute.common.Transactions;
import io.reelroute.events.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The webhook endpoints of the signed-in user (routes/webhooks.camel.yaml): add one (its secret is
 * shown in that answer only), list, remove, and the recent deliveries of one. Beans: {@code
 * webhooksApi}.
 */
public final class WebhooksApi {

  /** Webhooks per user. */
  public static final int MAX_PER_USER = 10;

  /** Deliveries listed per webhook, newest first. */
  static final int RECENT_DELIVERIES = 50;

  /** Body of POST /api/me/webhooks. */
  public record NewWebhook(String url, List<String> events) {}

  private final DataSource dataSource;
  private final WebhookTargets targets;
  private final KeyEncryption encryption;
  private final Clock clock;

  public WebhooksApi(
      DataSource dataSource, WebhookTargets targets, KeyEncryption encryption, Clock clock) {
    this.dataSource = dataSource;
    this.targets = targets;
    this.encryption = encryption;
    this.clock = clock;
  }

  /** POST /api/me/webhooks {url, events[]}: 201 with the secret, shown this once. */
  public String create(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    NewWebhook request = Json.read(exchange.getIn().getBody(String.class), NewWebhook.class);
    List<String> events = events(request.events());
    if (request.url() == null) {
      throw ApiException.invalidField("url", "url is required");
    }
    String url = targets.validate(request.url());
    String secret = WebhookSignature.newSecret();
    String stored = encryption.seal(WebhookDeliveries.secretKeyId(caller.id()), secret);
    Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long id =
        Transactions.run(
            dataSource,
            c -> {
              // the user's row serialises concurrent creations, so the limit holds
              try (PreparedStatement lock =
                  c.prepareStatement("SELECT id FROM users WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, caller.id());
                lock.executeQuery().close();
              }
              try (PreparedStatement count =
                  c.prepareStatement("SELECT COUNT(*) FROM webhooks WHERE user_id = ?")) {
                count.setLong(1, caller.id());
                try (ResultSet rs = count.executeQuery()) {
                  rs.next();
                  if (rs.getInt(1) >= MAX_PER_USER) {
                    throw ApiException.conflict(
                        "too-many-webhooks",
                        "An account has at most " + MAX_PER_USER + " webhooks");
                  }
                }
              }
              try (PreparedStatement insert =
                  c.prepareStatement(
                      "INSERT INTO webhooks (user_id, url, events, secret, created_at)"
                          + " VALUES (?, ?, ?, ?, ?)",
                      Statement.RETURN_GENERATED_KEYS)) {
                insert.setLong(1, caller.id());
                insert.setString(2, url);
                insert.setString(3, String.join(",", events));
                insert.setString(4, stored);
                insert.setObject(5, LocalDateTime.ofInstant(createdAt, ZoneOffset.UTC));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                  keys.next();
                  return keys.getLong(1);
                }
              }
            });
    Map<String, Object> body = webhook(id, url, events, createdAt);
    body.put("secret", secret);
    return json(exchange, 201, body);
  }

  /** GET /api/me/webhooks: the caller's webhooks, oldest first, without secrets. */
  public String list(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    List<Map<String, Object>> items = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, url, events, created_at FROM webhooks WHERE user_id = ? ORDER BY id")) {
      s.setLong(1, caller.id());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          items.add(
              webhook(
                  rs.getLong(1),
                  rs.getString(2),
                  Arrays.asList(rs.getString(3).split(",")),
                  instant(rs.getTimestamp(4))));
        }
      }
    }
    return json(exchange, 200, Map.of("items", items));
  }

  /** DELETE /api/me/webhooks/{webhookId}: 204; 404 when it is not the caller's. */
  public void delete(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    long id = webhookId(exchange);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("DELETE FROM webhooks WHERE id = ? AND user_id = ?")) {
      s.setLong(1, id);
      s.setLong(2, caller.id());
      if (s.executeUpdate() == 0) {
        throw ApiException.notFound("No such webhook");
      }
    }
    Message out = exchange.getMessage();
    out.setBody(null);
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
  }

  /** GET /api/me/webhooks/{webhookId}/deliveries: the newest deliveries of one webhook. */
  public String deliveries(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    long id = webhookId(exchange);
    List<Map<String, Object>> items = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement("SELECT 1 FROM webhooks WHERE id = ? AND user_id = ?")) {
        s.setLong(1, id);
        s.setLong(2, caller.id());
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            throw ApiException.notFound("No such webhook");
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT id, event_id, event_type, status, attempts, last_response_code, last_error,"
                  + " next_attempt_at, created_at, delivered_at FROM webhook_deliveries"
                  + " WHERE webhook_id = ? ORDER BY id DESC LIMIT ?")) {
        s.setLong(1, id);
        s.setInt(2, RECENT_DELIVERIES);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            Map<String, Object> d = new LinkedHashMap<>();
            String status = rs.getString(4);
            d.put("id", rs.getLong(1));
            d.put("eventId", rs.getString(2));
            d.put("eventType", rs.getString(3));
            d.put("status", status);
            d.put("attempts", rs.getInt(5));
            int code = rs.getInt(6);
            d.put("lastResponseCode", rs.wasNull() ? null : code);
            d.put("lastError", rs.getString(7));
            d.put(
                "nextAttemptAt",
                "pending".equals(status) ? iso(instant(rs.getTimestamp(8))) : null);
            d.put("createdAt", iso(instant(rs.getTimestamp(9))));
            d.put("deliveredAt", iso(instant(rs.getTimestamp(10))));
            items.add(d);
          }
        }
      }
    }
    return json(exchange, 200, Map.of("items", items));
  }

  /** A non-empty list of known event types, without duplicates, in the given order. */
  static List<String> events(List<String> events) {
    if (events == null || events.isEmpty()) {
      throw ApiException.invalidField(
          "events", "events must list at least one of " + String.join(", ", EventType.ids()));
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String type : events) {
      if (type == null || !EventType.known(type)) {
        throw new ApiException(
            400,
            "unknown-event-type",
            "Unknown event type '" + type + "'; known: " + String.join(", ", EventType.ids()),
            "events",
            null);
      }
      unique.add(type);
    }
    return List.copyOf(unique);
  }

  private static Map<String, Object> webhook(
      long id, String url, List<String> events, Instant createdAt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("url", url);
    body.put("events", events);
    body.put("createdAt", iso(createdAt));
    return body;
  }

  private static long webhookId(Exchange exchange) {
    String raw = exchange.getIn().getHeader("webhookId", String.class);
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("No such webhook");
    }
  }

  private static Caller caller(Exchange exchange) {
    return exchange.getProperty("caller", Caller.class);
  }

  private static Instant instant(Timestamp value) {
    return value == null ? null : value.toLocalDateTime().toInstant(ZoneOffset.UTC);
  }

  private static String iso(Instant value) {
    return value == null ? null : value.toString();
  }

  private static String json(Exchange exchange, int status, Object body) {
    Message out = exchange.getMessage();
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    out.setHeader(Exchange.CONTENT_TYPE, "application/json");
    return Json.write(body);
  }
}
