package io.reelroute.common;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The raw path of an HTTP request target as the server received it (header CamelHttpUri): origin
 * form ({@code /a/b?q}) or absolute form ({@code http://host/a/b?q}, which HTTP/1.1 servers must
 * accept). A target that is not a valid URI is the client's mistake: 400 {@code malformed-request}.
 */
public final class RequestTargets {

  private RequestTargets() {}

  /** The path without query, still percent-encoded; 400 when the target cannot be parsed. */
  public static String rawPath(String target) {
    String raw = target == null ? "" : target;
    if (raw.regionMatches(true, 0, "http://", 0, 7)
        || raw.regionMatches(true, 0, "https://", 0, 8)) {
      try {
        String path = new URI(raw).getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
      } catch (URISyntaxException e) {
        throw malformed();
      }
    }
    int query = raw.indexOf('?');
    return query >= 0 ? raw.substring(0, query) : raw;
  }

  /** 400 {@code malformed-request}. */
  public static ApiException malformed() {
    return ApiException.badRequest(
        "malformed-request", "The request target is not a valid URI (check its % escapes)");
  }
}
