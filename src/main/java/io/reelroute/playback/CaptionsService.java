package io.reelroute.playback;

import io.reelroute.auth.Caller;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Caption tracks of a READY video (routes/captions.camel.yaml): the owner uploads WebVTT or SubRip
 * per language; viewers get them with the playback description, served by the API under the
 * playback token like the storyboard index. Stored as {@code videos/{videoKey}/captions/{lang}.vtt}
 * (deleted with the video), listed in table {@code video_captions}. Beans: {@code captions}.
 */
public final class CaptionsService {

  /** Tracks per video: more than any film ships with. */
  static final int MAX_TRACKS = 30;

  /** One caption track. */
  public record Track(String lang, String label) {}

  private final DataSource dataSource;
  private final S3Client s3;
  private final String bucket;
  private final PlaybackService playback;

  public CaptionsService(
      DataSource dataSource, S3Client s3, String bucket, PlaybackService playback) {
    this.dataSource = dataSource;
    this.s3 = s3;
    this.bucket = bucket;
    this.playback = playback;
  }

  static String objectKey(String videoKey, String lang) {
    return PlaybackService.prefix(videoKey) + "captions/" + lang + ".vtt";
  }

  /** GET /api/videos/{videoKey}/captions: the tracks of a video the caller may see. */
  public String list(Exchange exchange) throws SQLException {
    String videoKey = PlaybackService.videoKey(header(exchange, "videoKey"));
    PlaybackAccess access = playback.access(videoKey);
    if (access == null || !playback.visible(access, PlaybackService.callerId(exchange))) {
      throw ApiException.notFound("No such video");
    }
    return json(exchange, 200, Map.of("items", tracks(videoKey)));
  }

  /** PUT /api/videos/{videoKey}/captions/{lang}?label=…: adds or replaces a track (owner). */
  public String put(Exchange exchange) throws SQLException {
    String videoKey = ownedReadyVideo(exchange);
    String lang = Captions.language(header(exchange, "lang"));
    String label = Captions.label(header(exchange, "label"), lang);
    String vtt = Captions.toWebVtt(exchange.getIn().getBody(byte[].class));
    List<Track> existing = tracks(videoKey);
    boolean replacing = existing.stream().anyMatch(t -> t.lang().equals(lang));
    if (!replacing && existing.size() >= MAX_TRACKS) {
      throw ApiException.conflict(
          "too-many-captions", "A video has at most " + MAX_TRACKS + " caption tracks");
    }
    s3.putObject(
        r -> r.bucket(bucket).key(objectKey(videoKey, lang)).contentType("text/vtt; charset=utf-8"),
        RequestBody.fromString(vtt));
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO video_captions (videoKey, lang, label, size_bytes) VALUES (?, ?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE label = VALUES(label),"
                    + " size_bytes = VALUES(size_bytes), updated_at = CURRENT_TIMESTAMP")) {
      s.setString(1, videoKey);
      s.setString(2, lang);
      s.setString(3, label);
      s.setInt(4, vtt.length());
      s.executeUpdate();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("lang", lang);
    body.put("label", label);
    return json(exchange, replacing ? 200 : 201, body);
  }

  /** DELETE /api/videos/{videoKey}/captions/{lang}: removes a track (owner); idempotent, 204. */
  public void delete(Exchange exchange) throws SQLException {
    String videoKey = ownedVideo(exchange);
    String lang = Captions.language(header(exchange, "lang"));
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("DELETE FROM video_captions WHERE videoKey = ? AND lang = ?")) {
      s.setString(1, videoKey);
      s.setString(2, lang);
      s.executeUpdate();
    }
    s3.deleteObject(r -> r.bucket(bucket).key(objectKey(videoKey, lang)));
    Message out = exchange.getMessage();
    out.setBody(null);
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
  }

  private List<Track> tracks(String videoKey) {
    return playback.captionTracks(videoKey);
  }

  /** The caller's video: 404 when they may not see it, 403 when it is someone else's. */
  private String ownedVideo(Exchange exchange) {
    String videoKey = PlaybackService.videoKey(header(exchange, "videoKey"));
    Caller caller = exchange.getProperty("caller", Caller.class);
    PlaybackAccess access = playback.access(videoKey);
    if (access == null || !access.visibleTo(caller.id())) {
      throw ApiException.notFound("No such video");
    }
    if (access.ownerId() != caller.id()) {
      throw new ApiException(
          403, "not-owner", "Only the owner may change this video", "videoKey", null);
    }
    return videoKey;
  }

  private String ownedReadyVideo(Exchange exchange) {
    String videoKey = ownedVideo(exchange);
    if (!io.reelroute.video.VideoState.READY.name().equals(playback.access(videoKey).state())) {
      throw ApiException.conflict(
          "video-not-ready", "Captions can be added once the video is ready");
    }
    return videoKey;
  }

  private static String header(Exchange exchange, String name) {
    Object value = exchange.getIn().getHeader(name);
    if (value instanceof List<?>) {
      throw ApiException.invalidField(name, name + " must be given once");
    }
    return value == null ? null : value.toString();
  }

  private static String json(Exchange exchange, int status, Object body) {
    Message out = exchange.getMessage();
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    out.setHeader(Exchange.CONTENT_TYPE, "application/json");
    return Json.write(body);
  }
}
