package io.reelroute.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelroute.testing.HlsViewer;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Playback of a video still PROCESSING (issue 13), on stored fixture outputs: 409 video-processing
 * until its first segments are published, then {@code processing: true} with the growing playlist
 * read afresh on every request (never cached), visibility as for READY; READY then serves the final
 * playlists.
 */
@IntegrationTest
class LivePlaybackIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aProcessingVideoPlaysOnceItsFirstSegmentsArePublished(TestApp app) throws Exception {
    long owner = PlaybackIT.newUser(app);
    String key = PlaybackIT.newVideo(app, owner, "READY", "PUBLIC");
    String vod = Files.readString(PlaybackIT.outputs().resolve("hls/360p/index.m3u8"));
    List<String> segments = PlaybackIT.uris(vod);
    assertTrue(segments.size() >= 2, vod);
    // a fresh heartbeat, as a running worker keeps it: else the worker's start-up recovery may
    // take the video for a stale job and clear its outputs under the test
    update(
        app,
        key,
        "UPDATE videos SET state = 'PROCESSING', isTranscoded = 0, heartbeat_at = NOW(3)"
            + " WHERE videoKey = ?");

    HttpResponse<String> waiting = app.get("/api/videos/" + key + "/playback");
    assertEquals(409, waiting.statusCode(), waiting.body());
    assertEquals("video-processing", JSON.readTree(waiting.body()).get("code").asText());
    assertEquals("2", waiting.headers().firstValue("Retry-After").orElse(""));

    // the first segment is out: a growing playlist, and the mark the worker sets
    put(app, key, "hls/360p/index.m3u8", event(vod, 1));
    update(app, key, "UPDATE videos SET live_playable_at = NOW(3) WHERE videoKey = ?");
    HttpResponse<String> live = app.get("/api/videos/" + key + "/playback");
    assertEquals(200, live.statusCode(), live.body());
    JsonNode body = JSON.readTree(live.body());
    assertTrue(body.get("processing").asBoolean(), live.body());
    assertTrue(body.get("mp4").isNull() && body.get("storyboard").isNull(), live.body());
    String master = body.get("hls").asText();
    HttpResponse<String> masterPlaylist = get(app, master);
    assertEquals(200, masterPlaylist.statusCode());
    assertTrue(
        masterPlaylist.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
    String mediaUrl =
        HlsViewer.references(masterPlaylist.body()).stream()
            .filter(u -> u.contains("360p"))
            .findFirst()
            .orElseThrow();
    HttpResponse<String> first = get(app, mediaUrl);
    assertEquals("EVENT", HlsViewer.playlistType(first.body()));
    assertEquals(2, HlsViewer.references(first.body()).size(), "init + 1 segment");
    // the next segment: the next request sees it (nothing cached while processing)
    put(app, key, "hls/360p/index.m3u8", event(vod, 2));
    HttpResponse<String> second = get(app, mediaUrl);
    assertEquals(3, HlsViewer.references(second.body()).size(), second.body());
    assertTrue(second.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
    for (String object : HlsViewer.references(second.body())) {
      assertEquals(200, get(app, object).statusCode(), object);
    }
    String storyboard = master.replace("master.m3u8", "storyboard.vtt");
    assertEquals(404, get(app, storyboard).statusCode(), "storyboard comes with READY");

    // visibility as for READY: a private video still processing is nobody else's
    PlaybackIT.setVisibility(app, key, "PRIVATE");
    assertEquals(404, app.get("/api/videos/" + key + "/playback").statusCode());
    assertEquals(404, get(app, mediaUrl).statusCode());
    PlaybackIT.setVisibility(app, key, "PUBLIC");

    // a retry starts: the mark is cleared, viewers see "processing" again
    update(app, key, "UPDATE videos SET live_playable_at = NULL WHERE videoKey = ?");
    assertEquals(409, app.get("/api/videos/" + key + "/playback").statusCode());
    assertEquals(409, get(app, mediaUrl).statusCode());

    // READY: the final playlists, and what was served live is not cached
    put(app, key, "hls/360p/index.m3u8", vod);
    update(
        app,
        key,
        "UPDATE videos SET state = 'READY', isTranscoded = 1, live_playable_at = NOW(3)"
            + " WHERE videoKey = ?");
    JsonNode ready = JSON.readTree(app.get("/api/videos/" + key + "/playback").body());
    assertFalse(ready.get("processing").asBoolean(), ready.toString());
    assertFalse(ready.get("mp4").isNull());
    String finalUrl =
        HlsViewer.references(get(app, ready.get("hls").asText()).body()).stream()
            .filter(u -> u.contains("360p"))
            .findFirst()
            .orElseThrow();
    String finalPlaylist = get(app, finalUrl).body();
    assertEquals(segments.size() + 1, HlsViewer.references(finalPlaylist).size(), finalPlaylist);
    assertTrue(HlsViewer.playlistType(finalPlaylist).endsWith("+END"), finalPlaylist);
  }

  private static HttpResponse<String> get(TestApp app, String url) {
    return HlsViewer.get(url.startsWith("http") ? url : app.baseUrl() + url);
  }

  /** The first {@code n} segments of a VOD playlist, as ffmpeg's EVENT playlist looks meanwhile. */
  static String event(String vod, int n) {
    StringBuilder out = new StringBuilder();
    int seen = 0;
    for (String line : vod.lines().toList()) {
      if (line.startsWith("#EXT-X-ENDLIST")) {
        continue;
      }
      if (line.startsWith("#EXTINF") && seen == n) {
        break;
      }
      if (!line.isBlank() && !line.startsWith("#")) {
        seen++;
      }
      out.append(line.replace("PLAYLIST-TYPE:VOD", "PLAYLIST-TYPE:EVENT")).append('\n');
    }
    return out.toString();
  }

  private static void put(TestApp app, String key, String relative, String text) {
    app.app()
        .infrastructure()
        .s3()
        .putObject(
            b ->
                b.bucket(app.app().settings().get("reelroute.s3.bucket"))
                    .key("videos/" + key + "/" + relative),
            RequestBody.fromString(text));
  }

  private static void update(TestApp app, String key, String sql) throws Exception {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      s.executeUpdate();
    }
  }
}
