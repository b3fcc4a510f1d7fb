package io.reelroute.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelroute.testing.Clips;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.RawHttp;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Playback through the API against the embedded stack, with real HLS outputs made by ffmpeg and
 * stored the way the transcode pipeline stores them (CONTRACTS.md).
 */
@IntegrationTest
class PlaybackIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static Path outputs;

  /** A 4 s clip as a 360p + 180p fMP4 HLS ladder with MP4, poster, thumbnail and storyboard. */
  static synchronized Path outputs() throws Exception {
    if (outputs != null) {
      return outputs;
    }
    Path dir = TestApp.newDataDir().resolve("hls-fixture");
    Files.createDirectories(dir);
    Clips.ffmpeg(
        dir,
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=640x360:rate=25:duration=6",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:duration=6",
        "-filter_complex",
        "[0:v]split=2[a][b];[b]scale=320:180[b2]",
        "-map",
        "[a]",
        "-map",
        "1:a",
        "-map",
        "[b2]",
        "-map",
        "1:a",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-g",
        "50",
        "-keyint_min",
        "50",
        "-sc_threshold",
        "0",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        "-f",
        "hls",
        "-hls_time",
        "2",
        "-hls_playlist_type",
        "vod",
        "-hls_segment_type",
        "fmp4",
        "-hls_fmp4_init_filename",
        "init.mp4",
        "-master_pl_name",
        "master.m3u8",
        "-var_stream_map",
        "v:0,a:0,name:360p v:1,a:1,name:180p",
        "-hls_segment_filename",
        "hls/%v/seg_%03d.m4s",
        "hls/%v/index.m3u8");
    // the pipeline's layout: master.m3u8 next to hls/, pointing into it
    String master = Files.readString(dir.resolve("hls/master.m3u8"));
    Files.writeString(
        dir.resolve("master.m3u8"),
        master
            .replace("360p/index.m3u8", "hls/360p/index.m3u8")
            .replace("180p/index.m3u8", "hls/180p/index.m3u8"));
    Files.delete(dir.resolve("hls/master.m3u8"));
    Clips.ffmpeg(
        dir,
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=640x360:rate=25:duration=6",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-movflags",
        "+faststart",
        "download.mp4");
    Clips.ffmpeg(dir, "-i", "download.mp4", "-ss", "1", "-frames:v", "1", "poster.jpg");
    Clips.ffmpeg(
        dir,
        "-i",
        "download.mp4",
        "-ss",
        "1",
        "-frames:v",
        "1",
        "-vf",
        "scale=320:-2",
        "thumbnail.jpg");
    Clips.ffmpeg(
        dir,
        "-i",
        "download.mp4",
        "-vf",
        "fps=1,scale=160:90,tile=6x1",
        "-frames:v",
        "1",
        "storyboard.jpg");
    StringBuilder vtt = new StringBuilder("WEBVTT\n");
    for (int i = 0; i < 6; i++) {
      vtt.append(
          String.format(
              "%n00:00:%02d.000 --> 00:00:%02d.000%nstoryboard.jpg#xywh=%d,0,160,90%n",
              i, i + 1, i * 160));
    }
    Files.writeString(dir.resolve("storyboard.vtt"), vtt.toString());
    outputs = dir;
    return dir;
  }

  static String newKey() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      key.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return key.toString();
  }

  static long newUser(TestApp app) throws Exception {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO users (email, display_name, status) VALUES (?, ?, 'ACTIVE')",
                Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, "viewer-" + newKey() + "@example.com");
      s.setString(2, "Viewer");
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** A video row in the given state, with the fixture's outputs in the bucket when READY. */
  static String newVideo(TestApp app, long owner, String state, String visibility)
      throws Exception {
    String key = newKey();
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO videos (videoKey, displayName, owner_id, state, isTranscoded,"
                    + " visibility, duration_seconds) VALUES (?, 'Clip', ?, ?, ?, ?, 4)")) {
      s.setString(1, key);
      s.setLong(2, owner);
      s.setString(3, state);
      s.setInt(4, "READY".equals(state) ? 1 : 0);
      s.setString(5, visibility);
      s.executeUpdate();
    }
    if ("READY".equals(state)) {
      Path dir = outputs();
      var s3 = app.app().infrastructure().s3();
      String bucket = app.app().settings().get("reelroute.s3.bucket");
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      for (Path file : files) {
        String rel = dir.relativize(file).toString().replace('\\', '/');
        s3.putObject(
            b -> b.bucket(bucket).key("videos/" + key + "/" + rel), RequestBody.fromFile(file));
      }
    }
    return key;
  }

  static void setVisibility(TestApp app, String key, String visibility) throws Exception {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("UPDATE videos SET visibility = ? WHERE videoKey = ?")) {
      s.setString(1, visibility);
      s.setString(2, key);
      s.executeUpdate();
    }
  }

  static PlaybackService service(TestApp app) {
    return app.app()
        .camelContext()
        .getRegistry()
        .lookupByNameAndType("playback", PlaybackService.class);
  }

  static HttpResponse<String> fetch(String url, String range) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (range != null) {
      request.header("Range", range);
    }
    try {
      return TestApp.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> uris(String playlist) {
    List<String> uris = new ArrayList<>();
    for (String line : playlist.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        uris.add(line.strip());
      }
    }
    return uris;
  }

  @Test
  void playbackDescribesAReadyPublicVideo(TestApp app) throws Exception {
    String key = newVideo(app, newUser(app), "READY", "PUBLIC");
    HttpResponse<String> response = app.get("/api/videos/" + key + "/playback");
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertTrue(body.get("hls").asText().startsWith("/api/stream/" + key + "/master.m3u8?t="));
    assertTrue(
        body.get("storyboard")
            .get("vtt")
            .asText()
            .startsWith("/api/stream/" + key + "/storyboard.vtt?t="));
    for (String field : List.of("mp4", "poster", "thumbnail")) {
      String url = body.get(field).asText();
      assertTrue(url.contains("X-Amz-Signature="), field + ": " + url);
      assertEquals(200, fetch(url, null).statusCode(), field + " is fetchable from S3");
    }
    String sprite = body.get("storyboard").get("sprite").asText();
    assertEquals(200, fetch(sprite, null).statusCode());
    // the storyboard index names the sprite by a presigned URL
    String vtt = app.get(body.get("storyboard").get("vtt").asText()).body();
    assertTrue(vtt.startsWith("WEBVTT"), vtt);
    String cue = vtt.lines().filter(l -> l.contains("#xywh=")).findFirst().orElseThrow();
    assertTrue(cue.contains("X-Amz-Signature=") && cue.endsWith("#xywh=0,0,160,90"), cue);
    assertEquals(200, fetch(cue.substring(0, cue.indexOf('#')), null).statusCode());
  }

  @Test
  void ffmpegPlaysEveryRungThroughTheApiPlaylists(TestApp app) throws Exception {
    String key = newVideo(app, newUser(app), "READY", "PUBLIC");
    JsonNode body = JSON.readTree(app.get("/api/videos/" + key + "/playback").body());
    String master = app.baseUrl() + body.get("hls").asText();
    HttpResponse<String> masterResponse = fetch(master, null);
    assertEquals(200, masterResponse.statusCode());
    assertEquals(
        "application/vnd.apple.mpegurl",
        masterResponse.headers().firstValue("Content-Type").orElse(""));
    List<String> variants = uris(masterResponse.body());
    assertEquals(2, variants.size(), masterResponse.body());
    Path dir = TestApp.newDataDir();
    // ffprobe reads the master playlist through the API and sees both rungs
    Process probe =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "stream=codec_type,height",
                "-of",
                "csv=p=0",
                master)
            .redirectErrorStream(true)
            .start();
    String probed = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(probe.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, probe.exitValue(), probed);
    assertTrue(probed.contains("video,360") && probed.contains("video,180"), probed);
    for (String variant : variants) {
      assertTrue(variant.startsWith("/api/stream/" + key + "/hls/"), variant);
      String media = fetch(app.baseUrl() + variant, null).body();
      assertFalse(media.contains("\nseg_"), "every segment is presigned:\n" + media);
      assertTrue(media.contains("#EXT-X-MAP:URI=\"http"), media);
      // decode every segment of the rung
      Clips.ffmpeg(dir, "-i", app.baseUrl() + variant, "-f", "null", "-");
    }
  }

  @Test
  void presignedUrlsExpireAndMp4AnswersRanges(TestApp app) throws Exception {
    String key = newVideo(app, newUser(app), "READY", "PUBLIC");
    PlaylistSigner shortLived =
        new PlaylistSigner(
            PlaylistSigner.presignWith(
                app.app().infrastructure().presigner(),
                app.app().settings().get("reelroute.s3.bucket")),
            Duration.ofSeconds(2),
            10,
            Clock.systemUTC());
    String segment = shortLived.url("videos/" + key + "/hls/360p/seg_000.m4s");
    assertEquals(200, fetch(segment, null).statusCode());
    Thread.sleep(3500);
    HttpResponse<String> expired = fetch(segment, null);
    assertEquals(403, expired.statusCode(), "S3 refuses an expired URL: " + expired.body());

    JsonNode body = JSON.readTree(app.get("/api/videos/" + key + "/playback").body());
    HttpResponse<String> range = fetch(body.get("mp4").asText(), "bytes=0-99");
    assertEquals(206, range.statusCode());
    assertEquals(
        "bytes 0-99/" + Files.size(outputs().resolve("download.mp4")),
        range.headers().firstValue("Content-Range").orElse(""));
  }

  @Test
  void visibilityAppliesToEveryPlaylistRequest(TestApp app) throws Exception {
    long owner = newUser(app);
    long other = newUser(app);
    String key = newVideo(app, owner, "READY", "PRIVATE");
    PlaybackService playback = service(app);
    long now = System.currentTimeMillis() / 1000;
    long later = now + 600;
    String master = "/api/stream/" + key + "/master.m3u8?t=";

    // anonymous: no playback description, no playlists
    assertEquals(404, app.get("/api/videos/" + key + "/playback").statusCode());
    assertEquals(404, app.get("/api/stream/" + key + "/master.m3u8").statusCode());
    assertEquals(404, app.get(master + playback.tokens().issue(key, 0, now, later)).statusCode());
    // another user's token
    assertEquals(
        404, app.get(master + playback.tokens().issue(key, other, now, later)).statusCode());
    // the owner's token
    String ownerToken = playback.tokens().issue(key, owner, now, later);
    HttpResponse<String> ok = app.get(master + ownerToken);
    assertEquals(200, ok.statusCode(), ok.body());
    assertTrue(ok.body().contains("?t=" + ownerToken), "variants carry the token");
    // a token of one video does not open another
    String publicKey = newVideo(app, owner, "READY", "PUBLIC");
    HttpResponse<String> moved =
        app.get("/api/stream/" + publicKey + "/master.m3u8?t=" + ownerToken);
    assertEquals(403, moved.statusCode());
    assertTrue(moved.body().contains("playback-token-invalid"));
    // an expired token says so, so the page can fetch a fresh one
    String old = playback.tokens().issue(publicKey, 0, now - 600, now - 1);
    HttpResponse<String> expired = app.get("/api/stream/" + publicKey + "/master.m3u8?t=" + old);
    assertEquals(403, expired.statusCode());
    assertTrue(expired.body().contains("playback-token-expired"));
    // a public video made private stops playing for a token handed out while it was public
    String anonymous = playback.tokens().issue(publicKey, 0, now, later);
    assertEquals(
        200, app.get("/api/stream/" + publicKey + "/master.m3u8?t=" + anonymous).statusCode());
    setVisibility(app, publicKey, "PRIVATE");
    assertEquals(
        404,
        app.get("/api/stream/" + publicKey + "/hls/360p/index.m3u8?t=" + anonymous).statusCode());
    setVisibility(app, publicKey, "UNLISTED");
    assertEquals(
        200,
        app.get("/api/stream/" + publicKey + "/hls/360p/index.m3u8?t=" + anonymous).statusCode());
  }

  @Test
  void theOwnerPlaysAPrivateVideoWithTheirBearerTokenAndNobodyElseDoes(TestApp app)
      throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session other = TestUsers.signUp(app);
    String key = newVideo(app, owner.userId(), "READY", "PRIVATE");
    String path = "/api/videos/" + key + "/playback";
    assertEquals(404, app.get(path).statusCode(), "anonymous");
    assertEquals(404, TestUsers.get(app, other, path).statusCode(), "another user");
    HttpResponse<String> mine = TestUsers.get(app, owner, path);
    assertEquals(200, mine.statusCode(), mine.body());
    String hls = JSON.readTree(mine.body()).get("hls").asText();
    // the player needs no header: the playback token in the URL carries the owner's right
    HttpResponse<String> master = app.get(hls);
    assertEquals(200, master.statusCode(), master.body());
    String variant = uris(master.body()).get(0);
    assertEquals(200, app.get(variant).statusCode());
    // a player that can send headers may use the Bearer token instead
    String bare = "/api/stream/" + key + "/master.m3u8";
    assertEquals(200, TestUsers.get(app, owner, bare).statusCode());
    assertEquals(404, TestUsers.get(app, other, bare).statusCode());
    // a bad Bearer token is refused, not treated as anonymous
    HttpResponse<String> forged =
        app.send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Authorization", "Bearer not-a-token")
                .GET());
    assertEquals(401, forged.statusCode());
  }

  private static long amzExpires(String url) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("[?&]X-Amz-Expires=([0-9]+)").matcher(url);
    assertTrue(m.find(), "a presigned URL: " + url);
    return Long.parseLong(m.group(1));
  }

  @Test
  void privateVideosGetLinksOfMinutesNotHours(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    String key = newVideo(app, owner.userId(), "READY", "PRIVATE");
    String path = "/api/videos/" + key + "/playback";
    long before = System.currentTimeMillis() / 1000;
    JsonNode mine = JSON.readTree(TestUsers.get(app, owner, path).body());
    long expiresAt = java.time.Instant.parse(mine.get("expiresAt").asText()).getEpochSecond();
    assertTrue(expiresAt - before <= 600 + 2, "a private video's token lives 10 min at most");
    assertTrue(mine.get("urlsExpireInSeconds").asLong() <= 150, mine.toString());
    // presigned URLs of a private video: 5 minutes at most, in the answer and in the playlists
    assertTrue(amzExpires(mine.get("mp4").asText()) <= 300, mine.get("mp4").asText());
    assertTrue(amzExpires(mine.get("poster").asText()) <= 300);
    HttpResponse<String> master = app.get(mine.get("hls").asText());
    assertEquals(200, master.statusCode(), master.body());
    String media = app.get(uris(master.body()).get(0)).body();
    List<String> signed =
        media.lines().filter(l -> l.contains("X-Amz-Expires")).map(String::strip).toList();
    assertFalse(signed.isEmpty(), media);
    for (String line : signed) {
      String url = line.contains("URI=\"") ? line.replaceAll(".*URI=\"([^\"]+)\".*", "$1") : line;
      assertTrue(amzExpires(url) <= 300, url);
    }

    // a correctly signed token with the long lifetime does not open a private video, nor does a
    // token of the earlier format (no issue time): both say "expired", so the player refreshes
    PlaybackService playback = service(app);
    long now = System.currentTimeMillis() / 1000;
    String longLived = playback.tokens().issue(key, owner.userId(), now, now + 21600);
    HttpResponse<String> refused = app.get("/api/stream/" + key + "/master.m3u8?t=" + longLived);
    assertEquals(403, refused.statusCode());
    assertTrue(refused.body().contains("playback-token-expired"), refused.body());
    String oldFormat = playback.tokens().issueWithoutIssueTime(key, owner.userId(), now + 300);
    HttpResponse<String> old = app.get("/api/stream/" + key + "/master.m3u8?t=" + oldFormat);
    assertEquals(403, old.statusCode());
    assertTrue(old.body().contains("playback-token-expired"), old.body());

    // a public video: hours-long links and 30-minute URLs, as before
    String publicKey = newVideo(app, owner.userId(), "READY", "PUBLIC");
    JsonNode open =
        JSON.readTree(TestUsers.get(app, owner, "/api/videos/" + publicKey + "/playback").body());
    long openExpires = java.time.Instant.parse(open.get("expiresAt").asText()).getEpochSecond();
    assertTrue(openExpires - before > 3600, open.toString());
    assertEquals(1800, amzExpires(open.get("mp4").asText()));
    String ownersLink = open.get("hls").asText();
    assertEquals(200, app.get(ownersLink).statusCode());
    // made private: the owner's hours-long link stops, a fresh description plays again
    setVisibility(app, publicKey, "PRIVATE");
    HttpResponse<String> stale = app.get(ownersLink);
    assertEquals(403, stale.statusCode());
    assertTrue(stale.body().contains("playback-token-expired"), stale.body());
    JsonNode fresh =
        JSON.readTree(TestUsers.get(app, owner, "/api/videos/" + publicKey + "/playback").body());
    assertEquals(200, app.get(fresh.get("hls").asText()).statusCode());
    assertTrue(amzExpires(fresh.get("mp4").asText()) <= 300);
  }

  @Test
  void onlyReadyVideosPlayAndOnlyPlaylistsAreServed(TestApp app) throws Exception {
    long owner = newUser(app);
    String processing = newVideo(app, owner, "PROCESSING", "PUBLIC");
    HttpResponse<String> notReady = app.get("/api/videos/" + processing + "/playback");
    assertEquals(409, notReady.statusCode());
    assertEquals(
        "application/problem+json", notReady.headers().firstValue("Content-Type").orElse(""));
    assertEquals(404, app.get("/api/videos/abcdefghijk/playback").statusCode());
    assertEquals(404, app.get("/api/videos/bad%20key/playback").statusCode());

    String key = newVideo(app, owner, "READY", "PUBLIC");
    String token =
        service(app)
            .tokens()
            .issue(
                key, 0, System.currentTimeMillis() / 1000, System.currentTimeMillis() / 1000 + 600);
    for (String path :
        List.of(
            "/api/stream/" + key + "/download.mp4?t=" + token,
            "/api/stream/" + key + "/hls/360p/seg_000.m4s?t=" + token,
            "/api/stream/" + key + "/../" + key + "/master.m3u8?t=" + token,
            "/api/stream/" + key + "/hls/%2e%2e/%2e%2e/master.m3u8?t=" + token,
            "/api/stream/" + key + "/hls/..%2f..%2fmaster.m3u8?t=" + token,
            "/api/stream/" + key + "/nothing.m3u8?t=" + token)) {
      RawHttp.Response response = RawHttp.get(app.baseUrl(), path);
      assertTrue(
          response.status() == 404 || response.status() == 400,
          path + " answered " + response.status() + ": " + response.body());
      assertFalse(response.body().contains("\tat "), "no stack trace");
    }
  }
}
