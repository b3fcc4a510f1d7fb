package io.reelroute.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The upload page's multipart upload in headless Chromium against the real catalog API and S3: the
 * connection of part 2 is dropped once; the page asks for a fresh part URL, sends the part again
 * and completes the upload (frontend/e2e/upload-resume.mjs).
 */
@IntegrationTest
class UploadResumeBrowserIT {

  private static final Path FRONTEND = Path.of("frontend").toAbsolutePath();

  @Test
  void aDroppedPartIsSentAgainWithAFreshUrl(TestApp app) throws Exception {
    String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    assumeTrue(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium);
    assumeTrue(Files.isDirectory(FRONTEND.resolve("node_modules/playwright-core")), "npm ci first");
    assumeTrue(app.get("/").body().contains("/assets/"), "the web UI is not built into this build");
    assumeTrue(app.get("/api/videos").statusCode() == 200, "catalog API (issue 4) is not here yet");

    TestUsers.Session user = TestUsers.signUp(app);
    Path out = Path.of("target/e2e").toAbsolutePath();
    Files.createDirectories(out);
    // three parts at the default 8 MiB part size
    Path file = out.resolve("multipart-20mb.mp4");
    byte[] bytes = new byte[20 * 1024 * 1024];
    new Random(6).nextBytes(bytes);
    Files.write(file, bytes);

    Process node =
        new ProcessBuilder(
                "node",
                "e2e/upload-resume.mjs",
                app.baseUrl(),
                user.refreshToken(),
                file.toString(),
                out.toString())
            .directory(FRONTEND.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(180, TimeUnit.SECONDS));
    System.out.println(log);
    assertTrue(log.contains("RESUME OK") && node.exitValue() == 0, log);
  }
}
