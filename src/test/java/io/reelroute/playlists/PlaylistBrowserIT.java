package io.reelroute.playlists;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.Viewers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The playlist page in headless Chromium (frontend/e2e/playlist.mjs): two really transcoded videos
 * of a public playlist play one after the other, the second without a click.
 */
@IntegrationTest
class PlaylistBrowserIT {

  private static final Path FRONTEND = Path.of("frontend").toAbsolutePath();

  @Test
  void thePlaylistPagePlaysThrough(TestApp app) throws Exception {
    String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    assumeTrue(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium);
    assumeTrue(Files.isDirectory(FRONTEND.resolve("node_modules/playwright-core")), "npm ci first");
    assumeTrue(app.get("/").body().contains("/assets/"), "the web UI is not built into this build");

    TestUsers.Session owner = TestUsers.signUp(app);
    ApiClient me = ApiClient.as(app, owner);
    String one = Viewers.uploaded(app, owner, "one.mp4");
    String two = Viewers.uploaded(app, owner, "two.mp4");
    json(me.patch("/api/videos/" + one, Map.of("displayName", "First song")), 200);
    json(me.patch("/api/videos/" + two, Map.of("displayName", "Second song")), 200);
    String id =
        json(me.post("/api/playlists", Map.of("title", "Road trip", "visibility", "public")), 201)
            .get("id")
            .asText();
    json(me.put("/api/playlists/" + id + "/videos/" + one, null), 200);
    json(me.put("/api/playlists/" + id + "/videos/" + two, null), 200);

    Path out = Path.of("target/e2e").toAbsolutePath();
    Process node =
        new ProcessBuilder(
                "node",
                "e2e/playlist.mjs",
                app.baseUrl(),
                id,
                "First song",
                "Second song",
                out.toString())
            .directory(FRONTEND.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(180, TimeUnit.SECONDS));
    System.out.println(log);
    assertTrue(log.contains("PLAYLIST OK") && node.exitValue() == 0, log);
  }
}
