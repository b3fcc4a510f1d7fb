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
 * reelroute.http.json-body-max-bytes} (64 KiB), a caption file 512 KiB, a thumbnail image 2 MiB,
 * and the web UI's routes no body at all (a method other than GET/HEAD/OPTIONS is 405, a body 413).
 * A body without a Content-Length (chunked) is 411 on the API. Every refusal is problem+json and
 * ends the connection: a declared body of at most 1 MiB is read and dropped first (so a client that
 * writes before it reads still gets the answer), a larger one is never read.
 */
final class BodyLimits implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(BodyLimits.class);
  private static final Pattern CAPTIONS = Pattern.compile("/api/videos/[^/]+/captions/[^/]+/?");
  private static final Pattern THUMBNAIL = Pattern.compile("/api/videos/[^/]+/thumbnail/?");
  private static final String[] SERVER_PATHS = {"/api/", "/observe/", "/.well-known/", "/dev/"};

  /** A refused body up to this size is read and dropped so the client sees the answer. */
  static final long DRAIN_MAX = 1024 * 1024;

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
    long declared = declaredLength(context.request());
    var response = context.response().setStatusCode(refusal.status());
    if (refusal.status() == 405) {
      response.putHeader("Allow", "GET, HEAD");
    }
    response
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Connection", "close")
        .end(Problems.json(refusal))
        .onComplete(
            done -> {
              // Vert.x would read (and discard) the rest of the body before closing. Up to
              // DRAIN_MAX that is what lets a client that writes its whole body before reading
              // (HTTP/2 upgrade, most libraries) see the answer; beyond it, or of unknown size,
              // the connection is closed at once and the body never read.
              if (declared < 0 || declared > DRAIN_MAX) {
                context.request().connection().close();
              }
            });
  }

  /** The Content-Length, or -1 when there is none (chunked) or it is not a number. */
  private static long declaredLength(HttpServerRequest request) {
    String header = request.getHeader("Content-Length");
    if (header == null || request.getHeader("Transfer-Encoding") != null) {
      return header == null && request.getHeader("Transfer-Encoding") == null ? 0 : -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
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
    boolean thumbnail = method == HttpMethod.PUT && THUMBNAIL.matcher(path).matches();
    long max =
        captions
            ? Captions.MAX_BYTES
            : thumbnail ? io.reelroute.thumbnails.Images.MAX_BYTES : jsonMax;
    if (chunked && lengthHeader == null) {
      return new ApiException(
          411, "length-required", "A request body needs a Content-Length", "body", null);
    }
    if (length > max && thumbnail) {
      return tooLarge("image-too-large", "A thumbnail image may have at most", max);
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
