package io.reelroute.playback;

import io.reelroute.auth.Caller;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Playback (issue 6): the playback description of a READY video (or of a PROCESSING one whose first
 * segments are published, issue 13: {@code processing: true}, its growing EVENT playlists served
 * uncached), and its playlists served by the API with every segment, init segment and sprite as a
 * short-lived presigned S3 URL, so the bytes go from the private bucket straight to the player.
 * Beans: {@code playback}.
 */
public final class PlaybackService {

  /** What the settings choose. */
  public record Config(
      String bucket,
      Duration urlTtl,
      Duration tokenTtl,
      int cacheEntries,
      String apiBase,
      Duration privateUrlTtl,
      Duration privateTokenTtl) {

    /** Private videos never get longer lifetimes than the others. */
    public Config {
      privateUrlTtl = min(privateUrlTtl, urlTtl);
      privateTokenTtl = min(privateTokenTtl, tokenTtl);
    }

    public Config(
        String bucket, Duration urlTtl, Duration tokenTtl, int cacheEntries, String apiBase) {
      this(bucket, urlTtl, tokenTtl, cacheEntries, apiBase, urlTtl, tokenTtl);
    }

    private static Duration min(Duration a, Duration b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }

  static final Pattern VIDEO_KEY = Pattern.compile("[A-Za-z0-9_-]{11}");
  private static final Pattern REL_PATH =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

  private final DataSource dataSource;
  private final S3Client s3;
  private final PlaylistSigner signer;

  /** Shorter-lived URLs for PRIVATE videos (their own caches). */
  private final PlaylistSigner privateSigner;

  private final PlaybackTokens tokens;
  private final Config config;
  private final Clock clock;

  /** Whether a user id is an active moderator or admin now (auth's Members). */
  private final java.util.function.LongPredicate reviewers;

  public PlaybackService(
      DataSource dataSource,
      S3Client s3,
      S3Presigner presigner,
      PlaybackTokens tokens,
      Config config,
      Clock clock,
      java.util.function.LongPredicate reviewers) {
    this.dataSource = dataSource;
    this.reviewers = reviewers;
    this.s3 = s3;
    this.tokens = tokens;
    this.config = config;
    this.clock = clock;
    this.signer =
        new PlaylistSigner(
            PlaylistSigner.presignWith(presigner, config.bucket()),
            config.urlTtl(),
            config.cacheEntries(),
            clock);
    this.privateSigner =
        new PlaylistSigner(
            PlaylistSigner.presignWith(presigner, config.bucket()),
            config.privateUrlTtl(),
            Math.max(1, config.cacheEntries() / 4),
            clock);
  }

  /** The signers' caches by metric name (observe.CacheMetrics). */
  public java.util.Map<String, com.github.benmanes.caffeine.cache.Cache<?, ?>> caches() {
    java.util.Map<String, com.github.benmanes.caffeine.cache.Cache<?, ?>> all =
        new java.util.HashMap<>(signer.caches("playback"));
    all.putAll(privateSigner.caches("playback.private"));
    return all;
  }

  /** The signer of URLs for PRIVATE videos. */
  public PlaylistSigner privateSigner() {
    return privateSigner;
  }

  private PlaylistSigner signerFor(PlaybackAccess access) {
    return access.isPrivate() ? privateSigner : signer;
  }

  public PlaylistSigner signer() {
    return signer;
  }

  public PlaybackTokens tokens() {
    return tokens;
  }

  /** GET /api/videos/{videoKey}/playback */
  public String describe(Exchange exchange) {
    String videoKey = videoKey(exchange.getMessage().getHeader("videoKey", String.class));
    Long caller = callerId(exchange);
    PlaybackAccess access = access(videoKey);
    if (access == null || !visible(access, caller)) {
      throw ApiException.notFound("No such video");
    }
    boolean live = access.playsWhileProcessing();
    if (!live) {
      access.requireReady();
    }
    // a private video's link lives minutes, not hours (the player fetches a new one silently)
    Instant now = clock.instant();
    long expires =
        now.plus(access.isPrivate() ? config.privateTokenTtl() : config.tokenTtl())
            .getEpochSecond();
    String token =
        tokens.issue(videoKey, caller == null ? 0 : caller, now.getEpochSecond(), expires);
    PlaylistSigner signer = signerFor(access);
    String prefix = prefix(videoKey);
    String stream = config.apiBase() + "/api/stream/" + videoKey + "/";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("videoKey", videoKey);
    // while processing: the growing (EVENT) playlists only; the rest comes with READY
    body.put("processing", live);
    body.put("hls", stream + "master.m3u8?t=" + token);
    body.put("mp4", live ? null : signer.url(prefix + "download.mp4"));
    body.put("poster", live ? null : signer.url(prefix + "poster.jpg"));
    body.put("thumbnail", live ? null : signer.url(prefix + "thumbnail.jpg"));
    Map<String, Object> storyboard = new LinkedHashMap<>();
    storyboard.put("sprite", signer.url(prefix + "storyboard.jpg"));
    storyboard.put("vtt", stream + "storyboard.vtt?t=" + token);
    body.put("storyboard", live ? null : storyboard);
    List<Map<String, Object>> captions = new ArrayList<>();
    for (CaptionsService.Track track : captionTracks(videoKey)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("lang", track.lang());
      entry.put("label", track.label());
      entry.put("url", stream + "captions/" + track.lang() + ".vtt?t=" + token);
      captions.add(entry);
    }
    body.put("captions", captions);
    body.put("expiresAt", Instant.ofEpochSecond(expires).toString());
    body.put("urlsExpireInSeconds", signer.minimumRemaining().toSeconds());
    Message out = exchange.getMessage();
    out.setHeader(Exchange.CONTENT_TYPE, "application/json");
    out.setHeader("Cache-Control", "private, no-store");
    return Json.write(body);
  }

  /** GET /api/stream/{videoKey}/{path}?t=token: a playlist or storyboard index, signed. */
  public void stream(Exchange exchange) {
    Message in = exchange.getMessage();
    String uri = in.getHeader(Exchange.HTTP_URI, String.class);
    String path = io.reelroute.common.RequestTargets.rawPath(uri);
    String base = "/api/stream/";
    if (!path.startsWith(base)) {
      throw ApiException.notFound("No such playlist");
    }
    String rest = path.substring(base.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw ApiException.notFound("No such playlist");
    }
    String videoKey = videoKey(rest.substring(0, slash));
    String relative = rest.substring(slash + 1);
    if (!REL_PATH.matcher(relative).matches()
        || relative.contains("..")
        || !(relative.endsWith(".m3u8") || relative.endsWith(".vtt"))) {
      throw ApiException.notFound("No such playlist");
    }
    String token = in.getHeader("t", String.class);
    Long viewer;
    PlaybackTokens.Grant grant = null;
    if (token != null) {
      grant = tokens.verify(token, videoKey, clock.instant().getEpochSecond());
      viewer = grant.userId() == 0 ? null : grant.userId();
    } else {
      viewer = callerId(exchange); // a player that can send the Authorization header
    }
    PlaybackAccess access = access(videoKey);
    // visibility is checked on every playlist request: a video made private stops playing
    if (access == null || !visible(access, viewer)) {
      throw ApiException.notFound("No such video");
    }
    boolean live = access.playsWhileProcessing();
    if (live && !relative.endsWith(".m3u8")) {
      throw ApiException.notFound("No such playlist"); // storyboard and captions come with READY
    } else if (!live) {
      access.requireReady();
    }
    if (access.isPrivate()
        && grant != null
        && grant.lifetimeSeconds() > config.privateTokenTtl().toSeconds()) {
      // issued with the long lifetime (while the video was public or unlisted, or before this
      // rule): a private video takes only short-lived links; the player fetches a new one
      throw PlaybackTokens.expired();
    }
    PlaylistSigner signer = signerFor(access);
    String prefix = prefix(videoKey);
    String key = prefix + relative;
    String body;
    String contentType;
    String apiStream = config.apiBase() + "/api/stream/" + videoKey + "/";
    String suffix = token == null ? "" : "?t=" + token;
    if (relative.startsWith("captions/")) {
      // the owner's caption file as uploaded (checked WebVTT): nothing in it to sign
      body = read(key);
      contentType = "text/vtt; charset=utf-8";
    } else if (live) {
      // a growing playlist: read on every request, never cached (here or in the browser)
      body =
          signer.renderLive(PlaylistRewriter.parseHls(read(key), key, prefix), apiStream, suffix);
      contentType = "application/vnd.apple.mpegurl";
    } else if (relative.endsWith(".m3u8")) {
      body =
          signer.render(
              key, () -> PlaylistRewriter.parseHls(read(key), key, prefix), apiStream, suffix);
      contentType = "application/vnd.apple.mpegurl";
    } else {
      body =
          signer.render(
              key, () -> PlaylistRewriter.parseVtt(read(key), key, prefix), apiStream, suffix);
      contentType = "text/vtt; charset=utf-8";
    }
    in.removeHeaders("*");
    in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    in.setHeader(Exchange.CONTENT_TYPE, contentType);
    // the body holds signed URLs: only this viewer's browser may keep it, and not for long
    in.setHeader("Cache-Control", live ? "private, no-store" : "private, max-age=30");
    in.setBody(body);
  }

  private String read(String key) {
    try {
      ResponseBytes<GetObjectResponse> bytes =
          s3.getObjectAsBytes(b -> b.bucket(config.bucket()).key(key));
      return bytes.asString(StandardCharsets.UTF_8);
    } catch (NoSuchKeyException e) {
      throw ApiException.notFound("No such playlist");
    }
  }

  /** The caption tracks of a video, by language. */
  List<CaptionsService.Track> captionTracks(String videoKey) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT lang, label FROM video_captions WHERE videoKey = ? ORDER BY lang")) {
      s.setString(1, videoKey);
      try (ResultSet r = s.executeQuery()) {
        List<CaptionsService.Track> tracks = new ArrayList<>();
        while (r.next()) {
          tracks.add(new CaptionsService.Track(r.getString(1), r.getString(2)));
        }
        return tracks;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static String prefix(String videoKey) {
    return io.reelroute.video.VideoKeys.outputPrefix(videoKey);
  }

  static String videoKey(String value) {
    if (value == null || !VIDEO_KEY.matcher(value).matches()) {
      throw ApiException.notFound("No such video");
    }
    return value;
  }

  /** The video's access facts, or null when there is no such video. */
  PlaybackAccess access(String videoKey) {
    return PlaybackAccess.find(dataSource, videoKey);
  }

  /**
   * Whether the viewer (from a playback token or the caller) may see the video: the rule of {@link
   * io.reelroute.video.Visibility}, where a moderator or admin also sees a taken-down video (the
   * role read now, so a revoked moderator's links stop at the next playlist).
   */
  boolean visible(PlaybackAccess access, Long viewer) {
    if (access.visibleTo(viewer)) {
      return true;
    }
    // the role is worth a query only for a taken-down video
    return viewer != null && access.takenDown() && access.visibleTo(viewer, reviewers.test(viewer));
  }

  /**
   * The caller's user id: from exchange property {@code caller} (set by {@code optionalUser} in the
   * route), or, on the stream route, by running {@code optionalUser} when a player sent an
   * Authorization header instead of a playback token. Invalid tokens are 401 there.
   */
  static Long callerId(Exchange exchange) {
    Caller caller = exchange.getProperty("caller", Caller.class);
    if (caller == null
        && exchange.getMessage().getHeader("Authorization") != null
        && exchange.getContext().getRegistry().lookupByName("optionalUser")
            instanceof Processor optionalUser) {
      try {
        optionalUser.process(exchange);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      caller = exchange.getProperty("caller", Caller.class);
    }
    return caller == null ? null : caller.id();
  }
}
