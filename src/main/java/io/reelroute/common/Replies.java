package io.reelroute.common;

import io.reelroute.auth.Caller;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The answers and request pieces the HTTP beans of the viewer features share. */
public final class Replies {

  private Replies() {}

  /** The signed-in caller, or 401 (routes run requireUser first; this is a second lock). */
  public static Caller caller(Exchange exchange) {
    Caller caller = exchange.getProperty("caller", Caller.class);
    if (caller == null) {
      throw ApiException.unauthorized("authentication-required", "Sign in first");
    }
    return caller;
  }

  /** The caller's id, or null for an anonymous request (optionalUser). */
  public static Long callerId(Exchange exchange) {
    Caller caller = exchange.getProperty("caller", Caller.class);
    return caller == null ? null : caller.id();
  }

  /** A query parameter given at most once (a repeated one is ambiguous: 400). */
  public static String query(Exchange exchange, String name) {
    Object value = exchange.getIn().getHeader(name);
    if (value instanceof List<?>) {
      throw ApiException.invalidField(name, name + " must be given once");
    }
    return value == null ? null : value.toString();
  }

  public static String body(Exchange exchange) {
    return exchange.getIn().getBody(String.class);
  }

  public static void json(Exchange exchange, int status, Object value) {
    Message out = exchange.getMessage();
    out.removeHeaders("*");
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    out.setHeader(Exchange.CONTENT_TYPE, "application/json");
    out.setHeader("Cache-Control", "no-store");
    out.setHeader("X-Content-Type-Options", "nosniff");
    out.setBody(value instanceof String s ? s : Json.write(value));
  }

  /** A JSON page: the array, and the next page's cursor in X-Next-Cursor and Link. */
  public static void page(Exchange exchange, String array, String next, String path) {
    json(exchange, 200, array);
    if (next != null) {
      Message out = exchange.getMessage();
      out.setHeader("X-Next-Cursor", next);
      out.setHeader("Link", "<" + path + "cursor=" + next + ">; rel=\"next\"");
    }
  }

  public static void empty(Exchange exchange) {
    Message out = exchange.getMessage();
    out.removeHeaders("*");
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    out.setHeader("Cache-Control", "no-store");
    out.setBody(null);
  }
}
