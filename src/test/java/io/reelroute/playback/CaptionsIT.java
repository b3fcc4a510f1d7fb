package io.reelroute.playback;

import static io.reelroute.testing.ApiClient.json;
import static io.reelroute.testing.ApiClient.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Caption tracks through HTTP against the embedded stack: the owner uploads WebVTT or SubRip, a
 * viewer gets them with the playback description under the playback token; bad files, other
 * people's videos and private videos are refused.
 */
@IntegrationTest
class CaptionsIT {

  private static final String VTT =
      "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello <b>there</b>\n\n"
          + "00:00:02.500 --> 00:00:04.000\n<script>alert(1)</script> is just text\n";
  private static final String SRT =
      "1\r\n00:00:00,500 --> 00:00:02,000\r\nBonjour\r\n\r\n2\r\n00:00:02,500 --> 00:00:04,000\r\n"
          + "Au revoir\r\n";

  private static HttpResponse<String> upload(
      TestApp app, TestUsers.Session who, String key, String lang, String query, byte[] file) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    app.baseUrl()
                        + "/api/videos/"
                        + key
                        + "/captions/"
                        + lang
                        + (query == null ? "" : "?" + query)))
            .header("Content-Type", "text/vtt")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(file));
    if (who != null) {
      request.header("Authorization", who.bearer());
    }
    return app.send(request);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theOwnerAddsTracksAndViewersGetThemWithPlayback(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session other = TestUsers.signUp(app);
    String key = PlaybackIT.newVideo(app, owner.userId(), "READY", "PUBLIC");

    JsonNode added = json(upload(app, owner, key, "en", "label=English%20(CC)", utf8(VTT)), 201);
    assertEquals("en", added.get("lang").asText());
    assertEquals("English (CC)", added.get("label").asText());
    // SubRip is converted; the label defaults to the language's name; the tag is canonical
    JsonNode french = json(upload(app, owner, key, "fr-ca", null, utf8(SRT)), 201);
    assertEquals("fr-CA", french.get("lang").asText());
    assertEquals("French (Canada)", french.get("label").asText());
    // replacing a track answers 200
    json(upload(app, owner, key, "en", "label=English", utf8(VTT)), 200);

    JsonNode listed = json(ApiClient.anonymous(app).get("/api/videos/" + key + "/captions"), 200);
    assertEquals(2, listed.get("items").size(), listed.toString());
    assertEquals("English", listed.at("/items/0/label").asText());

    // a viewer (anonymous here) gets the tracks with playback, served by the API under the token
    JsonNode playback = json(app.get("/api/videos/" + key + "/playback"), 200);
    JsonNode tracks = playback.get("captions");
    assertEquals(2, tracks.size(), playback.toString());
    String url = tracks.get(1).get("url").asText();
    assertTrue(url.contains("/api/stream/" + key + "/captions/fr-CA.vtt?t="), url);
    HttpResponse<String> served = app.get(url);
    assertEquals(200, served.statusCode(), served.body());
    assertTrue(served.headers().firstValue("Content-Type").orElse("").startsWith("text/vtt"));
    assertTrue(served.body().startsWith("WEBVTT\n"), served.body());
    assertTrue(served.body().contains("00:00:00.500 --> 00:00:02.000\nBonjour"), served.body());
    String english = app.get(tracks.get(0).get("url").asText()).body();
    assertTrue(english.contains("<script>alert(1)</script> is just text"), "stored as given");

    // someone else may not change the tracks; nobody without a token
    problem(upload(app, other, key, "de", null, utf8(VTT)), 403, "videoKey");
    problem(upload(app, null, key, "de", null, utf8(VTT)), 401, null);
    problem(ApiClient.as(app, other).delete("/api/videos/" + key + "/captions/en"), 403, null);

    // bad files and bad input: clear 4xx, nothing stored
    problem(upload(app, owner, key, "de", null, utf8("just some words\n")), 422, "body");
    problem(upload(app, owner, key, "de", null, utf8("WEBVTT\n\nno cues here\n")), 422, "body");
    problem(upload(app, owner, key, "de", null, new byte[] {(byte) 0xC3, 0x28}), 422, "body");
    problem(upload(app, owner, key, "de", null, new byte[0]), 422, "body");
    problem(upload(app, owner, key, "de", null, new byte[Captions.MAX_BYTES + 1]), 413, "body");
    problem(upload(app, owner, key, "not_a_language", null, utf8(VTT)), 400, "lang");
    problem(upload(app, owner, key, "de", "label=%07bell", utf8(VTT)), 400, "label");
    assertEquals(
        2,
        json(ApiClient.anonymous(app).get("/api/videos/" + key + "/captions"), 200)
            .get("items")
            .size());

    // removing is idempotent; the file goes too
    ApiClient mine = ApiClient.as(app, owner);
    assertEquals(204, mine.delete("/api/videos/" + key + "/captions/en").statusCode());
    assertEquals(204, mine.delete("/api/videos/" + key + "/captions/en").statusCode());
    assertEquals(1, json(app.get("/api/videos/" + key + "/playback"), 200).get("captions").size());
    assertEquals(
        0,
        app.app()
            .infrastructure()
            .s3()
            .listObjectsV2(
                r ->
                    r.bucket(app.app().settings().get("reelroute.s3.bucket"))
                        .prefix("videos/" + key + "/captions/en"))
            .keyCount());
  }

  @Test
  void privateAndUnfinishedVideosAreRefused(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session other = TestUsers.signUp(app);
    String hidden = PlaybackIT.newVideo(app, owner.userId(), "READY", "PRIVATE");
    json(upload(app, owner, hidden, "en", null, utf8(VTT)), 201);
    problem(ApiClient.as(app, other).get("/api/videos/" + hidden + "/captions"), 404, null);
    problem(upload(app, other, hidden, "en", null, utf8(VTT)), 404, null);
    // the file of a private video is not served without the owner's playback token
    assertEquals(404, app.get("/api/stream/" + hidden + "/captions/en.vtt").statusCode());
    assertEquals(
        1,
        json(ApiClient.as(app, owner).get("/api/videos/" + hidden + "/captions"), 200)
            .get("items")
            .size());

    String processing = PlaybackIT.newVideo(app, owner.userId(), "PROCESSING", "PUBLIC");
    JsonNode notReady = problem(upload(app, owner, processing, "en", null, utf8(VTT)), 409, null);
    assertEquals("video-not-ready", notReady.get("code").asText());
    problem(ApiClient.anonymous(app).get("/api/videos/AAAAAAAAAAA/captions"), 404, null);
  }
}
