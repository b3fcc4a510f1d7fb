package io.reelroute.moderation;

import io.reelroute.auth.Caller;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Request and answer helpers of the moderation beans. */
final class Http {

  private Http() {}

  /** The caller the route's guard set (requireUser, requireModerator or requireAdmin). */
  static Caller caller(Exchange exchange) {
    Caller caller = exchange.getProperty("caller", Caller.class);
    if (caller == null) {
      throw ApiException.unauthorized("authentication-required", "Sign in first");
    }
    return caller;
  }

  static String body(Exchange exchange) {
    return exchange.getMessage().getBody(String.class);
  }

  static String param(Exchange exchange, String name) {
    return exchange.getMessage().getHeader(name, String.class);
  }

  /** A numeric id of the path (positive), else 404 naming it. */
  static long id(Exchange exchange, String name, String what) {
    String raw = param(exchange, name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // below
    }
    throw new ApiException(404, "not-found", "No such " + what, name, null);
  }

  static String videoKey(Exchange exchange) {
    String key = param(exchange, "videoKey");
    if (key == null || !key.matches("[A-Za-z0-9_-]{11}")) {
      throw new ApiException(404, "not-found", "No such video", "videoKey", null);
    }
    return key;
  }

  static void json(Exchange exchange, int status, Object value) {
    Message m = exchange.getMessage();
    m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    m.setHeader(Exchange.CONTENT_TYPE, "application/json");
    m.setHeader("Cache-Control", "no-store");
    m.setBody(Json.write(value));
  }

  /** Text of at most {@code max} characters; null or blank → null, or 400 when required. */
  static String text(String value, String field, int max, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        throw ApiException.invalidField(field, "'" + field + "' is required");
      }
      return null;
    }
    String text = value.strip();
    if (text.codePointCount(0, text.length()) > max) {
      throw ApiException.invalidField(field, "'" + field + "' has at most " + max + " characters");
    }
    return text;
  }

  /** An opaque page cursor holding the last id shown; 0 = from the start. */
  static long cursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (raw.startsWith("m:")) {
        long id = Long.parseLong(raw.substring(2));
        if (id > 0) {
          return id;
        }
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw ApiException.invalidField("cursor", "cursor is not one this API handed out");
  }

  static String cursor(long lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("m:" + lastId).getBytes(StandardCharsets.UTF_8));
  }

  /** The page size of {@code limit} (default and maximum from the settings). */
  static int limit(String limit, ModerationSettings settings) {
    if (limit == null || limit.isEmpty()) {
      return settings.pageSize();
    }
    try {
      int n = Integer.parseInt(limit);
      if (n >= 1 && n <= settings.maxPageSize()) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiException.invalidField(
        "limit", "limit must be a number from 1 to " + settings.maxPageSize());
  }
}
