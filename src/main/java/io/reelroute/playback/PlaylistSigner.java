package io.reelroute.playback;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned URLs and rendered playlists, cached so that a request costs a map lookup: a parsed
 * playlist is kept per object key (outputs of a READY video never change), a presigned URL or a
 * rendered media playlist is reused until half its lifetime has passed, so every URL handed out is
 * valid for at least {@code ttl / 2}. The caches are bounded Caffeine caches (least valuable
 * entries go first) whose hits and misses /observe/metrics shows ({@link #caches}).
 */
public final class PlaylistSigner {

  private record Signed(String value, Instant signedAt) {}

  private final BiFunction<String, Duration, String> presign;
  private final Duration ttl;
  private final Clock clock;
  private final Cache<String, PlaylistRewriter.Template> templates;
  private final Cache<String, Signed> urls;
  private final Cache<String, Signed> rendered;

  public PlaylistSigner(
      BiFunction<String, Duration, String> presign, Duration ttl, int cacheEntries, Clock clock) {
    this.presign = presign;
    this.ttl = ttl;
    this.clock = clock;
    this.templates = lru(cacheEntries);
    this.urls = lru(cacheEntries * 50);
    this.rendered = lru(cacheEntries);
  }

  public static BiFunction<String, Duration, String> presignWith(
      S3Presigner presigner, String bucket) {
    return (key, ttl) ->
        presigner
            .presignGetObject(
                r -> r.signatureDuration(ttl).getObjectRequest(g -> g.bucket(bucket).key(key)))
            .url()
            .toString();
  }

  private static <V> Cache<String, V> lru(int max) {
    return Caffeine.newBuilder().maximumSize(max).executor(Runnable::run).recordStats().build();
  }

  /** The caches by metric name, prefixed (observe.CacheMetrics). */
  public Map<String, Cache<?, ?>> caches(String prefix) {
    return Map.of(
        prefix + ".templates", templates, prefix + ".urls", urls, prefix + ".rendered", rendered);
  }

  /** Every URL handed out stays valid at least this long. */
  public Duration minimumRemaining() {
    return ttl.dividedBy(2);
  }

  private boolean fresh(Signed signed, Instant now) {
    return signed != null && signed.signedAt().plus(ttl.dividedBy(2)).isAfter(now);
  }

  /** A presigned GET URL of the object, valid for at least ttl / 2. */
  public String url(String key) {
    Instant now = clock.instant();
    Signed signed = urls.getIfPresent(key);
    if (fresh(signed, now)) {
      return signed.value();
    }
    String url = presign.apply(key, ttl);
    urls.put(key, new Signed(url, now));
    return url;
  }

  /**
   * A growing playlist of a video still processing, parsed from what is stored now: rendered
   * without the template and body caches (the next request may see more segments).
   */
  public String renderLive(
      PlaylistRewriter.Template template, String apiStreamBase, String suffix) {
    return template.render(rel -> apiStreamBase + rel + suffix, this::url);
  }

  /**
   * The playlist at {@code key} with presigned object URLs and playlist references pointing to
   * {@code apiStreamBase + relativePath + suffix} (suffix carries the viewer's token).
   */
  public String render(
      String key, Supplier<PlaylistRewriter.Template> parse, String apiStreamBase, String suffix) {
    PlaylistRewriter.Template template = templates.get(key, k -> parse.get());
    if (template.hasPlaylistRefs()) {
      // a master playlist: its references carry the viewer's token, so render per request
      return template.render(rel -> apiStreamBase + rel + suffix, this::url);
    }
    Instant now = clock.instant();
    Signed signed = rendered.getIfPresent(key);
    if (fresh(signed, now)) {
      return signed.value();
    }
    // fresh signatures, so the whole body is valid for the full ttl from now
    String body = template.render(rel -> apiStreamBase + rel + suffix, k -> presign.apply(k, ttl));
    rendered.put(key, new Signed(body, now));
    return body;
  }
}
