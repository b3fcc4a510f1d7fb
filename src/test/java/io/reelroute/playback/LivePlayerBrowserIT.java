package io.reelroute.playback;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Watch while processing in headless Chromium (frontend/e2e/live.mjs): hls.js plays a PROCESSING
 * video's growing EVENT playlists through the API with "Still processing — more qualities soon",
 * and moves to the final playlists once the video is READY.
 */
@IntegrationTest
class LivePlayerBrowserIT {

  private static final Path FRONTEND = Path.of("frontend").toAbsolutePath();

  @Test
  void chromiumPlaysAProcessingVideoThenTheFinalOne(TestApp app) throws Exception {
    String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    assumeTrue(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium);
    assumeTrue(Files.isDirectory(FRONTEND.resolve("node_modules/playwright-core")), "npm ci first");
    assumeTrue(app.get("/").body().contains("/assets/"), "the web UI is not built into this build");

    String key = PlaybackIT.newVideo(app, PlaybackIT.newUser(app), "READY", "PUBLIC");
    Path fixture = PlaybackIT.outputs();
    // processing, 2 of the 3 segments out in each rung
    for (String rung : new String[] {"360p", "180p"}) {
      put(app, key, rung, LivePlaybackIT.event(read(fixture, rung), 2));
    }
    update(
        app,
        key,
        "UPDATE videos SET state = 'PROCESSING', isTranscoded = 0, live_playable_at = NOW(3),"
            + " heartbeat_at = NOW(3)"
            + " WHERE videoKey = ?");
    Path out = Path.of("target/e2e").toAbsolutePath();
    Process node =
        new ProcessBuilder("node", "e2e/live.mjs", app.baseUrl(), key, out.toString())
            .directory(FRONTEND.toFile())
            .redirectErrorStream(true)
            .start();
    StringBuilder log = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        log.append(line).append('\n');
        if (line.contains("LIVE OK")) {
          // the encode is done: final playlists, then READY
          for (String rung : new String[] {"360p", "180p"}) {
            put(app, key, rung, read(fixture, rung));
          }
          update(
              app, key, "UPDATE videos SET state = 'READY', isTranscoded = 1 WHERE videoKey = ?");
        }
      }
    }
    assertTrue(node.waitFor(180, TimeUnit.SECONDS));
    System.out.println(log);
    assertTrue(log.toString().contains("LIVE OK"), "played while processing: " + log);
    assertTrue(log.toString().contains("FINAL OK") && node.exitValue() == 0, log.toString());
  }

  private static String read(Path fixture, String rung) throws Exception {
    return Files.readString(fixture.resolve("hls/" + rung + "/index.m3u8"));
  }

  private static void put(TestApp app, String key, String rung, String text) {
    app.app()
        .infrastructure()
        .s3()
        .putObject(
            b ->
                b.bucket(app.app().settings().get("reelroute.s3.bucket"))
                    .key("videos/" + key + "/hls/" + rung + "/index.m3u8"),
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
