package io.reelroute.common;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns the exception an exchange caught into an RFC 9457 problem response. Bad requests keep their
 * own status and code; a dependency that is away becomes 503 with Retry-After; anything else is a
 * 500 with an incident id that points into the log. Never a stack trace in the body.
 */
public final class Problems {

  public static final String TYPE_BASE = "https://reelroute.io/problems/";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  /** Used by the error handler of every route (routes/errors.camel.yaml). */
  /**
   * The "handled" predicate of the shared error handling: an API call's failure ends in its problem
   * answer; a failure inside an event subscriber (seda) or a pipeline stage (a route called from
   * the transcode queue's consumer) is left to its caller, which decides (logged, FAILED, or a
   * retry).
   */
  public boolean handles(Exchange exchange) {
    var from = exchange.getFromEndpoint();
    String uri = from == null ? "" : from.getEndpointUri();
    return !(uri.startsWith("seda:") || uri.startsWith("aws2-sqs:"));
  }

  public void respond(Exchange exchange) {
    if (!handles(exchange)) {
      return; // the caller's own error handling takes it, with the message as it was
    }
    Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    ApiException problem = classify(caught);
    if (problem.status() >= 500 && problem.status() != 503) {
      String incident = UUID.randomUUID().toString();
      LOG.error(
          "Incident {} on {}: {}", incident, exchange.getFromRouteId(), caught.toString(), caught);
      problem =
          new ApiException(
              500,
              "internal-error",
              "Something went wrong on our side (incident " + incident + ")");
    } else if (problem.status() == 503) {
      LOG.warn("Dependency unavailable on {}: {}", exchange.getFromRouteId(), rootMessage(caught));
    }
    write(exchange, problem);
  }

  /** Writes a problem as the exchange's HTTP response. */
  public static void write(Exchange exchange, ApiException problem) {
    var message = exchange.getMessage();
    message.removeHeaders("*");
    message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
    message.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
    if (problem.retryAfterSeconds() != null) {
      message.setHeader("Retry-After", problem.retryAfterSeconds().toString());
    }
    message.setBody(
        Json.write(body(problem, exchange.getIn().getHeader(Exchange.HTTP_URI, String.class))));
  }

  /** The problem+json text of a problem answered outside a route (no instance). */
  public static String json(ApiException problem) {
    return Json.write(body(problem, null));
  }

  static Map<String, Object> body(ApiException problem, String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + problem.code());
    body.put("title", title(problem.status()));
    body.put("status", problem.status());
    body.put("code", problem.code());
    body.put("detail", problem.getMessage());
    if (problem.field() != null) {
      body.put("field", problem.field());
    }
    if (instance != null) {
      body.put("instance", instance);
    }
    return body;
  }

  static ApiException classify(Throwable caught) {
    for (Throwable t = caught; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ApiException api) {
        return api;
      }
      if (t instanceof SQLTransientConnectionException
          || (t instanceof SQLException sql
              && sql.getSQLState() != null
              && sql.getSQLState().startsWith("08"))
          || (t instanceof SdkClientException)) {
        return ApiException.unavailable(
            "A service we depend on is unavailable; try again shortly", 5);
      }
    }
    return new ApiException(500, "internal-error", "internal error");
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
