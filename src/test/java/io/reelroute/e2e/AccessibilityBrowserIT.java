package io.reelroute.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reelroute.testing.ApiClient;
import io.reelroute.testing.Clips;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.Uploads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Accessibility of every page (issue 15): frontend/e2e/a11y.mjs opens each page that
 * frontend/e2e/pages.mjs lists in headless Chromium, signed out and signed in, and runs axe-core on
 * it; a serious or critical violation fails. The pages show real data: a user with a video the
 * pipeline made READY (and its "ready" notification), a video that FAILED, and a comment. Full axe
 * results and screenshots: target/e2e/a11y/.
 */
@IntegrationTest
class AccessibilityBrowserIT {

  private static final Path FRONTEND = Path.of("frontend").toAbsolutePath();

  @Test
  void everyPageHasNoSeriousOrCriticalAxeViolations(TestApp app) throws Exception {
    String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    assumeTrue(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium);
    assumeTrue(
        Files.isDirectory(FRONTEND.resolve("node_modules/axe-core")),
        "front-end packages not installed (script/bootstrap)");
    assumeTrue(app.get("/").body().contains("/assets/"), "the web UI is not built into this build");

    Path out = Path.of("target/e2e/a11y").toAbsolutePath();
    Files.createDirectories(out);
    String email = "a11y-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String password = "correct horse battery staple";
    TestUsers.Session session = TestUsers.signUp(app, email, password, "Ada Access");
    ApiClient ada = ApiClient.as(app, session);
    // an admin, so that /moderation and /admin are checked too (AdminIT tests how roles are given)
    try (java.sql.Connection c = app.app().infrastructure().dataSource().getConnection();
        java.sql.PreparedStatement s =
            c.prepareStatement("UPDATE users SET role = 'admin' WHERE id = ?")) {
      s.setLong(1, session.userId());
      s.executeUpdate();
    }

    Path clip = out.resolve("clip-4s.mp4");
    Clips.ffmpeg(
        out,
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=640x360:rate=25:duration=4",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=330:duration=4",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        clip.toString());
    String ready = Uploads.viaApi(app, ada, clip);
    Path junk = out.resolve("not-a-video.mp4");
    Files.write(junk, "this is not a video".repeat(100).getBytes(StandardCharsets.UTF_8));
    String failed = Uploads.viaApi(app, ada, junk);
    // another channel's video, taken down: Ada, an admin, reviews it (the moderator's banner)
    TestUsers.Session bobSession =
        TestUsers.signUp(
            app,
            "a11y-bob-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
            password,
            "Bob Broadcast");
    ApiClient bob = ApiClient.as(app, bobSession);
    String takenDown = Uploads.viaApi(app, bob, clip);
    meta(bob, takenDown, "A reported test card", "Taken down for the accessibility check.");
    meta(ada, ready, "Colour bars with a tone", "A test card, for the accessibility check.");
    meta(ada, failed, "Holiday notes", "Not a video at all.");
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(180), () -> state(app, ready).equals("READY")),
        "the clip became READY");
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(60), () -> state(app, failed).equals("FAILED")),
        "the junk upload FAILED");
    assertEquals(
        201,
        ada.post("/api/videos/" + ready + "/comments", Map.of("body", "Lovely colours!"))
            .statusCode());
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(180), () -> state(app, takenDown).equals("READY")),
        "the other channel's clip became READY");
    var takedown =
        ada.post(
            "/api/moderation/videos/" + takenDown + "/takedown",
            Map.of("reason", "Flashing lights without a warning"));
    assertEquals(200, takedown.statusCode(), takedown.body());

    Process node =
        new ProcessBuilder(
                "node",
                "e2e/a11y.mjs",
                app.baseUrl(),
                email,
                password,
                ready,
                out.toString(),
                takenDown)
            .directory(FRONTEND.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(300, TimeUnit.SECONDS), "the accessibility check ended");
    System.out.println(log);
    Files.writeString(out.resolve("a11y.log"), log);
    assertTrue(log.contains("A11Y OK") && node.exitValue() == 0, "accessibility check:\n" + log);
    for (String page : List.of("/watch/", "/me/videos", "/me/account", "/embed/", "/login")) {
      assertTrue(log.contains(page), "checked " + page);
    }
  }

  private static void meta(ApiClient api, String key, String title, String description) {
    assertEquals(
        200,
        api.post(
                "/api/metadata",
                Map.of("videoKey", key, "displayName", title, "description", description))
            .statusCode());
  }

  private static String state(TestApp app, String key) {
    try (var c = app.app().infrastructure().dataSource().getConnection();
        var s = c.prepareStatement("SELECT state FROM videos WHERE videoKey = ?")) {
      s.setString(1, key);
      try (var rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : "";
      }
    } catch (Exception e) {
      return "";
    }
  }
}
