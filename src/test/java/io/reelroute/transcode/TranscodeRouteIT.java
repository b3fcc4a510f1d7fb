package io.reelroute.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.Clips;
import io.reelroute.testing.RouteTestStack;
import io.reelroute.testing.TestApp;
import io.reelroute.transcode.ffmpeg.Rung;
import io.reelroute.transcode.ffmpeg.TranscodePlan;
import io.reelroute.video.VideoKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Route-level tests of routes/transcode.camel.yaml (docs/CONVENTIONS.md, "Route-level tests"): a
 * Camel Main of their own loads only the transcode and errors flows, with the transcode
 * capability's real stage beans and the real embedded stack underneath; each test replaces one
 * stage with AdviceWith and drives a job exactly as production does (source object in S3, videos
 * row, S3 event on the SQS queue), to show that the stages are swappable.
 */
@Tag("integration")
class TranscodeRouteIT extends CamelMainTestSupport {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

  private static RouteTestStack stack;
  private static Path clip;

  @BeforeAll
  static void startStack() {
    // a 1 s long poll: the consumers stop quickly when each test's context stops
    stack =
        RouteTestStack.start(
            Map.of(
                "reelroute.transcode.wait-seconds", "1", "reelroute.transcode.concurrency", "1"));
    clip = Clips.make(stack.dataDir().resolve("clips"), "clip.mp4", 320, 240, 2, 30, null);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  // ------------------------------------------------------------ the test's own Camel Main

  @Override
  protected void configure(MainConfigurationProperties main) {
    main.withRoutesIncludePattern(
        "classpath:routes/errors.camel.yaml,classpath:routes/transcode.camel.yaml");
  }

  @Override
  protected String getPropertyPlaceholderFileName() {
    // not application.properties: no HTTP server, management or metrics in a route test
    return "route-test.properties";
  }

  @Override
  public void configureContext(CamelContextConfiguration context) {
    super.configureContext(context);
    // {{reelroute.*}} placeholders: the settings, pointing at the embedded stack
    context.withUseOverridePropertiesWithPropertiesComponent(stack.camelProperties());
  }

  @Override
  public void configureTest(TestExecutionConfiguration test) {
    super.configureTest(test);
    // each test replaces a stage first, then starts Camel itself
    test.withUseAdviceWith(true);
  }

  @Override
  protected void bindToRegistry(Registry registry) {
    // the real stage beans, bound as the application binds them
    stack.bindInto(registry, new TranscodeCapability());
  }

  @AfterEach
  void emptyTheQueues() {
    var sqs = stack.infra().sqs();
    for (String queue :
        List.of(
            stack.settings().get("reelroute.sqs.queue"),
            stack.settings().get("reelroute.sqs.dead-letter-queue"))) {
      String url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
      sqs.purgeQueue(r -> r.queueUrl(url));
    }
  }

  // ------------------------------------------------------------ tests

  @Test
  void encoderReplacedTheRealStagesAroundItStillMakeAReadyVideo() throws Exception {
    AtomicInteger fakeRuns = new AtomicInteger();
    AtomicReference<TranscodePlan> plan = new AtomicReference<>();
    List<String> s3Sends = Collections.synchronizedList(new ArrayList<>());
    TranscodeConfig config = TranscodeConfig.from(stack.settings());
    AdviceWith.adviceWith(
        context,
        "transcode-video",
        route -> {
          route
              .weaveById("encode")
              .replace()
              .process(
                  exchange -> {
                    fakeRuns.incrementAndGet();
                    plan.set(copyLadder(exchange, config));
                  });
          // the object keys of every aws2-s3 call, in order: the master must be the last
          route
              .interceptSendToEndpoint("aws2-s3:*")
              .process(e -> s3Sends.add(e.getMessage().getHeader("CamelAwsS3Key", String.class)));
        });
    NotifyBuilder done = oneJob();
    context.start();

    String key = submit("fake encoder");

    assertTrue(done.matches(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "job not done");
    Map<String, Object> video = video(key);
    assertEquals("READY", video.get("state"), "video: " + video);
    assertEquals(1, fakeRuns.get());
    assertEquals(2.0, ((Number) video.get("duration_seconds")).doubleValue(), 0.2);
    // renditions: the plan's HLS rungs and the download MP4, measured by the real packager
    int rungs = plan.get().rungs().size();
    assertEquals(
        rungs,
        stack.count("SELECT COUNT(*) FROM renditions WHERE videoKey = ? AND kind = 'HLS'", key));
    assertEquals(
        1, stack.count("SELECT COUNT(*) FROM renditions WHERE videoKey = ? AND kind = 'MP4'", key));
    // the real publish stages put everything under videos/{key}/, the master last
    List<String> objects = objects(VideoKeys.outputPrefix(key));
    String master = VideoKeys.masterKey(key);
    assertTrue(objects.contains(master), objects.toString());
    assertTrue(objects.contains(VideoKeys.outputPrefix(key) + "download.mp4"), objects.toString());
    assertTrue(
        objects.contains(VideoKeys.outputPrefix(key) + "storyboard.vtt"), objects.toString());
    assertTrue(objects.stream().anyMatch(o -> o.endsWith("/index.m3u8")), objects.toString());
    assertTrue(objects.stream().anyMatch(o -> o.endsWith(".m4s")), objects.toString());
    assertEquals(master, s3Sends.get(s3Sends.size() - 1), s3Sends.toString());
    assertEquals("uploads/" + key + "/source", s3Sends.get(0), "fetch-source first");
    // the real ladder encoder never ran: it always writes the poster, thumbnail and storyboard
    assertFalse(objects.stream().anyMatch(o -> o.endsWith(".jpg")), objects.toString());
    assertEquals(0, queued(), "the message was deleted");
    assertTrue(noWorkspaceLeft(key));
  }

  @Test
  void encodeFailureIsRetriedLater() throws Exception {
    AdviceWith.adviceWith(
        context,
        "transcode-video",
        route ->
            route
                .weaveById("encode")
                .replace()
                .process(
                    exchange -> {
                      // half an encode on disk, then the failure
                      Job job = exchange.getProperty(Job.PROPERTY, Job.class);
                      Files.createDirectories(job.out().resolve("hls/240p"));
                      Files.writeString(job.out().resolve("hls/240p/seg_00000.m4s"), "partial");
                      throw new IOException("ffmpeg was killed by the test");
                    }));
    NotifyBuilder done = oneJob();
    context.start();

    String key = submit("failing encoder");

    assertTrue(done.matches(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "job not done");
    Map<String, Object> video = video(key);
    assertEquals("UPLOADED", video.get("state"), "video: " + video);
    assertTrue(
        String.valueOf(video.get("last_error")).contains("ffmpeg was killed by the test"),
        "last_error: " + video.get("last_error"));
    assertNull(video.get("failure_reason"));
    assertNull(video.get("worker_id"));
    assertEquals(1, ((Number) video.get("attempts")).intValue());
    assertEquals(List.of(), objects(VideoKeys.outputPrefix(key)), "outputs removed");
    assertTrue(noWorkspaceLeft(key), "partial outputs on disk removed");
    // retry-later ran: the message was not deleted, it is in flight until its back-off ends
    assertEquals(1, inFlight(), "the message stays on the queue for a retry");
    assertEquals(1, queued());
  }

  @Test
  void theFetchedSourceStreamsToDiskNeverIntoAHeapCache() throws Exception {
    // sources can be gigabytes: Camel's stream caching would copy them into the heap (an
    // OutOfMemoryError at -Xmx256m on a 92 MB source, seen in bench/transcode)
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    AdviceWith.adviceWith(
        context,
        "transcode-video",
        route ->
            route
                .weaveById("save-source")
                .before()
                .process(e -> seen.add(e.getMessage().getBody().getClass().getName())));
    NotifyBuilder done = oneJob();
    context.start();

    submit("streamed");

    assertTrue(done.matches(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "job not done");
    assertEquals(1, seen.size(), "save-source ran once: " + seen);
    assertTrue(
        !seen.get(0).contains("StreamCache") && !seen.get(0).contains("CachedOutputStream"),
        "the source reached save-source as " + seen.get(0));
  }

  @Test
  void poisonStageFailsTheVideoAtOnce() throws Exception {
    String reason = "The file is a slideshow of cat pictures, not a video.";
    AdviceWith.adviceWith(
        context,
        "transcode-video",
        route ->
            route.weaveById("probe").replace().throwException(new PoisonInputException(reason)));
    NotifyBuilder done = oneJob();
    context.start();

    String key = submit("poison");

    assertTrue(done.matches(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "job not done");
    Map<String, Object> video = video(key);
    assertEquals("FAILED", video.get("state"), "video: " + video);
    assertEquals(reason, video.get("failure_reason"));
    assertEquals(1, ((Number) video.get("attempts")).intValue());
    assertEquals(List.of(), objects(VideoKeys.outputPrefix(key)));
    assertTrue(noWorkspaceLeft(key));
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(5), () -> queued() == 0),
        "the message was deleted: not retried");
  }

  /**
   * Matches once the transcode route has finished one message (the publish split's parts aside).
   */
  private NotifyBuilder oneJob() {
    return new NotifyBuilder(context)
        .fromRoute("transcode")
        .filter(exchange -> exchange.getProperty(Exchange.SPLIT_INDEX) == null)
        .whenDone(1)
        .create();
  }

  // ------------------------------------------------------------ the fake encode stage

  /**
   * Stage encode, faked: the plan the real encoder would make, each rung (and the audio) a stream
   * copy of the source into fMP4 HLS: a valid ladder in milliseconds, no encoding.
   */
  static TranscodePlan copyLadder(Exchange exchange, TranscodeConfig config) throws IOException {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    TranscodePlan plan = TranscodePlan.of(job.media(), config.encoding());
    job.plan(plan);
    List<String> streams = new ArrayList<>();
    plan.rungs().stream().map(Rung::name).forEach(streams::add);
    if (plan.source().hasAudio()) {
      streams.add(TranscodePlan.AUDIO);
    }
    for (String stream : streams) {
      Path dir = Files.createDirectories(job.out().resolve("hls/" + stream));
      Clips.ffmpeg(
          dir,
          "-i",
          job.source().toString(),
          "-map",
          stream.equals(TranscodePlan.AUDIO) ? "0:a:0" : "0:v:0",
          "-c",
          "copy",
          "-f",
          "hls",
          "-hls_time",
          "4",
          "-hls_playlist_type",
          "vod",
          "-hls_segment_type",
          "fmp4",
          "-hls_fmp4_init_filename",
          "init.mp4",
          "-hls_segment_filename",
          "seg_%05d.m4s",
          "index.m3u8");
    }
    return plan;
  }

  // ------------------------------------------------------------ driving a job as production does

  /** A video row, its source in S3 and the S3 event on the queue: what an upload leads to. */
  private static String submit(String name) throws Exception {
    String key = io.reelroute.testing.VideoRows.awaitingUpload(stack.infra().dataSource(), name);
    String bucket = stack.settings().get("reelroute.s3.bucket");
    String source = "uploads/" + key + "/source";
    String eTag =
        stack
            .infra()
            .s3()
            .putObject(
                r -> r.bucket(bucket).key(source).contentType("video/mp4"),
                RequestBody.fromFile(clip))
            .eTag();
    String event =
        S3Events.created(
            stack.settings().get("reelroute.aws.region"),
            bucket,
            source,
            Files.size(clip),
            eTag,
            Instant.now());
    stack.infra().sqs().sendMessage(r -> r.queueUrl(queueUrl()).messageBody(event));
    return key;
  }

  private static String newKey() {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return key.toString();
  }

  private static Map<String, Object> video(String key) throws Exception {
    try (Connection c = stack.infra().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT * FROM videos WHERE videoKey = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next(), "no video " + key);
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
          row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
        }
        return row;
      }
    }
  }

