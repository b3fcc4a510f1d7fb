package io.reelroute.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.Clips;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.VideoRows;
import io.reelroute.transcode.S3Events;
import io.reelroute.video.VideoKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Two recipes of docs/pipeline.md, by configuration alone: the bucket's own S3 event notifications
 * feed the queue instead of the upload-events poller (reelroute.upload-events.enabled=false), and a
 * different ladder (reelroute.transcode.rungs).
 */
class RecipesIT {

  private static TestApp app;
  private static Path clips;

  @BeforeAll
  static void start() throws Exception {
    Path data = TestApp.newDataDir();
    clips = Files.createDirectories(data.resolve("clips"));
    app =
        TestApp.start(
            data,
            Map.of(
                "reelroute.upload-events.enabled", "false",
                "reelroute.transcode.rungs", "360:800,240:400"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void withBucketNotificationsThePollerIsNotLoadedAndTheirEventsRunTheJob() throws Exception {
    assertNull(app.app().camelContext().getRoute("upload-events"), "the poller is not loaded");
    String key = VideoRows.awaitingUpload(app.app().infrastructure().dataSource(), "notified");
    Path clip = Clips.make(clips, "notified.mp4", 640, 360, 2, 30, "stereo");
    String bucket = app.app().settings().get("reelroute.s3.bucket");
    var put =
        app.app()
            .infrastructure()
            .s3()
            .putObject(
                r -> r.bucket(bucket).key(VideoKeys.sourceKey(key)).contentType("video/mp4"),
                RequestBody.fromFile(clip));
    Thread.sleep(2000); // a poller would have noticed it by now
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM videos WHERE videoKey = ? AND state = 'AWAITING_UPLOAD'", key),
        "no poller noticed the upload");
    // what S3 sends for an ObjectCreated notification configured on uploads/ (docs/pipeline.md)
    long size = Files.size(clip);
    var sqs = app.app().infrastructure().sqs();
    String queue =
        sqs.getQueueUrl(r -> r.queueName(app.app().settings().get("reelroute.sqs.queue")))
            .queueUrl();
    sqs.sendMessage(
        r ->
            r.queueUrl(queue)
                .messageBody(
                    S3Events.created(
                        "us-east-1",
                        bucket,
                        VideoKeys.sourceKey(key),
                        size,
                        put.eTag(),
                        Instant.now())));
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(120),
            () ->
                app.count("SELECT COUNT(*) FROM videos WHERE videoKey = ? AND state = 'READY'", key)
                    == 1),
        "the notification ran the job");
    // the configured ladder: 360p and 240p only (the source is 360p), plus the MP4
    assertEquals(
        2, app.count("SELECT COUNT(*) FROM renditions WHERE videoKey = ? AND kind = 'HLS'", key));
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM renditions WHERE videoKey = ? AND kind = 'HLS' AND height = 240",
            key));
  }
}
