package io.reelroute.web;

import io.reelroute.common.ApiException;
import io.reelroute.common.Problems;
import io.reelroute.playback.Captions;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-route request body limits, decided from the request head before a byte of the body is read
 * (the root router holds the request paused until a handler reads it): the JSON API {@code
 * reelroute.http.json-body-max-bytes} (64 KiB), a caption file 512 KiB, and the web UI's routes no
 * body at all (a method other than GET/HEAD/OPTIONS is 405, a body 413). A body without a
 * Content-Length (chunked) is 411 on the API. Every refusal is problem+json and closes the
 * connection, so the unread body is never buffered.
 */
final class BodyLimits implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(BodyLimits.class);
  private static final Pattern CAPTIONS = Pattern.compile("/api/videos/[^/]+/captions/[^/]+/?");
  private static final String[] SERVER_PATHS = {"/api/", "/observe/", "/.well-known/", "/dev/"};

  private final long jsonMax;

  BodyLimits(long jsonMax) {
    this.jsonMax = jsonMax;
  }

  @Override
  public void handle(RoutingContext context) {
    ApiException refusal = refusal(context.request());
    if (refusal == null) {
      context.next();
      return;
    }
    LOG.debug("Refused a request body: {} {}", refusal.code(), refusal.getMessage());
    var response = context.response().setStatusCode(refusal.status());
    if (refusal.status() == 405) {
      response.putHeader("Allow", "GET, HEAD");
    }
    response
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Connection", "close")
        .end(Problems.json(refusal))
        // the body stays unread: Vert.x would read (and discard) the rest of it before closing a
        // connection that still carries a request, so close it as soon as the answer is out
        .onComplete(done -> context.request().connection().close());
  }

  /** Why the request's body is refused before it is read, or null. */
  ApiException refusal(HttpServerRequest request) {
    String path = request.path() == null ? "" : request.path();
    HttpMethod method = request.method();
    String lengthHeader = request.getHeader("Content-Length");
    boolean chunked = request.getHeader("Transfer-Encoding") != null;
    long length = 0;
    if (lengthHeader != null) {
      try {
        length = Long.parseLong(lengthHeader.strip());
      } catch (NumberFormatException e) {
        return ApiException.badRequest("malformed-request", "Content-Length is not a number");
      }
    }
    boolean serverPath = path.equals("/api") || path.equals("/observe");
    for (String prefix : SERVER_PATHS) {
      serverPath |= path.startsWith(prefix);
    }
    if (!serverPath) {
      // the web UI's pages and files: read-only, no body
      if (!(method == HttpMethod.GET
          || method == HttpMethod.HEAD
          || method == HttpMethod.OPTIONS)) {
        return new ApiException(
            405, "method-not-allowed", "The web pages answer GET and HEAD only", null, null);
      }
      if (length > 0 || chunked) {
        return tooLarge("too-large", "A web page request carries no body", 0);
      }
      return null;
    }
    boolean captions = method == HttpMethod.PUT && CAPTIONS.matcher(path).matches();
    long max = captions ? Captions.MAX_BYTES : jsonMax;
    if (chunked && lengthHeader == null) {
      return new ApiException(
          411, "length-required", "A request body needs a Content-Length", "body", null);
    }
    if (length > max) {
      return captions
          ? tooLarge("captions-too-large", "A caption file may have at most", max)
          : tooLarge("too-large", "A request body may have at most", max);
    }
    return null;
  }

  private static ApiException tooLarge(String code, String detail, long max) {
    return new ApiException(
        413, code, max == 0 ? detail : detail + " " + max / 1024 + " KiB", "body", null);
  }
}
