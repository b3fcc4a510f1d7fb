package io.reelroute.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.reelroute.config.ExtensionRoutes;
import io.reelroute.testing.Clips;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.VideoRows;
import io.reelroute.video.VideoKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The shipped extension examples in one process of their own (all roles, so it publishes every
 * event itself), on real uploads: examples/routes/log-ready.camel.yaml logs each READY video, and
 * examples/routes/require-sound.camel.yaml, a stage inside the pipeline, refuses a silent video
 * with its reason while a video with sound goes on to READY.
 */
class PipelineExtensionsIT {

  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static TestApp app;
  private static Path clips;

  @BeforeAll
  static void start() throws Exception {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    Path data = TestApp.newDataDir();
    Path extensions = Files.createDirectories(data.resolve("extensions"));
    for (String example : List.of("log-ready.camel.yaml", "require-sound.camel.yaml")) {
      Files.copy(Path.of("examples/routes", example), extensions.resolve(example));
    }
    clips = Files.createDirectories(data.resolve("clips"));
    app =
        TestApp.start(
            data,
            Map.of(
                ExtensionRoutes.SETTING,
                extensions.toString(),
                "reelroute.upload-events.poll-ms",
                "300"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    LOGS.stop();
  }

  @Test
  void aVideoWithSoundIsReadyAndTheSubscriberLogsIt() throws Exception {
    String key = upload("with sound", Clips.make(clips, "sound.mp4", 320, 240, 2, 30, "stereo"));
    assertEquals("READY", awaitFinal(key));
    String expected = "extension saw READY " + key;
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(15), () -> logged(expected)),
        "no INFO line '" + expected + "'");
  }

  @Test
  void theStageAfterProbingRefusesASilentVideoWithItsReason() throws Exception {
    String key = upload("silent", Clips.make(clips, "silent.mp4", 320, 240, 2, 30, null));
    assertEquals("FAILED", awaitFinal(key));
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM videos WHERE videoKey = ?"
                + " AND failure_reason = 'This site only accepts videos with sound.'"
                + " AND attempts = 1",
            key),
        "refused once, with the extension's reason");
    assertEquals(
        0,
        app.count("SELECT COUNT(*) FROM renditions WHERE videoKey = ?", key),
        "nothing was encoded");
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(15),
            () ->
                app.count(
                        "SELECT COUNT(*) FROM notifications WHERE videoKey = ?"
                            + " AND kind = 'VIDEO_FAILED'",
                        key)
                    == 1),
        "the owner is told");
    assertTrue(!logged("extension saw READY " + key));
  }

  private static String upload(String title, Path file) throws Exception {
    String key = VideoRows.awaitingUpload(app.app().infrastructure().dataSource(), title);
    app.app()
        .infrastructure()
        .s3()
        .putObject(
            r ->
                r.bucket(app.app().settings().get("reelroute.s3.bucket"))
                    .key(VideoKeys.sourceKey(key))
                    .contentType("video/mp4"),
            RequestBody.fromFile(file));
    return key;
  }

  private static String awaitFinal(String key) {
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(120),
            () ->
                app.count(
                        "SELECT COUNT(*) FROM videos WHERE videoKey = ?"
                            + " AND state IN ('READY', 'FAILED')",
                        key)
                    == 1),
        "video " + key + " never finished");
    return app.count("SELECT COUNT(*) FROM videos WHERE videoKey = ? AND state = 'READY'", key) == 1
        ? "READY"
        : "FAILED";
  }

  private static boolean logged(String message) {
    synchronized (LOGS) {
      return List.copyOf(LOGS.list).stream()
          .anyMatch(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().equals(message));
    }
  }
}
