package io.reelroute.playback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned URLs and rendered playlists, cached so that a request costs a map lookup: a parsed
 * playlist is kept per object key (outputs of a READY video never change), a presigned URL or a
 * rendered media playlist is reused until half its lifetime has passed, so every URL handed out is
 * valid for at least {@code ttl / 2}.
 */
public final class PlaylistSigner {

  private record Signed(String value, Instant signedAt) {}

  private final BiFunction<String, Duration, String> presign;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, PlaylistRewriter.Template> templates;
  private final Map<String, Signed> urls;
  private final Map<String, Signed> rendered;

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

  private static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
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
    synchronized (urls) {
      Signed signed = urls.get(key);
      if (fresh(signed, now)) {
        return signed.value();
      }
    }
    String url = presign.apply(key, ttl);
    synchronized (urls) {
      urls.put(key, new Signed(url, now));
    }
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
    PlaylistRewriter.Template template;
    synchronized (templates) {
      template = templates.get(key);
    }
    if (template == null) {
      template = parse.get();
      synchronized (templates) {
        templates.put(key, template);
      }
    }
    if (template.hasPlaylistRefs()) {
      // a master playlist: its references carry the viewer's token, so render per request
      return template.render(rel -> apiStreamBase + rel + suffix, this::url);
    }
    Instant now = clock.instant();
    synchronized (rendered) {
      Signed signed = rendered.get(key);
      if (fresh(signed, now)) {
        return signed.value();
      }
    }
    // fresh signatures, so the whole body is valid for the full ttl from now
    String body = template.render(rel -> apiStreamBase + rel + suffix, k -> presign.apply(k, ttl));
    synchronized (rendered) {
      rendered.put(key, new Signed(body, now));
    }
    return body;
  }
}
