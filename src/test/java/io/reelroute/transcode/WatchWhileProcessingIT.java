package io.reelroute.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.Clips;
import io.reelroute.testing.HlsViewer;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.VideoRows;
import io.reelroute.video.LivePlayback;
import io.reelroute.video.VideoKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Watch while processing (issue 13) on the real stack: a 24 s 720p upload plays through the API
 * while it is still PROCESSING (growing EVENT playlists whose segments all fetch), then with the
 * final VOD playlists once READY. Prints time to first playable over the video's duration (a
 * figure, not an assertion), and the encode wall with and without live publishing.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchWhileProcessingIT {

  /** The upload's length; {@code -Dreelroute.watch.seconds=60} for the 60 s figure. */
  private static final double SECONDS =
      Double.parseDouble(System.getProperty("reelroute.watch.seconds", "24"));

  private TestApp app;
  private Path clip;

  @BeforeAll
  void start() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("reelroute.transcode.wait-seconds", "1");
    settings.put("reelroute.upload-events.poll-ms", "250");
    settings.put("reelroute.transcode.progress-interval-ms", "500");
    app = TestApp.start(settings);
    Path clips = app.dataDir().resolve("clips");
    clip = Clips.make(clips, "watch.mp4", 1280, 720, SECONDS, 30, "stereo");
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void playsWhileProcessingThenTheFinalPlaylists() throws Exception {
    String key = VideoRows.awaitingUpload(app.app().infrastructure().dataSource(), "Watch");
    app.app()
        .infrastructure()
        .s3()
        .putObject(
            r -> r.bucket(bucket()).key(VideoKeys.sourceKey(key)).contentType("video/mp4"),
            RequestBody.fromFile(clip));
    long uploaded = System.nanoTime();
    Set<String> refusals = new TreeSet<>();
    List<HlsViewer.Look> live = new ArrayList<>();
    double firstPlayable = -1;
    HlsViewer.Look last = null;
    long deadline = uploaded + Duration.ofSeconds(300).toNanos();
    while (System.nanoTime() < deadline) {
      HlsViewer.Look look = HlsViewer.look(app.baseUrl(), key, false);
      if (look.status() == 200 && !look.processing()) {
        last = look;
        break;
      }
      if (look.status() == 200) {
        if (firstPlayable < 0) {
          firstPlayable = (System.nanoTime() - uploaded) / 1e9;
        }
        live.add(look);
        assertTrue(look.broken().isEmpty(), "a live playlist names missing objects: " + look);
      } else {
        assertEquals(409, look.status(), "before it plays: " + look);
        refusals.add(look.code());
      }
      Thread.sleep(firstPlayable < 0 ? 200 : 1000);
    }
    double ready = (System.nanoTime() - uploaded) / 1e9;
    assertNotNull(last, "READY within 300 s, READY rows: " + readyRows(key));
    assertTrue(refusals.contains("video-processing"), "409 video-processing first: " + refusals);
    assertTrue(
        Set.of("video-processing", "video-not-ready").containsAll(refusals), refusals.toString());
    assertFalse(live.isEmpty(), "played while PROCESSING before READY");
    HlsViewer.Look first = live.get(0);
    assertTrue(first.played(), first.toString());
    assertTrue(
        first.playlistTypes().stream().allMatch(t -> t.startsWith("EVENT")), first.toString());
    assertTrue(last.played(), last.toString());
    assertTrue(last.playlistTypes().stream().allMatch(t -> t.equals("VOD+END")), last.toString());
    HlsViewer.Look whole = HlsViewer.look(app.baseUrl(), key, true);
    assertTrue(whole.played(), "every final segment fetches: " + whole);
    assertEquals(
        1L,
        app.count(
            "SELECT COUNT(*) FROM videos WHERE videoKey = ? AND live_playable_at IS NOT NULL", key),
        "the time it became playable is kept once READY");
    figure(
        "watch-while-processing: %.0f s 720p30 upload, first playable (200, EVENT playlists,"
            + " segments fetch) %.1f s after upload = %.2fx duration; READY %.1f s = %.2fx;"
            + " %d live looks, all whole",
        SECONDS, firstPlayable, firstPlayable / SECONDS, ready, ready / SECONDS, live.size());
  }

  /**
   * The same encode with and without live publishing, alternated (the machine is shared): the
   * uploads must not slow ffmpeg much.
   */
  @Test
  void liveUploadsBarelySlowTheEncode() throws Exception {
    var registry = app.app().camelContext().getRegistry();
    LadderEncoder encoder = registry.lookupByNameAndType("ladderEncoder", LadderEncoder.class);
    Prober prober = registry.lookupByNameAndType("prober", Prober.class);
    LivePlayback live = new LivePlayback(app.app().infrastructure().dataSource());
    LivePublisher publisher =
        new LivePublisher(app.app().infrastructure().s3(), bucket(), live, true, 500);
    List<Double> without = new ArrayList<>();
    List<Double> with = new ArrayList<>();
    // this JVM's CPU (publisher, embedded S3 and database, the app's pollers) during each encode:
    // what the uploads add does not depend on how busy the shared machine is
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    List<Double> cpuWithout = new ArrayList<>();
    List<Double> cpuWith = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (boolean publishing : new boolean[] {round % 2 == 1, round % 2 == 0}) {
        String key = VideoRows.awaitingUpload(app.app().infrastructure().dataSource(), "Bench");
        String claim = "bench/" + round + publishing;
        processing(key, claim);
        Job job = new Job(key, VideoKeys.sourceKey(key));
        job.claim(claim);
        job.dir(Files.createDirectories(app.dataDir().resolve("bench-" + key + "/")));
        Files.createDirectories(job.out());
        Files.copy(clip, job.source());
        Exchange exchange = new DefaultExchange(app.app().camelContext());
        exchange.setProperty(Job.PROPERTY, job);
        prober.probe(exchange);
        long begin = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        if (publishing) {
          publisher.start(exchange);
        }
        encoder.encode(exchange);
        publisher.stop(exchange);
        double wall = (System.nanoTime() - begin) / 1e9;
        (publishing ? with : without).add(wall);
        (publishing ? cpuWith : cpuWithout).add((os.getProcessCpuTime() - cpu) / 1e9);
        if (publishing) {
          // what the live publisher stored is final: publish-outputs leaves it out
          Set<String> stored = job.storedWhileEncoding();
          assertFalse(stored.isEmpty(), "segments stored while encoding");
          for (String relative : stored) {
            long size =
                app.app()
                    .infrastructure()
                    .s3()
                    .headObject(r -> r.bucket(bucket()).key(VideoKeys.outputPrefix(key) + relative))
                    .contentLength();
            assertEquals(Files.size(job.out().resolve(relative)), size, relative);
          }
          assertEquals(
              1L,
              app.count(
                  "SELECT COUNT(*) FROM videos WHERE videoKey = ? AND live_playable_at IS NOT NULL",
                  key),
              "published while encoding");
        }
        Workspaces.deleteTree(job.dir());
      }
    }
    double a = without.stream().mapToDouble(Double::doubleValue).sum() / without.size();
    double b = with.stream().mapToDouble(Double::doubleValue).sum() / with.size();
    figure(
        "live publishing cost: encode of %.0f s 720p30 without %s s, with %s s (mean %.1f vs"
            + " %.1f s, ratio %.3f); CPU of this JVM meanwhile (publisher, embedded S3, pollers)"
            + " without %s s, with %s s",
        SECONDS, fmt(without), fmt(with), a, b, b / a, fmt(cpuWithout), fmt(cpuWith));
    assertTrue(b / a < 3, "sanity: " + without + " vs " + with);
  }

  private void processing(String key, String claim) throws Exception {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE videos SET state = 'PROCESSING', worker_id = ? WHERE videoKey = ?")) {
      s.setString(1, claim);
      s.setString(2, key);
      s.executeUpdate();
    }
  }

  private static String fmt(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
  }

  private String bucket() {
    return app.app().settings().get("reelroute.s3.bucket");
  }

  private long readyRows(String key) {
    return app.count("SELECT COUNT(*) FROM videos WHERE videoKey = ? AND state = 'READY'", key);
  }

  static void figure(String format, Object... args) throws Exception {
    String line = String.format(Locale.ROOT, format, args);
    System.out.println(line);
    Files.writeString(
        Path.of("target/watch-figures.txt"),
        line + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
