package io.reelroute.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.reelroute.testing.Clips;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole product in a real browser (issue 6): frontend/e2e/run.mjs drives Debian's Chromium
 * headless through playwright-core against this app on the embedded stack, and asks this test for
 * the emailed confirmation code, which it reads from GreenMail. Screenshots: target/e2e/.
 */
@IntegrationTest
class BrowserE2EIT {

  private static final Path FRONTEND = Path.of("frontend").toAbsolutePath();
  private static final Pattern CODE = Pattern.compile("(?<![\\d#])(\\d{6,10})(?!\\d)");

  @Test
  void signUpUploadWaitForReadyAndPlay(TestApp app) throws Exception {
    String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    assumeTrue(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium);
    assumeTrue(
        Files.isDirectory(FRONTEND.resolve("node_modules/playwright-core")),
        "front-end packages not installed (script/bootstrap)");
    assumeTrue(app.get("/").body().contains("/assets/"), "the web UI is not built into this build");
    // identity, catalog and the pipeline are separate work streams: skip until they are merged
    assumeTrue(app.get("/api/me").statusCode() == 401, "identity API (issue 3) is not here yet");
    assumeTrue(app.get("/api/videos").statusCode() == 200, "catalog API (issue 4) is not here yet");
    assumeTrue(
        app.app().camelContext().getRoute("transcode") != null,
        "transcode pipeline (issue 5) is not here yet");

    Path out = Path.of("target/e2e").toAbsolutePath();
    Files.createDirectories(out);
    Path clip = out.resolve("clip-10s.mp4");
    Clips.ffmpeg(
        out,
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=1280x720:rate=30:duration=10",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=330:duration=10",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-b:v",
        "6M",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        clip.toString());

    // issue 15: the admin of reelroute.admin.emails takes the reported video down in the browser
    TestUsers.admin(app);
    ProcessBuilder builder =
        new ProcessBuilder("node", "e2e/run.mjs", app.baseUrl(), clip.toString(), out.toString())
            .directory(FRONTEND.toFile())
            .redirectErrorStream(true);
    builder.environment().put("E2E_ADMIN_EMAIL", TestUsers.ADMIN_EMAIL);
    builder.environment().put("E2E_ADMIN_PASSWORD", TestUsers.ADMIN_PASSWORD);
    Process node = builder.start();
    List<String> log = new ArrayList<>();
    boolean ok = false;
    try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        Writer writer = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.add(line);
        System.out.println("[e2e] " + line);
        if (line.startsWith("NEED_CODE ")) {
          writer.write(codeFor(app, line.substring("NEED_CODE ".length()).strip()) + "\n");
          writer.flush();
        } else if (line.equals("E2E OK")) {
          ok = true;
        }
      }
    }
    assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the browser test ended");
    Files.write(out.resolve("e2e.log"), log);
    assertTrue(ok, "browser test failed:\n" + String.join("\n", log));
    assertEquals(0, node.exitValue());
    assertTrue(
        log.stream().anyMatch(l -> l.startsWith("MODERATION ")),
        "the moderation walk (report, takedown, owner sees the reason) ran");
    for (String shot :
        List.of("home.png", "upload.png", "watch.png", "moderation.png", "takedown.png")) {
      assertTrue(Files.size(out.resolve(shot)) > 1000, shot);
    }
  }

  /** The newest confirmation code mailed to this address (waits for the mail). */
  private static String codeFor(TestApp app, String email) {
    String[] code = {null};
    TestApp.eventually(
        Duration.ofSeconds(30),
        () -> {
          MimeMessage[] messages = app.app().stack().mail().getReceivedMessages();
          for (int i = messages.length - 1; i >= 0 && code[0] == null; i--) {
            try {
              boolean toThem =
                  Arrays.stream(messages[i].getRecipients(Message.RecipientType.TO))
                      .anyMatch(a -> a.toString().contains(email));
              if (toThem) {
                Matcher m = CODE.matcher(GreenMailUtil.getBody(messages[i]));
                if (m.find()) {
                  code[0] = m.group(1);
                }
              }
            } catch (Exception e) {
              // not this one
            }
          }
          return code[0] != null;
        });
    if (code[0] == null) {
      throw new AssertionError("no confirmation code was mailed to " + email);
    }
    return code[0];
  }
}
