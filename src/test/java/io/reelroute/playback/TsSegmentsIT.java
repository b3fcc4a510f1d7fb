package io.reelroute.playback;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.Clips;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end with MPEG-TS segments ({@code reelroute.transcode.segment-type=mpegts}, for old
 * players): browser-style upload through a presigned PUT, the real pipeline, then the playback
 * API's signed playlists, decoded by ffmpeg segment by segment straight from storage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TsSegmentsIT {

  private TestApp app;

  @BeforeAll
  void start() {
    app =
        TestApp.start(
            Map.of(
                "reelroute.transcode.segment-type", "mpegts",
                "reelroute.transcode.rungs", "360:800,240:400",
                "reelroute.transcode.wait-seconds", "1"));
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private HttpResponse<String> fetch(String url) throws Exception {
    return TestApp.http()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void tsLadderPlaysFromSignedPlaylists() throws Exception {
    ApiClient me = ApiClient.as(app, TestUsers.signUp(app));
    Path clip = Clips.make(app.dataDir().resolve("clips"), "ts.mp4", 640, 360, 5, 25, "stereo");
    byte[] bytes = Files.readAllBytes(clip);
    JsonNode created =
        json(
            me.post(
                "/api/upload",
                Json.write(
                    Map.of(
                        "fileName",
                        "ts.mp4",
                        "contentType",
                        "video/mp4",
                        "sizeBytes",
                        bytes.length))),
            201);
    String key = created.get("videoKey").asText();
    JsonNode upload = created.get("upload");
    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    upload
        .get("headers")
        .fields()
        .forEachRemaining(
            h -> {
              if (!h.getKey().equalsIgnoreCase("Content-Length")) {
                put.header(h.getKey(), h.getValue().asText());
              }
            });
    assertEquals(
        200, TestApp.http().send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(180),
            () -> {
              String state = json(me.get("/api/videos/" + key), 200).get("state").asText();
              return state.equals("READY") || state.equals("FAILED");
            }),
        "finished");
    JsonNode video = json(me.get("/api/videos/" + key), 200);
    assertEquals("READY", video.get("state").asText(), video.toString());

    JsonNode playback = json(me.get("/api/videos/" + key + "/playback"), 200);
    String masterUrl = URI.create(app.baseUrl()).resolve(playback.get("hls").asText()).toString();
    String master = fetch(masterUrl).body();
    List<String> variants = master.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertEquals(2, variants.size(), master);
    // the audio rendition group (one AAC playlist shared by every rung)
    java.util.regex.Matcher audio =
        java.util.regex.Pattern.compile("#EXT-X-MEDIA:TYPE=AUDIO[^\\n]*URI=\"([^\"]+)\"")
            .matcher(master);
    List<String> playlists = new java.util.ArrayList<>(variants);
    while (audio.find()) {
      playlists.add(audio.group(1));
    }
    assertEquals(3, playlists.size(), master);
    for (String playlist : playlists) {
      String url = URI.create(masterUrl).resolve(playlist).toString();
      String media = fetch(url).body();
      assertFalse(media.contains("#EXT-X-MAP"), "no init segment with TS:\n" + media);
      List<String> segments =
          media.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
      assertTrue(segments.size() >= 2, media);
      for (String segment : segments) {
        assertTrue(segment.startsWith("http") && segment.contains(".ts?"), segment);
        assertTrue(segment.contains("X-Amz-Signature="), "presigned: " + segment);
      }
      // decode every segment, fetched from storage through the signed playlist
      Clips.ffmpeg(app.dataDir(), "-i", url, "-f", "null", "-");
    }
    String streams =
        Clips.run(
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name",
            "-of",
            "csv=p=0",
            masterUrl);
    assertTrue(streams.contains("h264") && streams.contains("aac"), streams);
  }
}
