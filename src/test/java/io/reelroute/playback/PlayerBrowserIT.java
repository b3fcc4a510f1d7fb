package io.reelroute.playback;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * hls.js in headless Chromium plays a READY video through the real playback API: signed playlists,
 * presigned segments straight from S3 (CORS), quality switch, storyboard preview, reload. The
 * video's catalog metadata is stubbed in the browser while the catalog API is not there.
 */
@IntegrationTest
class PlayerBrowserIT {

  private static final Path FRONTEND = Path.of("frontend").toAbsolutePath();

  @Test
  void chromiumPlaysTheSignedHlsLadder(TestApp app) throws Exception {
    String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    assumeTrue(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium);
    assumeTrue(Files.isDirectory(FRONTEND.resolve("node_modules/playwright-core")), "npm ci first");
    assumeTrue(app.get("/").body().contains("/assets/"), "the web UI is not built into this build");

    String key = PlaybackIT.newVideo(app, PlaybackIT.newUser(app), "READY", "PUBLIC");
    // a caption track, stored as the captions API stores it
    String bucket = app.app().settings().get("reelroute.s3.bucket");
    app.app()
        .infrastructure()
        .s3()
        .putObject(
            r -> r.bucket(bucket).key(CaptionsService.objectKey(key, "en")),
            software.amazon.awssdk.core.sync.RequestBody.fromString(
                "WEBVTT\n\n00:00:00.000 --> 00:00:06.000\nHello from the captions\n"));
    try (var c = app.app().infrastructure().dataSource().getConnection();
        var s =
            c.prepareStatement(
                "INSERT INTO video_captions (videoKey, lang, label, size_bytes)"
                    + " VALUES (?, 'en', 'English (CC)', 60)")) {
      s.setString(1, key);
      s.executeUpdate();
    }
    boolean catalogThere = app.get("/api/videos/" + key).statusCode() == 200;
    Path out = Path.of("target/e2e").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder("node", "e2e/player.mjs", app.baseUrl(), key, out.toString())
            .directory(FRONTEND.toFile())
            .redirectErrorStream(true);
    builder.environment().put("E2E_STUB_CATALOG", catalogThere ? "0" : "1");
    builder.environment().put("E2E_CAPTIONS", "en:English (CC)");
    Process node = builder.start();
    String log = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(180, TimeUnit.SECONDS));
    System.out.println(log);
    assertTrue(log.contains("PLAYER OK") && node.exitValue() == 0, log);
    assertTrue(log.contains("EMBED OK"), "another site frames the embeddable player: " + log);
    assertTrue(log.contains("CAPTIONS en \"Hello from the captions\""), log);
  }
}
