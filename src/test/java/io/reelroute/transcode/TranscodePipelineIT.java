package io.reelroute.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.Clips;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.transcode.ffmpeg.HlsPlaylists;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole pipeline on the embedded stack with real ffmpeg: upload → upload-events → SQS →
 * transcode → S3 → MySQL → email and notification. Clips are generated with lavfi and kept small.
 * Has its own app (short visibility timeout and heartbeats so retries happen within seconds).
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranscodePipelineIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  private static final AtomicInteger USERS = new AtomicInteger();

  private TestApp app;
  private Path clips;
  private final Map<String, String> keys = new HashMap<>();

  @BeforeAll
  void start() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("reelroute.sqs.visibility-timeout-seconds", "6");
    settings.put("reelroute.transcode.wait-seconds", "1");
    settings.put("reelroute.transcode.heartbeat-seconds", "1");
    settings.put("reelroute.transcode.stale-after-seconds", "4");
    settings.put("reelroute.transcode.progress-interval-ms", "500");
    settings.put("reelroute.transcode.concurrency", "2");
    settings.put("reelroute.transcode.max-duration-seconds", "30");
    settings.put("reelroute.transcode.event-sweep-seconds", "1");
    app = TestApp.start(settings);
    clips = app.dataDir().resolve("clips");
    Files.createDirectories(clips);
    // the media cases are uploaded together so the two consumers work on them in parallel
    upload("landscape720", Clips.make(clips, "l720.mp4", 1280, 720, 3, 30, "mono"));
    upload("portrait", Clips.make(clips, "portrait.mp4", 1080, 1920, 2, 30, "5.1"));
    Path plain = Clips.make(clips, "plain.mp4", 320, 240, 3, 30, "stereo");
    Path rotated = clips.resolve("rotated.mp4");
    Clips.ffmpeg(
        clips,
        "-i",
        plain.toString(),
        "-c",
        "copy",
        "-metadata:s:v:0",
        "rotate=90",
        rotated.toString());
    upload("rotated", rotated);
    upload("silent", Clips.make(clips, "silent.mp4", 320, 240, 2, 25, null));
    upload("odd", Clips.make(clips, "odd.mp4", 853, 479, 2, 30, "mono"));
    Path vfr = clips.resolve("vfr.mp4");
    Clips.ffmpeg(
        clips,
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=30:duration=3",
        "-vf",
        "select='not(mod(n\\,3))+between(t\\,1\\,2)'",
        "-fps_mode",
        "vfr",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        vfr.toString());
    upload("vfr", vfr);
    Path whole = Clips.make(clips, "whole.mp4", 320, 240, 3, 30, "stereo");
    byte[] bytes = Files.readAllBytes(whole);
    Path corrupt = clips.resolve("corrupt.mp4");
    Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    upload("corrupt", corrupt);
    Path empty = clips.resolve("empty.mp4");
    Files.write(empty, new byte[0]);
    upload("empty", empty);
    Path text = clips.resolve("notes.mp4");
    Files.writeString(text, "These are my holiday notes, not a video.\n".repeat(20));
    upload("text", text);
    Path longClip = clips.resolve("long.mp4");
    Clips.ffmpeg(
        clips,
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=64x64:rate=2:duration=31",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        longClip.toString());
    upload("long", longClip);
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static String newKey() {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return key.toString();
  }

  private S3Client s3() {
    return app.app().infrastructure().s3();
  }

  private String bucket() {
    return app.app().settings().get("reelroute.s3.bucket");
  }

  private Connection db() throws Exception {
    return app.app().infrastructure().dataSource().getConnection();
  }

  /** A user and a video row AWAITING_UPLOAD, as the catalog's POST /api/upload would make. */
  private String createVideo(String name) throws Exception {
    return createVideo(name, null);
  }

  private String createVideo(String name, TestUsers.Session owner) throws Exception {
    String key = newKey();
    String email =
        owner != null
            ? owner.email()
            : "owner" + USERS.incrementAndGet() + "-" + key + "@example.test";
    try (Connection c = db()) {
      long userId = owner != null ? owner.userId() : insertUser(c, email, name);
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO videos (videoKey, displayName, email, owner_id, state, source_key)"
                  + " VALUES (?, ?, ?, ?, 'AWAITING_UPLOAD', CONCAT('uploads/', ?, '/source'))")) {
        s.setString(1, key);
        s.setString(2, name);
        s.setString(3, email);
        s.setLong(4, userId);
        s.setString(5, key);
        s.executeUpdate();
      }
    }
    return key;
  }

  private static long insertUser(Connection c, String email, String name) throws Exception {
    return io.reelroute.testing.VideoRows.user(c, email, "Owner " + name);
  }

  private String upload(String name, Path file) throws Exception {
    return upload(name, file, null);
  }

  private String upload(String name, Path file, TestUsers.Session owner) throws Exception {
    String key = createVideo(name, owner);
    s3().putObject(
            r -> r.bucket(bucket()).key("uploads/" + key + "/source").contentType("video/mp4"),
            RequestBody.fromFile(file));
    keys.put(name, key);
    return key;
  }

  private Map<String, Object> video(String key) {
    try (Connection c = db();
        PreparedStatement s = c.prepareStatement("SELECT * FROM videos WHERE videoKey = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Map.of();
        }
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
          row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
        }
        return row;
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String state(String key) {
    Object state = video(key).get("state");
    return state == null ? "GONE" : state.toString();
  }

  private Map<String, Object> awaitFinal(String key, Duration timeout) {
    assertTrue(
        TestApp.eventually(timeout, () -> List.of("READY", "FAILED").contains(state(key))),
        "video " + key + " never finished: " + video(key));
    return video(key);
  }

  private boolean published(String eventId) {
    try {
      return count("SELECT COUNT(*) FROM events WHERE id = ? AND published_at IS NOT NULL", eventId)
          == 1;
    } catch (Exception e) {
      return false;
    }
  }

  private int count(String sql, Object... params) throws Exception {
    try (Connection c = db();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** Copies videos/{key}/ from S3 into a local directory for ffprobe. */
  private Path fetchOutputs(String key) throws Exception {
    Path dir = Files.createTempDirectory(clips, key + "-");
    String prefix = "videos/" + key + "/";
    for (var object :
        s3().listObjectsV2Paginator(r -> r.bucket(bucket()).prefix(prefix)).contents()) {
      Path target = dir.resolve(object.key().substring(prefix.length()));
      Files.createDirectories(target.getParent());
      s3().getObject(r -> r.bucket(bucket()).key(object.key()), ResponseTransformer.toFile(target));
    }
    return dir;
  }

  private List<MimeMessage> mailTo(String key) throws Exception {
    String email = (String) video(key).get("email");
    List<MimeMessage> mails = new ArrayList<>();
    for (MimeMessage message : app.app().stack().mail().getReceivedMessages()) {
      if (message.getAllRecipients()[0].toString().equals(email)) {
        mails.add(message);
      }
    }
    return mails;
  }

  private static String text(MimeMessage message) throws Exception {
    return message.getContent().toString();
  }

  /** Checks a READY video's outputs; returns the output dir. */
  private Path checkReady(String key, double sourceSeconds, List<String> expectedSizes)
      throws Exception {
    Map<String, Object> row = awaitFinal(key, Duration.ofSeconds(240));
    assertEquals("READY", row.get("state"), "failure: " + row.get("failure_reason"));
    assertEquals(Boolean.TRUE, asBool(row.get("isTranscoded")));
    assertEquals(sourceSeconds, ((Number) row.get("duration_seconds")).doubleValue(), 0.5);
    Path out = fetchOutputs(key);
    String master = Files.readString(out.resolve("master.m3u8"));
    List<String> variantUris =
        master.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    List<String> sizes = new ArrayList<>();
    List<List<String>> keyframes = new ArrayList<>();
    for (String line : master.lines().toList()) {
      if (line.startsWith("#EXT-X-STREAM-INF:")) {
        for (String attribute :
            List.of("BANDWIDTH=", "AVERAGE-BANDWIDTH=", "RESOLUTION=", "CODECS=", "FRAME-RATE=")) {
          assertTrue(line.contains(attribute), attribute + " in " + line);
        }
        sizes.add(HlsPlaylists.attributeOf(line, "RESOLUTION"));
      }
    }
    assertEquals(expectedSizes, sizes, master);
    for (String uri : variantUris) {
      Path playlist = out.resolve(uri);
      HlsPlaylists.MediaPlaylist media = HlsPlaylists.parseMedia(Files.readString(playlist));
      assertTrue(media.ended());
      assertTrue(media.maxSegmentSeconds() <= 6.05, "segments of at most 6 s");
      assertEquals(sourceSeconds, media.durationSeconds(), 0.5, uri);
      assertEquals(sourceSeconds, Clips.duration(playlist), 0.5, uri + " by ffprobe");
      String size = Clips.probe(playlist, "stream=width,height", "-select_streams", "v:0");
      // an HLS input lists its stream twice (program and stream): the first line is enough
      assertEquals(
          sizes.get(variantUris.indexOf(uri)),
          size.lines().findFirst().orElse("").replace(",", "x"));
      keyframes.add(Clips.keyframes(playlist));
    }
    for (List<String> frames : keyframes) {
      assertEquals(keyframes.get(0), frames, "keyframes aligned across rungs");
    }
    if (master.contains("TYPE=AUDIO")) {
      Path audio = out.resolve("hls/audio/index.m3u8");
      assertEquals(
          "2",
          Clips.probe(audio, "stream=channels", "-select_streams", "a:0")
              .lines()
              .findFirst()
              .orElse(""));
      assertEquals(sourceSeconds, Clips.duration(audio), 0.5);
    }
    // download.mp4: fast start (moov before mdat) and about as long as the source
    Path mp4 = out.resolve("download.mp4");
    String head = new String(Files.readAllBytes(mp4), 0, 4096, StandardCharsets.ISO_8859_1);
    assertTrue(
        head.indexOf("moov") > 0 && head.indexOf("moov") < Math.max(head.indexOf("mdat"), 4096));
    assertEquals(sourceSeconds, Clips.duration(mp4), 0.5);
    for (String image : List.of("poster.jpg", "thumbnail.jpg", "storyboard.jpg")) {
      assertTrue(Files.size(out.resolve(image)) > 500, image);
    }
    String vtt = Files.readString(out.resolve("storyboard.vtt"));
    assertTrue(vtt.startsWith("WEBVTT") && vtt.contains("storyboard.jpg#xywh="), vtt);
    assertEquals(
        variantUris.size() + 1,
        count("SELECT COUNT(*) FROM renditions WHERE videoKey = ?", key),
        "one rendition row per rung plus the MP4");
    // one email with the link, one notification
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(10), () -> mailCount(key) == 1), "one ready email");
    MimeMessage mail = mailTo(key).get(0);
    assertTrue(mail.getSubject().contains("is ready"), mail.getSubject());
    assertTrue(text(mail).contains("/watch/" + key), text(mail));
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM notifications WHERE videoKey = ? AND kind = 'VIDEO_READY'"
                + " AND read_at IS NULL",
            key));
    return out;
  }

  private int mailCount(String key) {
    try {
      return mailTo(key).size();
    } catch (Exception e) {
      return -1;
    }
  }

  private static Boolean asBool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    return value != null && ((Number) value).intValue() == 1;
  }

  private void checkFailed(String name, String reasonContains) throws Exception {
    String key = keys.get(name);
    Map<String, Object> row = awaitFinal(key, Duration.ofSeconds(120));
    assertEquals("FAILED", row.get("state"));
    assertEquals(Boolean.FALSE, asBool(row.get("isTranscoded")));
    String reason = (String) row.get("failure_reason");
    assertNotNull(reason);
    assertTrue(reason.contains(reasonContains), reason);
    assertEquals(1, ((Number) row.get("attempts")).intValue(), "poison fails once, no retry");
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(10), () -> mailCount(key) == 1), "one failed email");
    MimeMessage mail = mailTo(key).get(0);
    assertTrue(mail.getSubject().contains("could not be processed"), mail.getSubject());
    assertTrue(text(mail).contains(reason), text(mail));
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM notifications WHERE videoKey = ? AND kind = 'VIDEO_FAILED'",
            key));
    assertEquals(
        0,
        s3().listObjectsV2(r -> r.bucket(bucket()).prefix("videos/" + key + "/")).keyCount(),
        "no outputs of a failed video");
  }

  // ---------------------------------------------------------------- media cases

  @Test
  void landscape720pGetsTheLadderUpTo720WithEverything() throws Exception {
    String key = keys.get("landscape720");
    Path out = checkReady(key, 3, List.of("1280x720", "854x480", "640x360", "426x240"));
    String master = Files.readString(out.resolve("master.m3u8"));
    assertTrue(master.contains("CODECS=\"avc1.64"), master);
    assertTrue(master.contains(",mp4a.40.2\""), master);
    assertTrue(master.contains("FRAME-RATE=30.000"), master);
    assertEquals(1, count("SELECT COUNT(*) FROM upload_events WHERE videoKey = ?", key));
    Map<String, Object> row = video(key);
    assertEquals(1280, ((Number) row.get("width")).intValue());
    assertEquals(720, ((Number) row.get("height")).intValue());
    assertEquals(1, ((Number) row.get("attempts")).intValue(), "enqueued and run exactly once");
    assertEquals(
        "1280x720",
        Clips.probe(out.resolve("download.mp4"), "stream=width,height", "-select_streams", "v:0")
            .replace(",", "x"));
    assertEquals("1280,720", Clips.probe(out.resolve("poster.jpg"), "stream=width,height"));
    assertEquals("320,180", Clips.probe(out.resolve("thumbnail.jpg"), "stream=width,height"));
    assertEquals("480,90", Clips.probe(out.resolve("storyboard.jpg"), "stream=width,height"));
  }

  @Test
  void portraitStaysPortraitAnd51AudioBecomesStereo() throws Exception {
    checkReady(
        keys.get("portrait"), 2, List.of("1080x1920", "720x1280", "480x854", "360x640", "240x426"));
  }

  @Test
  void rotationMetadataComesOutUpright() throws Exception {
    Path out = checkReady(keys.get("rotated"), 3, List.of("240x320"));
    String side =
        Clips.probe(
            out.resolve("hls/240p/index.m3u8"),
            "stream_side_data=rotation",
            "-select_streams",
            "v:0");
    assertTrue(side.isBlank() || side.lines().allMatch(l -> l.strip().equals("0")), side);
    assertEquals("240,320", Clips.probe(out.resolve("poster.jpg"), "stream=width,height"));
  }

  @Test
  void noAudioGivesValidPlaylistsWithoutAnAudioGroup() throws Exception {
    Path out = checkReady(keys.get("silent"), 2, List.of("320x240"));
    String master = Files.readString(out.resolve("master.m3u8"));
    assertFalse(master.contains("AUDIO"), master);
    assertFalse(master.contains("mp4a"), master);
    assertTrue(master.contains("FRAME-RATE=25.000"), master);
  }

  @Test
  void oddDimensionsGetEvenRungsAndMonoBecomesStereo() throws Exception {
    checkReady(keys.get("odd"), 2, List.of("852x478", "642x360", "428x240"));
  }

  @Test
  void variableFrameRateIsNormalised() throws Exception {
    Path out = checkReady(keys.get("vfr"), 3, List.of("320x240"));
    String rates =
        Clips.probe(
            out.resolve("hls/240p/index.m3u8"),
            "stream=r_frame_rate,avg_frame_rate",
            "-select_streams",
            "v:0");
    String[] parts = rates.lines().findFirst().orElse("").split(",");
    assertEquals("15/1", parts[0], "the standard rate nearest the average 17 fps: " + rates);
    assertEquals(parts[0], parts[1], "constant frame rate: " + rates);
  }

  @Test
  void corruptFileFailsAtOnce() throws Exception {
    checkFailed("corrupt", "not a video we can read");
  }

  @Test
  void emptyFileFailsAtOnce() throws Exception {
    checkFailed("empty", "empty");
  }

  @Test
  void textFileNamedMp4FailsAtOnce() throws Exception {
    checkFailed("text", "not a video");
  }

  @Test
  void tooLongFailsAtOnce() throws Exception {
    checkFailed("long", "limit is 0:30");
  }

  // ---------------------------------------------------------------- queue behaviour

  @Test
  void testEventsAndOtherKeysAreIgnoredAndDeleted() throws Exception {
    SqsClient sqs = app.app().infrastructure().sqs();
    String queue = sqs.getQueueUrl(r -> r.queueName("transcode-jobs")).queueUrl();
    sqs.sendMessage(
        r ->
            r.queueUrl(queue)
                .messageBody(
                    "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-01-01T00:00:00Z\","
                        + "\"Bucket\":\"reelroute\",\"RequestId\":\"x\",\"HostId\":\"y\"}"));
    String other = createVideo("other");
    sqs.sendMessage(
        r ->
            r.queueUrl(queue)
                .messageBody(
                    S3Events.created(
                        "us-east-1",
                        bucket(),
                        "videos/" + other + "/poster.jpg",
                        10,
                        "abc",
                        Instant.now())));
    // a job for a video that is gone, and one for a video that is already READY: no-ops
    sqs.sendMessage(
        r ->
            r.queueUrl(queue)
                .messageBody(
                    S3Events.created(
                        "us-east-1",
                        bucket(),
                        "uploads/" + newKey() + "/source",
                        10,
                        "abc",
                        Instant.now())));
    String done = keys.get("silent");
    awaitFinal(done, Duration.ofSeconds(240));
    int attempts = ((Number) video(done).get("attempts")).intValue();
    sqs.sendMessage(
        r ->
            r.queueUrl(queue)
                .messageBody(
                    S3Events.created(
                        "us-east-1",
                        bucket(),
                        "uploads/" + done + "/source",
                        10,
                        "abc",
                        Instant.now())));
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(120), () -> queueDepth(queue) == 0),
        "ignored messages are deleted, not retried");
    assertEquals("AWAITING_UPLOAD", state(other));
    assertEquals("READY", state(done));
    assertEquals(attempts, ((Number) video(done).get("attempts")).intValue(), "not run again");
    assertEquals(1, mailCount(done), "no second email");
  }

  private int queueDepth(String queueUrl) {
    var attributes =
        app.app()
            .infrastructure()
            .sqs()
            .getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(
            attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  @Test
  void killedMidJobIsRetriedAndBecomesReadyOnce() throws Exception {
    String key = upload("killed", Clips.make(clips, "killed.mp4", 1280, 720, 20, 30, "stereo"));
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(180),
            () -> {
              Object percent = video(key).get("progress_percent");
              return "PROCESSING".equals(state(key))
                  && percent != null
                  && ((Number) percent).doubleValue() > 0;
            }),
        "progress is stored while PROCESSING: " + video(key));
    Object eta = video(key).get("eta_seconds");
    assertNotNull(eta, "an ETA while PROCESSING");
    // kill this job's ffmpeg, as if the worker's child died (the work dir names the videoKey)
    // on a loaded machine the process list may lag the progress row: look for a while
    List<List<ProcessHandle>> found = new java.util.ArrayList<>(List.of(List.of()));
    TestApp.eventually(
        Duration.ofSeconds(20),
        () -> {
          found.set(
              0,
              ProcessHandle.allProcesses()
                  .filter(p -> p.info().command().orElse("").endsWith("ffmpeg"))
                  .filter(
                      p ->
                          String.join(" ", p.info().arguments().orElse(new String[0]))
                              .contains(key))
                  .toList());
          return !found.get(0).isEmpty();
        });
    List<ProcessHandle> ffmpeg = found.get(0);
    assertFalse(ffmpeg.isEmpty(), "ffmpeg of " + key + " runs; video: " + video(key));
    ffmpeg.forEach(ProcessHandle::destroyForcibly);
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(30), () -> !"PROCESSING".equals(state(key))),
        "the failed attempt gives the job back");
    Map<String, Object> afterKill = video(key);
    assertEquals("UPLOADED", afterKill.get("state"));
    assertNotNull(afterKill.get("last_error"));
    Map<String, Object> row = awaitFinal(key, Duration.ofSeconds(240));
    assertEquals("READY", row.get("state"), "failure: " + row.get("failure_reason"));
    assertEquals(2, ((Number) row.get("attempts")).intValue());
    assertNull(row.get("last_error"));
    Thread.sleep(2000);
    assertEquals(1, mailCount(key), "ready once: one email");
    assertEquals(1, count("SELECT COUNT(*) FROM notifications WHERE videoKey = ?", key));
  }

  @Test
  void jobThatKeepsFailingEndsInTheDeadLetterQueueAndFailsTheVideo() throws Exception {
    // an event for a source that is not there: every attempt fails transiently
    String key = createVideo("ghost");
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement("UPDATE videos SET state = 'UPLOADED' WHERE videoKey = ?")) {
      s.setString(1, key);
      s.executeUpdate();
    }
    SqsClient sqs = app.app().infrastructure().sqs();
    String queue = sqs.getQueueUrl(r -> r.queueName("transcode-jobs")).queueUrl();
    sqs.sendMessage(
        r ->
            r.queueUrl(queue)
                .messageBody(
                    S3Events.created(
                        "us-east-1",
                        bucket(),
                        "uploads/" + key + "/source",
                        1234,
                        "abc",
                        Instant.now())));
    Map<String, Object> row = awaitFinal(key, Duration.ofSeconds(180));
    assertEquals("FAILED", row.get("state"));
    assertEquals(3, ((Number) row.get("attempts")).intValue(), "max receive count attempts");
    String reason = (String) row.get("failure_reason");
    assertTrue(reason != null && reason.contains("NoSuchKey"), reason);
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(10), () -> mailCount(key) == 1), "failed email");
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM notifications WHERE videoKey = ? AND kind = 'VIDEO_FAILED'",
            key));
  }

  @Test
  void eventLeftUnpublishedIsPublishedAndItsNotificationStoredOnce() throws Exception {
    // as markReady leaves a video when its worker dies before the event is published: the row is
    // in the outbox, claimed by a dead process whose lease ran out
    String key = createVideo("orphaned event");
    String eventId = java.util.UUID.randomUUID().toString();
    try (Connection c = db()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE videos SET state = 'READY', isTranscoded = 1 WHERE videoKey = ?")) {
        s.setString(1, key);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO events (id, type, user_id, videoKey, body, claimed_by, claimed_until)"
                  + " SELECT ?, 'video.ready', owner_id, videoKey, ?, 'dead-process',"
                  + " NOW(3) - INTERVAL 1 SECOND FROM videos WHERE videoKey = ?")) {
        s.setString(1, eventId);
        s.setString(
            2,
            "{\"id\":\""
                + eventId
                + "\",\"type\":\"video.ready\",\"occurredAt\":\"2026-11-30T00:00:00Z\","
                + "\"data\":{\"videoKey\":\""
                + key
                + "\"}}");
        s.setString(3, key);
        s.executeUpdate();
      }
    }
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(30), () -> mailCount(key) == 1),
        "the outbox published it and the owner got the ready email");
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM notifications WHERE videoKey = ? AND kind = 'VIDEO_READY'", key));
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(10), () -> published(eventId)), "marked published");
    // published again (at least once: a process died before marking it): nothing new for the owner
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE events SET published_at = NULL, claimed_by = NULL, claimed_until = NULL"
                    + " WHERE id = ?")) {
      s.setString(1, eventId);
      s.executeUpdate();
    }
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(10), () -> published(eventId)), "published again");
    Thread.sleep(1000);
    assertEquals(1, count("SELECT COUNT(*) FROM notifications WHERE videoKey = ?", key));
    assertEquals(1, mailCount(key));
  }

  @Test
  void staleProcessingVideoIsRequeuedOnWorkerStart() throws Exception {
    String key = createVideo("stale");
    s3().putObject(
            r -> r.bucket(bucket()).key("uploads/" + key + "/source"),
            RequestBody.fromFile(Clips.make(clips, "stale.mp4", 320, 240, 2, 30, null)));
    // as if a worker had claimed it and died a while ago (no message left on the queue)
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE videos SET state = 'PROCESSING', worker_id = 'dead/1/x',"
                    + " heartbeat_at = NOW(3) - INTERVAL 1 HOUR, attempts = 1 WHERE videoKey = ?")) {
      s.setString(1, key);
      s.executeUpdate();
    }
    // the recovery route runs once on a worker's start: start it again
    var routes = app.app().camelContext().getRouteController();
    routes.stopRoute("transcode-recover");
    routes.startRoute("transcode-recover");
    Map<String, Object> row = awaitFinal(key, Duration.ofSeconds(180));
    assertEquals("READY", row.get("state"), "failure: " + row.get("failure_reason"));
  }

  @Test
  void metricsCountJobsByOutcome() throws Exception {
    awaitFinal(keys.get("silent"), Duration.ofSeconds(240));
    awaitFinal(keys.get("empty"), Duration.ofSeconds(240));
    String metrics = app.get("/observe/metrics").body();
    assertTrue(metrics.contains("reelroute_transcode_jobs_total{outcome=\"ready\""), metrics);
    assertTrue(metrics.contains("reelroute_transcode_jobs_total{outcome=\"failed\""));
    assertTrue(metrics.contains("reelroute_transcode_seconds_per_video_second"));
    assertTrue(metrics.contains("routeId=\"transcode\""));
    assertTrue(metrics.contains("routeId=\"upload-events\""));
    // the sweep publishes the undelivered events; the alerting rules only name exported metrics
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(10),
            () -> app.get("/observe/metrics").body().contains("reelroute_video_events_pending ")),
        "events gauge");
    // the alerting rules and the Grafana dashboard name only metrics a running app exports (the
    // queue depth is sampled by a timer, the HTTP timer needs a request: both come within seconds)
    assertEquals(200, app.get("/api/videos").statusCode());
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(20),
            () -> {
              String body = app.get("/observe/metrics").body();
              return body.contains("reelroute_queue_messages{")
                  && body.contains("reelroute_http_server_requests_seconds_bucket{");
            }),
        "queue depth and HTTP metrics");
    String exported = app.get("/observe/metrics").body();
    assertTrue(
        exported.contains(
            "reelroute_queue_messages{queue=\"transcode-jobs-dlq\",state=\"visible\"}"),
        exported);
    assertTrue(
        exported
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("reelroute_http_server_requests_seconds_count{")
                        && l.contains("route=\"catalog-list-route\"")
                        && l.contains("status=\"200\"")),
        "HTTP requests by REST route id: "
            + exported
                .lines()
                .filter(l -> l.startsWith("reelroute_http_server_requests_seconds_count"))
                .toList());
    int checked = 0;
    for (String file :
        List.of(
            "docker/observability/prometheus-rules.yaml",
            "docker/observability/grafana-dashboard.json")) {
      java.util.regex.Matcher named =
          java.util.regex.Pattern.compile("\\b(?:reelroute|camel|jvm)_[a-z_]+")
              .matcher(Files.readString(Path.of(file)));
      while (named.find()) {
        assertTrue(
            exported.contains(named.group() + "{") || exported.contains(named.group() + " "),
            file + " names " + named.group() + ", not exported");
        checked++;
      }
    }
    assertTrue(checked >= 30, "metrics named by the rules and the dashboard: " + checked);
  }

  @Test
  void uploadIsNoticedWithinTwoSecondsAndEnqueuedExactlyOnce() throws Exception {
    String key = createVideo("quick");
    Path clip = Clips.make(clips, "quick.mp4", 320, 240, 1, 30, null);
    long start = System.nanoTime();
    s3().putObject(
            r -> r.bucket(bucket()).key("uploads/" + key + "/source"), RequestBody.fromFile(clip));
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(2), () -> !"AWAITING_UPLOAD".equals(state(key))),
        "noticed within 2 s");
    long noticedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(noticedMs <= 2100, "noticed after " + noticedMs + " ms");
    awaitFinal(key, Duration.ofSeconds(120));
    assertEquals(1, count("SELECT COUNT(*) FROM upload_events WHERE videoKey = ?", key));
    assertEquals(1, ((Number) video(key).get("attempts")).intValue());
    // the job's temp files are gone
    Path work =
        Path.of(System.getProperty("java.io.tmpdir"), "reelroute-transcode")
            .resolve("p" + ProcessHandle.current().pid());
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(10),
            () -> {
              try (var dirs = Files.list(work)) {
                return dirs.noneMatch(d -> d.getFileName().toString().startsWith(key));
              } catch (java.io.IOException e) {
                return false;
              }
            }),
        "the job's work directory is deleted");
  }

  @Test
  void enqueueIsExactlyOnceAcrossProcessesAndRestarts() throws Exception {
    // no source object: the running poller leaves this one alone; four "api processes" race
    String key = createVideo("race");
    AtomicInteger sent = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < 4; i++) {
      io.reelroute.video.VideoLifecycle store =
          new io.reelroute.video.VideoLifecycle(app.app().infrastructure().dataSource());
      threads.add(
          new Thread(
              () -> {
                try {
                  store.enqueueOnce(
                      key,
                      "reelroute/uploads/" + key + "/source/etag",
                      10,
                      () -> {
                        Thread.sleep(200); // a slow send keeps the transaction open
                        sent.incrementAndGet();
                      });
                } catch (Throwable e) {
                  errors.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), errors);
    assertEquals(1, sent.get(), "one message for one upload");
    io.reelroute.video.VideoLifecycle afterRestart =
        new io.reelroute.video.VideoLifecycle(app.app().infrastructure().dataSource());
    assertFalse(
        afterRestart.enqueueOnce(
            key, "reelroute/uploads/" + key + "/source/etag", 10, sent::incrementAndGet));
    assertEquals(1, sent.get());
    assertEquals("UPLOADED", state(key));
  }

  @Test
  void ownerSeesNotificationsNewestFirstAndMarksThemRead() throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    String ready = upload("mine", Clips.make(clips, "mine.mp4", 320, 240, 1, 30, null), owner);
    awaitFinal(ready, Duration.ofSeconds(120));
    Path empty = clips.resolve("mine-empty.mp4");
    Files.write(empty, new byte[0]);
    String failed = upload("mine-empty", empty, owner);
    awaitFinal(failed, Duration.ofSeconds(120));
    assertTrue(TestApp.eventually(Duration.ofSeconds(10), () -> notificationCount(owner) == 2));
    var list = TestUsers.get(app, owner, "/api/me/notifications");
    assertEquals(200, list.statusCode(), list.body());
    JsonNode body = Json.MAPPER.readTree(list.body());
    assertEquals(2, body.get("unread").asInt());
    assertEquals("VIDEO_FAILED", body.get("items").get(0).get("kind").asText(), "newest first");
    assertEquals(failed, body.get("items").get(0).get("videoKey").asText());
    assertEquals("VIDEO_READY", body.get("items").get(1).get("kind").asText());
    assertFalse(body.get("items").get(0).get("read").asBoolean());
    long firstId = body.get("items").get(0).get("id").asLong();

    var one =
        app.send(
            TestUsers.authorized(app, owner, "/api/me/notifications/read")
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"ids\":[" + firstId + "]}")));
    assertEquals(200, one.statusCode(), one.body());
    assertEquals(1, Json.MAPPER.readTree(one.body()).get("unread").asInt());
    var all =
        app.send(
            TestUsers.authorized(app, owner, "/api/me/notifications/read")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, all.statusCode(), all.body());
    assertEquals(0, Json.MAPPER.readTree(all.body()).get("unread").asInt());
    assertTrue(
        Json.MAPPER
            .readTree(TestUsers.get(app, owner, "/api/me/notifications").body())
            .get("items")
            .get(1)
            .get("read")
            .asBoolean());

    assertEquals(401, app.get("/api/me/notifications").statusCode());
    TestUsers.Session stranger = TestUsers.signUp(app);
    assertEquals(
        0,
        Json.MAPPER
            .readTree(TestUsers.get(app, stranger, "/api/me/notifications").body())
            .get("items")
            .size(),
        "only one's own notifications");
  }

  private int notificationCount(TestUsers.Session owner) {
    try {
      return Json.MAPPER
          .readTree(TestUsers.get(app, owner, "/api/me/notifications").body())
          .path("items")
          .size();
    } catch (Exception e) {
      return -1;
    }
  }
}
