package io.reelroute.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.ApiClient;
import io.reelroute.testing.Clips;
import io.reelroute.testing.OtlpReceiver;
import io.reelroute.testing.OtlpReceiver.Span;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.Uploads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tracing in one process (role all) with export to a real OTLP/HTTP receiver, and the complete call
 * enqueuing its upload at once (the poller is slowed down to never run here): the complete request,
 * the SQS message and the transcode job are one trace. The two-process version of this, api and
 * worker in separate JVMs, is {@link TracingIT} (fault suite).
 */
@Tag("integration")
class TracingInProcessIT {

  private static OtlpReceiver receiver;
  private static TestApp app;
  private static Path clips;

  @BeforeAll
  static void start() throws Exception {
    receiver = OtlpReceiver.start();
    Path data = TestApp.newDataDir();
    clips = Files.createDirectories(data.resolve("clips"));
    app =
        TestApp.start(
            data,
            Map.of(
                "reelroute.tracing.otlp-endpoint", receiver.url(),
                "reelroute.upload-events.poll-ms", "600000",
                "reelroute.transcode.rungs", "240:400"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void theCompleteCallEnqueuesAtOnceAndItsTraceReachesTheJob() throws Exception {
    ApiClient api = ApiClient.as(app, TestUsers.signUp(app));
    Path clip = Clips.make(clips, "traced.mp4", 320, 180, 2, 30, "mono");
    String key = Uploads.viaApi(app, api, clip);
    long before = System.nanoTime();
    ApiClient.json(
        api.with(Map.of(RequestIds.HEADER, "complete-" + key))
            .post("/api/upload/" + key + "/complete", Map.of()),
        200);
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(10),
            () ->
                app.count(
                        "SELECT COUNT(*) FROM videos WHERE videoKey = ? AND state <> ?",
                        key,
                        "AWAITING_UPLOAD")
                    == 1),
        "the complete call enqueued the upload (no poller runs)");
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(90),
            () ->
                app.count(
                        "SELECT COUNT(*) FROM videos WHERE videoKey = ? AND state = ?",
                        key,
                        "READY")
                    == 1),
        "READY");
    double seconds = (System.nanoTime() - before) / 1e9;
    // the job's ffmpeg CPU seconds on /observe/metrics (issue 14)
    String metrics = app.get("/observe/metrics").body();
    double cpu =
        metrics
            .lines()
            .filter(l -> l.startsWith("reelroute_transcode_ffmpeg_cpu_seconds_sum"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum();
    assertTrue(metrics.contains("reelroute_transcode_ffmpeg_cpu_seconds_count 1"), "one job");
    assertTrue(cpu > 0, "ffmpeg CPU seconds of the job: " + cpu);
    String[] traceId = new String[1];
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(20),
            () -> {
              traceId[0] =
                  receiver.spans().stream()
                      .filter(s -> s.name().equals("/api/upload/{videoKey}/complete"))
                      .filter(s -> s.attributes().toString().contains(key))
                      .map(Span::traceId)
                      .findFirst()
                      .orElse(null);
              // the job's own span (aws2-sqs) ends last, after the message is deleted
              return traceId[0] != null
                  && receiver.spans().stream()
                      .anyMatch(s -> s.traceId().equals(traceId[0]) && s.name().equals("aws2-sqs"));
            }),
        "the complete call's trace reaches the job's S3 uploads:\n" + receiver.dump());
    List<Span> trace =
        receiver.spans().stream().filter(s -> s.traceId().equals(traceId[0])).toList();
    Set<String> names = trace.stream().map(Span::name).collect(Collectors.toSet());
    for (String expected :
        List.of(
            "/api/upload/{videoKey}/complete",
            "Sqs.SendMessage",
            "aws2-sqs",
            "transcode-video",
            "S3.HeadObject",
            "S3.GetObject",
            "S3.PutObject",
            "Sqs.DeleteMessage")) {
      assertTrue(names.contains(expected), expected + " in " + names);
    }
    assertTrue(names.stream().anyMatch(n -> n.startsWith("UPDATE")), "database spans: " + names);
    assertEquals(1, trace.stream().filter(s -> s.parentSpanId().isEmpty()).count(), "one root");
    System.out.printf(
        "tracing in one process: complete -> READY in %.1f s, trace of %d spans (%d names);"
            + " ffmpeg %.2f CPU s%n",
        seconds, trace.size(), names.size(), cpu);
  }
}