  private static List<String> objects(String prefix) {
    String bucket = stack.settings().get("reelroute.s3.bucket");
    return stack
        .infra()
        .s3()
        .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
        .contents()
        .stream()
        .map(o -> o.key())
        .sorted()
        .toList();
  }

  private static String queueUrl() {
    String queue = stack.settings().get("reelroute.sqs.queue");
    return stack.infra().sqs().getQueueUrl(r -> r.queueName(queue)).queueUrl();
  }

  /** Messages on the job queue, visible or in flight. */
  private static int queued() {
    Map<QueueAttributeName, String> a = attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)) + inFlight();
  }

  private static int inFlight() {
    return Integer.parseInt(
        attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static Map<QueueAttributeName, String> attributes() {
    return stack
        .infra()
        .sqs()
        .getQueueAttributes(
            r ->
                r.queueUrl(queueUrl())
                    .attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes();
  }

  /** The job's work directory is gone (close-workspace), with whatever it held. */
  private static boolean noWorkspaceLeft(String key) throws IOException {
    Path work = TranscodeConfig.from(stack.settings()).workDir();
    if (!Files.isDirectory(work)) {
      return true;
    }
    try (Stream<Path> all = Files.walk(work)) {
      return all.noneMatch(p -> p.getFileName().toString().startsWith(key));
    }
  }
}
