package io.reelroute.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.HlsViewer;
import io.reelroute.testing.TestApp;
import io.reelroute.transcode.ffmpeg.HlsPlaylists;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fault injection on the multi-process topology (issue 7): the stack, one api and two workers as
 * separate processes in external mode, real ffmpeg. Each scenario prints its figure ("faultN: ...")
 * to stdout and to target/faults-figures.txt. Run with {@code script/test --faults}.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

  /** Queue visibility timeout of the suite: a job given up by a dead worker returns after it. */
  static final int VISIBILITY = 20;

  private Cluster cluster;
  private Cluster.Node api;
  private final List<Cluster.Node> workers = new CopyOnWriteArrayList<>();
  private Path clips;
  private Path tiny;
  private Path medium;
  private long suiteStart;

  @BeforeAll
  void start() throws Exception {
    suiteStart = System.nanoTime();
    cluster =
        Cluster.start(
            Map.of(
                "reelroute.sqs.visibility-timeout-seconds", Integer.toString(VISIBILITY),
                "reelroute.transcode.wait-seconds", "2",
                "reelroute.transcode.heartbeat-seconds", "2",
                "reelroute.transcode.stale-after-seconds", "10",
                "reelroute.transcode.progress-interval-ms", "300",
                "reelroute.upload-events.poll-ms", "500",
                "reelroute.db.connect-timeout-ms", "2000"));
    api = cluster.launch("api");
    workers.add(cluster.launch("worker"));
    workers.add(cluster.launch("worker"));
    // the clips are made while the processes start
    clips = cluster.dir().resolve("clips");
    tiny = Cluster.clip(clips, "tiny.mp4", 320, 180, 2);
    medium = Cluster.clip(clips, "medium.mp4", 640, 360, 24);
    Cluster.awaitReady(Duration.ofSeconds(240), api, workers.get(0), workers.get(1));
    int keys = cluster.count("SELECT COUNT(*) FROM auth_signing_keys");
    int sealed =
        cluster.count(
            "SELECT COUNT(*) FROM auth_signing_keys WHERE private_jwk LIKE 'aesgcm1:%'"
                + " AND private_jwk NOT LIKE '%\"d\"%'");
    figure(
        "cluster: stack + api + 2 workers ready in %.1f s; %d of %d signing keys sealed with the"
            + " key-encryption key",
        (System.nanoTime() - suiteStart) / 1e9, sealed, keys);
    assertTrue(keys >= 1 && sealed == keys, "signing keys sealed: " + sealed + " of " + keys);
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    figure("fault suite: %.1f s in all", (System.nanoTime() - suiteStart) / 1e9);
  }

  static void figure(String format, Object... args) {
    String line = String.format(java.util.Locale.ROOT, format, args);
    System.out.println(line);
    try {
      java.nio.file.Files.writeString(
          Path.of("target/faults-figures.txt"),
          line + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      // stdout has it
    }
  }

  // ------------------------------------------------------------------ helpers

  private boolean eventually(int seconds, java.util.function.BooleanSupplier condition) {
    return TestApp.eventually(Duration.ofSeconds(seconds), condition);
  }

  /** Waits until the video is PROCESSING with progress stored, i.e. ffmpeg is running. */
  private void awaitTranscoding(String key) {
    assertTrue(
        eventually(
            180,
            () -> {
              Map<String, Object> row = cluster.video(key);
              Object percent = row.get("progress_percent");
              return "PROCESSING".equals(row.get("state"))
                  && percent != null
                  && ((Number) percent).doubleValue() > 0;
            }),
        "transcoding of " + key + " starts: " + cluster.video(key));
  }

  private Map<String, Object> awaitReady(String key, int seconds) {
    assertTrue(
        eventually(seconds, () -> List.of("READY", "FAILED").contains(cluster.state(key))),
        "video " + key + " finishes: " + cluster.video(key));
    Map<String, Object> row = cluster.video(key);
    assertEquals("READY", row.get("state"), "failure: " + row.get("failure_reason"));
    return row;
  }

  private static int attempts(Map<String, Object> row) {
    return ((Number) row.get("attempts")).intValue();
  }

  /**
   * Exactly one complete set of outputs: every object the master and media playlists name exists,
   * plus the fixed files, and nothing else; one rendition row per rung plus the MP4; one email and
   * one notification. Returns the number of objects.
   */
  private int checkOneSetOfOutputs(String key) throws Exception {
    String prefix = "videos/" + key + "/";
    Set<String> listed = new HashSet<>(cluster.objects(prefix));
    Set<String> expected = new HashSet<>();
    for (String fixed :
        List.of(
            "master.m3u8",
            "download.mp4",
            "poster.jpg",
            "thumbnail.jpg",
            "storyboard.jpg",
            "storyboard.vtt")) {
      expected.add(prefix + fixed);
    }
    String master = read(prefix + "master.m3u8");
    List<String> playlists = new ArrayList<>();
    for (String line : master.lines().toList()) {
      if (!line.isBlank() && !line.startsWith("#")) {
        playlists.add(line.strip());
      } else if (line.startsWith("#EXT-X-MEDIA:") && line.contains("URI=\"")) {
        int from = line.indexOf("URI=\"") + 5;
        playlists.add(line.substring(from, line.indexOf('"', from)));
      }
    }
    assertFalse(playlists.isEmpty(), master);
    int rungs = 0;
    for (String playlist : playlists) {
      if (!playlist.contains("/audio/")) {
        rungs++;
      }
      String base = prefix + playlist.substring(0, playlist.lastIndexOf('/') + 1);
      expected.add(prefix + playlist);
      HlsPlaylists.MediaPlaylist media = HlsPlaylists.parseMedia(read(prefix + playlist));
      assertTrue(media.ended(), playlist + " is complete");
      if (media.initUri() != null) {
        expected.add(base + media.initUri());
      }
      media.segments().forEach(s -> expected.add(base + s.uri()));
    }
    assertEquals(expected, listed, "exactly the outputs of one complete attempt");
    assertEquals(
        rungs + 1,
        cluster.count("SELECT COUNT(*) FROM renditions WHERE videoKey = ?", key),
        "one rendition row per rung plus the MP4");
    assertTrue(eventually(15, () -> cluster.mails(key) >= 1), "a ready email");
    assertEquals(1, cluster.mails(key), "one ready email");
    assertEquals(1, cluster.count("SELECT COUNT(*) FROM notifications WHERE videoKey = ?", key));
    return listed.size();
  }

  private String read(String key) {
    return cluster.s3().getObjectAsBytes(r -> r.bucket(cluster.bucket()).key(key)).asUtf8String();
  }

  private Cluster.Node other(Cluster.Node node) {
    return workers.stream().filter(w -> w != node).findFirst().orElseThrow();
  }

  /** The worker holding the video's claim. */
  private Cluster.Node holder(String key) {
    Cluster.Node node = cluster.nodeOf(cluster.claimPid(key));
    assertTrue(node != null && workers.contains(node), "a worker of ours holds " + key);
    return node;
  }

  private int notifications(String key) {
    try {
      return cluster.count("SELECT COUNT(*) FROM notifications WHERE videoKey = ?", key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The worker whose log says it made the video READY (the row's claim is cleared then). */
  private Cluster.Node finisher(String key) {
    return cluster.nodes.stream()
        .filter(n -> n.log().contains("Video " + key + " READY:"))
        .findFirst()
        .orElse(null);
  }

  /**
   * The finisher of a video already READY in the database. The worker writes its log line just
   * after the row turns READY, so the line may lag the row by a moment: wait for it.
   */
  private Cluster.Node finisherOfReady(String key) {
    eventually(15, () -> finisher(key) != null);
    return finisher(key);
  }

  private void replace(Cluster.Node dead) throws Exception {
    workers.remove(dead);
    workers.add(cluster.start("worker"));
  }

  // ------------------------------------------------------------------ scenarios

  @Test
  @Order(1)
  void fault1_killMinus9MidTranscode() throws Exception {
    String key = cluster.upload("fault1", medium);
    awaitTranscoding(key);
    Cluster.Node victim = holder(key);
    Cluster.Node survivor = other(victim);
    long killedAt = System.nanoTime();
    victim.kill9();
    Map<String, Object> row = awaitReady(key, 240);
    double seconds = (System.nanoTime() - killedAt) / 1e9;
    assertEquals(survivor, finisherOfReady(key), "finished by the other worker");
    assertEquals(2, attempts(row));
    int objects = checkOneSetOfOutputs(key);
    figure(
        "fault1: kill -9 of the transcoding worker -> READY through the other worker %.1f s later"
            + " (visibility timeout %d s), attempts 2, 1 set of outputs (%d objects), 1 email",
        seconds, VISIBILITY, objects);
    replace(victim);
  }

  @Test
  @Order(2)
  void fault2_twentyUploadsWithTwoRandomKillsAndRestarts() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add(cluster.upload("fault2-" + i, tiny));
    }
    long begin = System.nanoTime();
    List<String> kills = new CopyOnWriteArrayList<>();
    Thread chaos =
        new Thread(
            () -> {
              try {
                for (int k = 0; k < 2; k++) {
                  Thread.sleep(ThreadLocalRandom.current().nextLong(2000, 8000));
                  Cluster.Node victim =
                      workers.get(ThreadLocalRandom.current().nextInt(workers.size()));
                  victim.kill9();
                  kills.add(
                      String.format(
                          java.util.Locale.ROOT,
                          "%s at %.1f s",
                          victim.name,
                          (System.nanoTime() - begin) / 1e9));
                  replace(victim);
                }
              } catch (Exception e) {
                kills.add("chaos failed: " + e);
              }
            },
            "chaos");
    chaos.start();
    eventually(
        300,
        () -> keys.stream().allMatch(k -> List.of("READY", "FAILED").contains(cluster.state(k))));
    double seconds = (System.nanoTime() - begin) / 1e9;
    chaos.join(TimeUnit.SECONDS.toMillis(200));
    // a worker killed between READY and the notification leaves the event to the others' sweep
    long notifyBegin = System.nanoTime();
    boolean allNotified =
        eventually(
            60,
            () ->
                keys.stream()
                    .filter(k -> "READY".equals(cluster.state(k)))
                    .allMatch(k -> notifications(k) >= 1));
    double notifySeconds = (System.nanoTime() - notifyBegin) / 1e9;
    int ready = 0;
    int duplicated = 0;
    int unnotified = 0;
    int stuck = 0;
    int lost = 0;
    List<String> problems = new ArrayList<>();
    for (String key : keys) {
      String state = cluster.state(key);
      if ("READY".equals(state)) {
        ready++;
        int renditions = cluster.count("SELECT COUNT(*) FROM renditions WHERE videoKey = ?", key);
        int notifications = notifications(key);
        if (notifications == 0) {
          unnotified++;
          problems.add(key + " READY without a notification");
        } else if (renditions != 2 || notifications != 1 || cluster.mails(key) > 1) {
          duplicated++;
          problems.add(key + " renditions=" + renditions + " notifications=" + notifications);
        }
      } else if (List.of("UPLOADED", "PROCESSING").contains(state)) {
        stuck++;
        problems.add(key + " " + cluster.video(key));
      } else {
        lost++;
        problems.add(key + " " + cluster.video(key));
      }
    }
    figure(
        "fault2: %d READY, %d lost, %d duplicated, %d stuck, %d without notification (20 uploads,"
            + " 2 workers, kill -9 + restart of %s; all done in %.1f s, every notification %.1f s"
            + " after that)",
        ready, lost, duplicated, stuck, unnotified, kills, seconds, notifySeconds);
    assertTrue(allNotified, "every READY video notified: " + problems);
    assertEquals(List.of(), problems);
    assertEquals(2, kills.size(), kills.toString());
    assertTrue(kills.stream().noneMatch(k -> k.startsWith("chaos failed")), kills.toString());
    assertEquals(20, ready);
  }

  @Test
  @Order(3)
  void fault4_s3UnreachableWhileUploadingOutputs() throws Exception {
    Path clip = Cluster.clip(clips, "s3.mp4", 320, 180, 16);
    // cut S3 for the workers at the 8th output object they PUT: some outputs are already there
    cluster.s3Proxy.cutAtRequest("PUT /" + cluster.bucket() + "/videos/", 8);
    String key = cluster.upload("fault4", clip);
    assertTrue(eventually(180, cluster.s3Proxy::isCut), "the worker reached the output uploads");
    long cutAt = System.nanoTime();
    List<String> seenDuringCut = new ArrayList<>();
    int partial = 0;
    while (System.nanoTime() - cutAt < TimeUnit.SECONDS.toNanos(10)) {
      String state = cluster.state(key);
      if (!seenDuringCut.contains(state)) {
        seenDuringCut.add(state);
      }
      partial = Math.max(partial, cluster.objects("videos/" + key + "/").size());
      Thread.sleep(200);
    }
    cluster.s3Proxy.restore();
    assertFalse(seenDuringCut.contains("READY"), "never READY while S3 is away");
    Map<String, Object> row = awaitReady(key, 180);
    double seconds = (System.nanoTime() - cutAt) / 1e9;
    assertTrue(attempts(row) >= 2, "retried: " + row);
    int objects = checkOneSetOfOutputs(key);
    figure(
        "fault4: S3 cut for 10 s at the worker's 8th output PUT (%d partial objects left):"
            + " states while cut %s, never a partial READY; retried -> READY %.1f s after the cut,"
            + " attempts %d, outputs complete (%d objects)",
        partial, seenDuringCut, seconds, attempts(row), objects);
  }

  @Test
  @Order(4)
  void fault3_databaseStoppedFor20Seconds() throws Exception {
    List<String> keys =
        List.of(cluster.upload("fault3-a", medium), cluster.upload("fault3-b", medium));
    awaitTranscoding(keys.get(0));
    HttpResponse<String> before = get(api.url() + "/api/videos");
    assertEquals(200, before.statusCode(), before.body());
    cluster.stack().stack().stopDatabase();
    long stoppedAt = System.nanoTime();
    int answers = 0;
    int unavailable = 0;
    int cached = 0;
    int other = 0;
    boolean readinessDown = false;
    List<String> wrong = new ArrayList<>();
    String anyKey = keys.get(1);
    try {
      while (System.nanoTime() - stoppedAt < TimeUnit.SECONDS.toNanos(20)) {
        for (String path : List.of("/api/videos", "/api/videos/" + anyKey)) {
          HttpResponse<String> r = get(api.url() + path);
          answers++;
          if (r.statusCode() == 503) {
            unavailable++;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")
                || r.headers().firstValue("Retry-After").isEmpty()
                || r.body().contains("\tat ")
                || r.body().contains("Exception")) {
              wrong.add(path + " " + type + " " + r.headers().map() + " " + r.body());
            }
          } else if ((r.statusCode() == 200 || r.statusCode() == 404)
              && System.nanoTime() - stoppedAt < TimeUnit.SECONDS.toNanos(2)) {
            cached++; // the catalog's 1 s page cache
          } else {
            other++;
            wrong.add(path + " " + r.statusCode() + " " + r.body());
          }
        }
        HttpResponse<String> ready = get(api.url() + "/observe/health/ready");
        if (ready.statusCode() == 503 && ready.body().contains("DOWN")) {
          readinessDown = true;
        }
      }
    } finally {
      cluster.stack().stack().restartDatabase();
    }
    long restartedAt = System.nanoTime();
    assertTrue(eventually(60, () -> get(api.url() + "/api/videos").statusCode() == 200));
    double apiBack = (System.nanoTime() - restartedAt) / 1e9;
    assertTrue(eventually(60, () -> api.ready() && workers.stream().allMatch(w -> w.ready())));
    double readyBack = (System.nanoTime() - restartedAt) / 1e9;
    int finished = 0;
    List<Integer> attempts = new ArrayList<>();
    for (String key : keys) {
      Map<String, Object> row = awaitReady(key, 240);
      attempts.add(attempts(row));
      checkOneSetOfOutputs(key);
      finished++;
    }
    double allDone = (System.nanoTime() - restartedAt) / 1e9;
    figure(
        "fault3: database stopped 20 s: %d api answers, %d x 503 problem+json with Retry-After,"
            + " %d cached answers, %d other (0 x 500), readiness DOWN %s; after the restart the api"
            + " answered 200 in %.1f s, all processes ready in %.1f s, %d/2 interrupted jobs READY"
            + " (attempts %s) %.1f s after the restart, no process restarted",
        answers,
        unavailable,
        cached,
        other,
        readinessDown,
        apiBack,
        readyBack,
        finished,
        attempts,
        allDone);
    assertEquals(List.of(), wrong);
    assertTrue(unavailable > 0);
    assertTrue(readinessDown, "readiness DOWN while the database is away");
  }

  @Test
  @Order(5)
  void fault5_sigtermMidJob() throws Exception {
    // long enough that SIGTERM lands while ffmpeg runs (the release path), on a quiet machine too
    Path longer = Cluster.clip(clips, "longer.mp4", 640, 360, 60);
    String key = cluster.upload("fault5", longer);
    awaitTranscoding(key);
    Cluster.Node stopping = holder(key);
    Cluster.Node survivor = other(stopping);
    double percentAtTerm = ((Number) cluster.video(key).get("progress_percent")).doubleValue();
    long termAt = System.nanoTime();
    stopping.term();
    // a job that arrives while it stops must go to the other worker
    String late = cluster.upload("fault5-late", tiny);
    assertTrue(stopping.process.waitFor(60, TimeUnit.SECONDS), "the worker exits");
    double exitSeconds = (System.nanoTime() - termAt) / 1e9;
    String log = stopping.log();
    boolean finished = finisher(key) == stopping;
    double takenOver = -1;
    if (!finished) {
      // released: another worker has it well before the visibility timeout
      assertTrue(
          eventually(
              VISIBILITY,
              () -> cluster.claimPid(key) == survivor.pid() || finisher(key) == survivor),
          "taken over before the visibility timeout: " + cluster.video(key));
      takenOver = (System.nanoTime() - termAt) / 1e9;
      assertTrue(log.contains("released to the queue at once"), Cluster.tail(log));
    }
    Map<String, Object> row = awaitReady(key, 180);
    assertEquals(finished ? stopping : survivor, finisherOfReady(key));
    assertEquals(finished ? 1 : 2, attempts(row));
    checkOneSetOfOutputs(key);
    awaitReady(late, 120);
    assertEquals(survivor, finisherOfReady(late), "the stopping worker took no new job");
    assertEquals(1, attempts(cluster.video(late)));
    if (finished) {
      figure(
          "fault5: SIGTERM mid-job (at %.0f %%) -> the running job finished on the stopping worker"
              + " (graceful stop), which then exited %.1f s after SIGTERM; a job uploaded after"
              + " SIGTERM went to the other worker; READY, 1 set of outputs",
          percentAtTerm, exitSeconds);
    } else {
      figure(
          "fault5: SIGTERM mid-job (at %.0f %%) -> the job was released at once (visibility 0) and"
              + " taken over by the other worker %.1f s after SIGTERM (visibility timeout %d s);"
              + " the worker exited in %.1f s; a job uploaded after SIGTERM went to the other"
              + " worker; READY, attempts 2, 1 set of outputs",
          percentAtTerm, takenOver, VISIBILITY, exitSeconds);
      assertTrue(takenOver < VISIBILITY - 5, "well before the visibility timeout: " + takenOver);
    }
    if (log.contains("received while stopping")) {
      figure(
          "fault5: the stopping worker's last long poll returned a message; it was released at"
              + " once, not after the visibility timeout");
    }
    workers.remove(stopping);
  }

  @Test
  @Order(6)
  void fault6_killMinus9WhileAViewerWatchesAProcessingVideo() throws Exception {
    while (workers.size() < 2) {
      workers.add(cluster.start("worker"));
    }
    Path clip = Cluster.clip(clips, "watch.mp4", 640, 360, 40);
    String key = cluster.upload("fault6", clip);
    assertTrue(
        eventually(180, () -> HlsViewer.look(api.url(), key, false).processing()),
        "plays while processing: " + cluster.video(key));
    Cluster.Node victim = holder(key);
    // a viewer keeps asking, as a player does, through the kill, the retry and READY
    HlsViewer.Watching viewer = HlsViewer.watch(api.url(), key, 250);
    List<HlsViewer.Look> looks = viewer.looks();
    int before = looks.size();
    victim.kill9();
    int atKill = looks.size();
    Map<String, Object> row = awaitReady(key, 240);
    assertTrue(
        eventually(
            10,
            () ->
                !looks.isEmpty()
                    && looks.get(looks.size() - 1).status() == 200
                    && !looks.get(looks.size() - 1).processing()));
    viewer.close();
    List<HlsViewer.Look> broken = looks.stream().filter(l -> !l.broken().isEmpty()).toList();
    assertTrue(broken.isEmpty(), "never a playlist naming missing segments: " + broken);
    List<HlsViewer.Look> after = looks.subList(Math.max(before, atKill), looks.size());
    assertTrue(
        after.stream().anyMatch(l -> "video-processing".equals(l.code())),
        "processing again while the retry starts over");
    assertTrue(
        after.stream().allMatch(l -> l.status() == 200 || l.status() == 409), after.toString());
    HlsViewer.Look last = looks.get(looks.size() - 1);
    assertTrue(
        last.played() && last.playlistTypes().stream().allMatch("VOD+END"::equals),
        last.toString());
    assertEquals(2, attempts(row));
    int objects = checkOneSetOfOutputs(key);
    long live = looks.stream().filter(l -> l.status() == 200 && l.processing()).count();
    long processing = looks.stream().filter(l -> "video-processing".equals(l.code())).count();
    figure(
        "fault6: kill -9 of the worker while a viewer watched the processing video (%d looks:"
            + " %d live 200s, %d video-processing 409s, 0 playlists naming missing segments);"
            + " the retry started clean, READY with 1 set of outputs (%d objects)",
        looks.size(), live, processing, objects);
    replace(victim);
  }

  private static HttpResponse<String> get(String url) {
    try {
      return TestApp.http()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
