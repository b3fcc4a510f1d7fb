package io.reelroute.web;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Security headers of the web UI's pages: a content security policy that lets the page talk to this
 * server and to the storage its presigned URLs point at (uploads, segments, images) and to nothing
 * else, no framing by other sites, and no page address sent to other origins.
 */
final class SecurityHeaders {

  private SecurityHeaders() {}

  /** The origin (scheme://host[:port]) of the bucket's presigned URLs, as browsers will see it. */
  static String storageOrigin(S3Presigner presigner, String bucket) {
    URI url =
        URI.create(
            presigner
                .presignGetObject(
                    r ->
                        r.signatureDuration(Duration.ofMinutes(1))
                            .getObjectRequest(g -> g.bucket(bucket).key("csp-origin")))
                .url()
                .toString());
    return url.getScheme() + "://" + url.getRawAuthority();
  }

  /** The headers of every UI page; {@code storage} is the storage origin. No framing at all. */
  static Map<String, String> forPages(String storage) {
    return Map.of(
        "Content-Security-Policy", csp(storage, "'none'"),
        "X-Frame-Options", "DENY",
        "Referrer-Policy", "same-origin",
        "X-Content-Type-Options", "nosniff");
  }

  /**
   * The headers of the embeddable player (/embed/{videoKey}): the same policy, except that the
   * sites in {@code frameAncestors} ("*" for any, a list of origins, or "'none'") may frame it.
   */
  static Map<String, String> forEmbeds(String storage, String frameAncestors) {
    if (frameAncestors.isBlank() || frameAncestors.strip().equals("'none'")) {
      return forPages(storage);
    }
    return Map.of(
        "Content-Security-Policy", csp(storage, frameAncestors.strip()),
        "Referrer-Policy", "same-origin",
        "X-Content-Type-Options", "nosniff");
  }

  private static String csp(String storage, String frameAncestors) {
    return String.join(
        "; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob: " + storage,
        "media-src 'self' blob: " + storage,
        "connect-src 'self' " + storage,
        // hls.js runs its demuxer in a worker made from a blob
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors " + frameAncestors);
  }
}
