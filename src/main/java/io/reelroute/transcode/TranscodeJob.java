package io.reelroute.transcode;

import io.reelroute.Reelroute;
import io.reelroute.transcode.ffmpeg.HlsPlaylists;
import io.reelroute.transcode.ffmpeg.MediaInfo;
import io.reelroute.transcode.ffmpeg.Probe;
import io.reelroute.transcode.ffmpeg.Progress;
import io.reelroute.transcode.ffmpeg.Rung;
import io.reelroute.transcode.ffmpeg.TranscodePlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One transcode job: the worker side of the transcode-jobs queue (routes/transcode.camel.yaml).
 *
 * <p>claim → stream the source to a temp directory → ffprobe (poison inputs fail at once) → one
 * ffmpeg for the whole ladder, progress stored at most every 2 s → master playlist, download MP4,
 * storyboard index → upload under videos/{videoKey}/ (master last) → READY with renditions → event.
 * A transient failure gives the claim back and throws, so the message stays and is retried.
 */
public final class TranscodeJob {

  private static final Logger LOG = LoggerFactory.getLogger(TranscodeJob.class);

  /** Exchange property naming what the job did: ready, failed, skipped, ignored. */
  public static final String OUTCOME = "transcodeOutcome";

  private final TranscodeConfig config;
  private final VideoStore store;
  private final S3Client s3;
  private final SqsClient sqs;
  private final TranscodeMetrics metrics;
  private final String workerId;
  private final Path processDir;
  private final ScheduledExecutorService heartbeats;
  private final java.util.concurrent.ExecutorService uploads;
  private volatile String queueUrl;

  /** The queue's visibility timeout: the first back-off of a retried job. */
  private final int visibilityTimeoutSeconds;

  public TranscodeJob(
      TranscodeConfig config,
      VideoStore store,
      S3Client s3,
      SqsClient sqs,
      TranscodeMetrics metrics,
      int visibilityTimeoutSeconds) {
    this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
    this.config = config;
    this.store = store;
    this.s3 = s3;
    this.sqs = sqs;
    this.metrics = metrics;
    long pid = ProcessHandle.current().pid();
    this.workerId = host() + "/" + pid;
    this.processDir = config.workDir().resolve("p" + pid);
    this.uploads =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "transcode-upload");
              t.setDaemon(true);
              return t;
            });
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "transcode-heartbeat");
              t.setDaemon(true);
              return t;
            });
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  // ------------------------------------------------------------------ the job

  /** Runs the job of one queue message. Throws {@link TransientJobException} to retry it. */
  public void run(Exchange exchange) {
    metrics.use(exchange.getContext());
    if (Processes.stopping()) {
      // received as the worker began to stop: not started, released by retryLater at once
      throw new TransientJobException("the worker is stopping", null);
    }
    String body = exchange.getMessage().getBody(String.class);
    List<S3Events.Created> objects = S3Events.parse(body);
    String outcome = "ignored";
    for (S3Events.Created object : objects) {
      Optional<String> videoKey = object.videoKey();
      if (videoKey.isEmpty() || !config.bucket().equals(object.bucket())) {
        LOG.info("Ignoring S3 event for {}/{}", object.bucket(), object.key());
        continue;
      }
      outcome = transcode(videoKey.get(), object, exchange.getContext().createProducerTemplate());
    }
    if (objects.isEmpty()) {
      LOG.info("Ignoring a message that is not an upload event (e.g. s3:TestEvent)");
    }
    exchange.setProperty(OUTCOME, outcome);
    metrics.job(outcome);
  }

  String transcode(String videoKey, S3Events.Created object, ProducerTemplate events) {
    String claim = workerId + "/" + UUID.randomUUID().toString().substring(0, 8);
    Optional<VideoStore.Video> video;
    try {
      video = store.find(videoKey);
      if (video.isEmpty()) {
        LOG.info("Video {} is gone; nothing to do", videoKey);
        return "skipped";
      }
      if (!store.claim(videoKey, claim, config.staleAfterSeconds())) {
        LOG.info(
            "Video {} is {}; this message is a duplicate, nothing to do",
            videoKey,
            store.find(videoKey).map(VideoStore.Video::state).orElse("gone"));
        return "skipped";
      }
    } catch (SQLException e) {
      throw new TransientJobException("database unavailable: " + Reelroute.oneLine(e), e);
    }
    long begin = System.nanoTime();
    LOG.info("Transcoding {} ({} bytes) as {}", videoKey, object.size(), claim);
    Path dir = processDir.resolve(videoKey + "-" + claim.substring(claim.lastIndexOf('/') + 1));
    ScheduledFuture<?> heartbeat =
        heartbeats.scheduleAtFixedRate(
            () -> beat(videoKey, claim),
            config.heartbeatSeconds(),
            config.heartbeatSeconds(),
            TimeUnit.SECONDS);
    try {
      Files.createDirectories(dir);
      Result result = work(videoKey, claim, object, dir);
      if (!store.markReady(videoKey, claim, result.media(), result.renditions())) {
        LOG.warn("Video {} was taken over or deleted while transcoding; dropping", videoKey);
        if (store.find(videoKey).isEmpty()) {
          removeOutputs(videoKey); // deleted: leave nothing behind
        }
        return "skipped";
      }
      Duration wall = Duration.ofNanos(System.nanoTime() - begin);
      metrics.transcoded(wall, result.media().durationSeconds());
      LOG.info(
          "Video {} READY: {} s of video in {} ms",
          videoKey,
          result.media().durationSeconds(),
          wall.toMillis());
      emit(events, videoKey, "READY");
      return "ready";
    } catch (PoisonInputException e) {
      if (Processes.stopping()) {
        // ffprobe/ffmpeg were killed by the shutdown, the input is not at fault
        giveBack(videoKey, claim, "the worker stopped during the job");
        throw new TransientJobException("the worker stopped during the job", e);
      }
      LOG.info("Video {} FAILED: {}", videoKey, e.getMessage());
      removeOutputs(videoKey);
      try {
        if (store.markFailed(videoKey, claim, e.getMessage())) {
          emit(events, videoKey, "FAILED");
        }
      } catch (SQLException sql) {
        throw new TransientJobException("database unavailable: " + Reelroute.oneLine(sql), sql);
      }
      return "failed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      giveBack(videoKey, claim, "the worker stopped during the job");
      throw new TransientJobException("interrupted", e);
    } catch (Exception e) {
      String error = Reelroute.oneLine(e);
      LOG.warn("Video {} attempt failed, will retry: {}", videoKey, error);
      giveBack(videoKey, claim, error);
      throw new TransientJobException(error, e);
    } finally {
      heartbeat.cancel(false);
      deleteTree(dir);
    }
  }

  private void beat(String videoKey, String claim) {
    try {
      store.heartbeat(videoKey, claim);
    } catch (SQLException e) {
      LOG.debug("heartbeat for {} failed: {}", videoKey, e.toString());
    }
  }

  private void giveBack(String videoKey, String claim, String error) {
    removeOutputs(videoKey);
    try {
      store.release(videoKey, claim, error);
    } catch (SQLException e) {
      // the heartbeat stops, so the claim goes stale and a retry can take it
      LOG.warn("Could not release {}: {}", videoKey, e.toString());
    }
  }

  private record Result(VideoStore.Media media, List<VideoStore.Rendition> renditions) {}

  private Result work(String videoKey, String claim, S3Events.Created object, Path dir)
      throws Exception {
    // Outputs of an earlier failed attempt must not mix with this one's.
    removeOutputs(videoKey);
    Path source = dir.resolve("source");
    download(object.key(), source);
    long size = Files.size(source);
    if (size == 0) {
      throw new PoisonInputException("The uploaded file is empty (0 bytes).");
    }
    MediaInfo info = probe(source);
    TranscodePlan plan = TranscodePlan.of(info, config.encoding());
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    encode(videoKey, claim, plan, source, out);
    Files.delete(source); // free the disk before the uploads
    Processes.Result remux =
        Processes.run(
            plan.downloadCommand(config.ffmpeg(), out),
            null,
            600 + 2L * (long) info.durationSeconds());
    if (remux.exitCode() != 0) {
      throw new IOException("ffmpeg could not write the download MP4: " + firstLine(remux));
    }
    Files.writeString(
        out.resolve("storyboard.vtt"),
        plan.storyboard().webVtt("storyboard.jpg", info.durationSeconds()),
        StandardCharsets.UTF_8);
    List<VideoStore.Rendition> renditions = new ArrayList<>();
    String master = master(videoKey, plan, out, renditions);
    upload(videoKey, out);
    // the master playlist last: a video is playable only when everything else is in place
    putObject(
        "videos/" + videoKey + "/master.m3u8",
        RequestBody.fromString(master, StandardCharsets.UTF_8),
        "application/vnd.apple.mpegurl");
    Path mp4 = out.resolve("download.mp4");
    Rung download = plan.download();
    renditions.add(
        new VideoStore.Rendition(
            "MP4",
            download.width(),
            download.height(),
            renditions.stream()
                .filter(r -> r.height() == download.height())
                .findFirst()
                .map(VideoStore.Rendition::bandwidth)
                .orElse(0L),
            Math.round(Files.size(mp4) * 8 / Math.max(info.durationSeconds(), 0.001)),
            renditions.isEmpty() ? null : renditions.get(0).codecs(),
            plan.frameRate(),
            "videos/" + videoKey + "/download.mp4",
            Files.size(mp4)));
    return new Result(
        new VideoStore.Media(info.durationSeconds(), info.width(), info.height(), size),
        renditions);
  }

  /**
   * Big objects take longer than the shared client's short per-attempt timeout (meant for API
   * calls), so transfers get their own.
   */
  private static final Duration TRANSFER_TIMEOUT = Duration.ofHours(2);

  private void download(String key, Path target) throws IOException {
    // streamed to disk, never into the heap; a retried attempt starts the file again
    try (InputStream in =
        s3.getObject(
            r ->
                r.bucket(config.bucket())
                    .key(key)
                    .overrideConfiguration(
                        c ->
                            c.apiCallAttemptTimeout(TRANSFER_TIMEOUT)
                                .apiCallTimeout(TRANSFER_TIMEOUT)),
            ResponseTransformer.toInputStream())) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  MediaInfo probe(Path source) throws Exception {
    Processes.Result result = Processes.run(Probe.command(config.ffprobe(), source), null, 120);
    if (result.exitCode() != 0) {
      String why = firstLine(result);
      throw new PoisonInputException(
          "The file is not a video we can read"
              + (why.isBlank() ? "." : " (" + why.replace(source.toString() + ": ", "") + ")."));
    }
    MediaInfo info;
    try {
      info = Probe.parse(result.stdout());
    } catch (IllegalArgumentException e) {
      throw new IOException("ffprobe gave no usable output: " + e.getMessage(), e);
    }
    check(info);
    return info;
  }

  /** The poison-input rules; every refusal is a sentence for the owner. */
  void check(MediaInfo info) throws PoisonInputException {
    String format = info.formatName();
    if (format.endsWith("_pipe") || format.equals("image2") || format.equals("tty")) {
      throw new PoisonInputException("The file is an image or text, not a video.");
    }
    if (!info.hasVideo() || info.codedWidth() <= 0 || info.codedHeight() <= 0) {
      throw new PoisonInputException("The file has no video stream.");
    }
    if (info.durationSeconds() <= 0) {
      throw new PoisonInputException("The file has no playable duration; it may be corrupt.");
    }
    if (info.durationSeconds() > config.maxDurationSeconds()) {
      throw new PoisonInputException(
          String.format(
              Locale.ROOT,
              "The video is %s long; the limit is %s.",
              clock(info.durationSeconds()),
              clock(config.maxDurationSeconds())));
    }
    int longSide = Math.max(info.width(), info.height());
    int shortSide = Math.min(info.width(), info.height());
    if (longSide > config.maxFrameLong() || shortSide > config.maxFrameShort()) {
      throw new PoisonInputException(
          String.format(
              Locale.ROOT,
              "The frame size %dx%d is larger than the %dx%d we accept.",
              info.width(),
              info.height(),
              config.maxFrameLong(),
              config.maxFrameShort()));
    }
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private void encode(String videoKey, String claim, TranscodePlan plan, Path source, Path out)
      throws Exception {
    long start = System.nanoTime();
    Progress progress = new Progress(plan.source().durationSeconds(), start);
    long[] lastWrite = {start};
    long interval = TimeUnit.MILLISECONDS.toNanos(config.progressIntervalMillis());
    double duration = plan.source().durationSeconds();
    long timeout = 600 + (long) (duration * 30);
    Processes.Result result =
        Processes.run(
            plan.command(config.ffmpeg(), source, out),
            line -> {
              long now = System.nanoTime();
              Progress.Snapshot snapshot = progress.accept(line, now);
              if (snapshot != null && !snapshot.done() && now - lastWrite[0] >= interval) {
                lastWrite[0] = now;
                try {
                  store.progress(videoKey, claim, snapshot.percent(), snapshot.etaSeconds());
                } catch (SQLException e) {
                  LOG.debug("progress of {} not stored: {}", videoKey, e.toString());
                }
              }
            },
            timeout);
    if (result.exitCode() != 0 || result.killed()) {
      String why = firstLine(result);
      if (!result.killed() && result.exitCode() < 128 && looksCorrupt(result.stderrTail())) {
        throw new PoisonInputException("The video is corrupt and cannot be decoded (" + why + ").");
      }
      throw new IOException(
          "ffmpeg "
              + (result.killed() ? "timed out" : "exited with " + result.exitCode())
              + (why.isBlank() ? "" : ": " + why));
    }
  }

  static boolean looksCorrupt(String stderr) {
    String s = stderr.toLowerCase(Locale.ROOT);
    return s.contains("invalid data found when processing input")
        || s.contains("moov atom not found")
        || s.contains("corrupt");
  }

  private static String firstLine(Processes.Result result) {
    String text = result.stderrTail().strip();
    String[] lines = text.split("\n");
    String last = lines[lines.length - 1].strip();
    return last.length() > 300 ? last.substring(0, 300) : last;
  }

  /** Writes the master playlist text and fills in the HLS rendition rows. */
  private String master(
      String videoKey, TranscodePlan plan, Path out, List<VideoStore.Rendition> renditions)
      throws IOException {
    HlsPlaylists.Bitrate audio = null;
    String audioUri = null;
    if (plan.source().hasAudio()) {
      audioUri = "hls/" + TranscodePlan.AUDIO + "/index.m3u8";
      audio = measure(out.resolve("hls/" + TranscodePlan.AUDIO)).bitrate();
    }
    List<HlsPlaylists.Variant> variants = new ArrayList<>();
    for (Rung rung : plan.rungs()) {
      Path rungDir = out.resolve("hls/" + rung.name());
      Measured measured = measure(rungDir);
      double duration = measured.playlist().durationSeconds();
      if (!measured.playlist().ended()
          || Math.abs(duration - plan.source().durationSeconds()) > 1.0) {
        throw new IOException(
            "rung " + rung.name() + " is incomplete (" + duration + " s of video)");
      }
      HlsPlaylists.Bitrate rate =
          audio == null ? measured.bitrate() : measured.bitrate().plus(audio);
      String codec = measured.codec();
      variants.add(
          new HlsPlaylists.Variant(
              "hls/" + rung.name() + "/index.m3u8",
              rung.width(),
              rung.height(),
              rate,
              codec,
              plan.frameRate()));
      renditions.add(
          new VideoStore.Rendition(
              "HLS",
              rung.width(),
              rung.height(),
              rate.peak(),
              rate.average(),
              audio == null ? codec : codec + ",mp4a.40.2",
              plan.frameRate(),
              "videos/" + videoKey + "/hls/" + rung.name() + "/index.m3u8",
              measured.bytes()));
    }
    return HlsPlaylists.master(variants, audioUri, "mp4a.40.2");
  }

  private record Measured(
      HlsPlaylists.MediaPlaylist playlist,
      HlsPlaylists.Bitrate bitrate,
      String codec,
      long bytes) {}

  private Measured measure(Path rungDir) throws IOException {
    HlsPlaylists.MediaPlaylist playlist =
        HlsPlaylists.parseMedia(Files.readString(rungDir.resolve("index.m3u8")));
    long[] sizes = new long[playlist.segments().size()];
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = Files.size(rungDir.resolve(playlist.segments().get(i).uri()));
      total += sizes[i];
    }
    long initSize = 0;
    String codec = "avc1.640028";
    if (playlist.initUri() != null) {
      Path init = rungDir.resolve(playlist.initUri());
      initSize = Files.size(init);
      codec = HlsPlaylists.avcCodec(Files.readAllBytes(init), codec);
    } else if (!playlist.segments().isEmpty()) {
      try (InputStream in =
          Files.newInputStream(rungDir.resolve(playlist.segments().get(0).uri()))) {
        codec = HlsPlaylists.avcCodecFromAnnexB(in.readNBytes(64 * 1024), codec);
      }
    }
    return new Measured(
        playlist, HlsPlaylists.bitrate(playlist, sizes, initSize), codec, total + initSize);
  }

  private void upload(String videoKey, Path out) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(out)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    // a few uploads at once: segments are small, so round trips dominate
    List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
    for (Path file : files) {
      String relative = out.relativize(file).toString().replace('\\', '/');
      pending.add(
          uploads.submit(
              () ->
                  putObject(
                      "videos/" + videoKey + "/" + relative,
                      RequestBody.fromFile(file),
                      contentType(relative))));
    }
    Exception failure = null;
    for (java.util.concurrent.Future<?> future : pending) {
      try {
        future.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof Exception cause ? cause : e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void putObject(String key, RequestBody body, String contentType) {
    s3.putObject(
        r ->
            r.bucket(config.bucket())
                .key(key)
                .contentType(contentType)
                .overrideConfiguration(
                    c ->
                        c.apiCallAttemptTimeout(TRANSFER_TIMEOUT).apiCallTimeout(TRANSFER_TIMEOUT)),
        body);
  }

  static String contentType(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".m3u8")) {
      return "application/vnd.apple.mpegurl";
    } else if (lower.endsWith(".m4s")) {
      return "video/iso.segment";
    } else if (lower.endsWith(".mp4")) {
      return "video/mp4";
    } else if (lower.endsWith(".ts")) {
      return "video/mp2t";
    } else if (lower.endsWith(".jpg")) {
      return "image/jpeg";
    } else if (lower.endsWith(".vtt")) {
      return "text/vtt";
    }
    return "application/octet-stream";
  }

  /** Deletes everything under videos/{videoKey}/ (a failed attempt's partial outputs). */
  void removeOutputs(String videoKey) {
    try {
      String prefix = "videos/" + videoKey + "/";
      String token = null;
      do {
        String next = token;
        var page =
            s3.listObjectsV2(r -> r.bucket(config.bucket()).prefix(prefix).continuationToken(next));
        List<ObjectIdentifier> ids =
            page.contents().stream()
                .map(S3Object::key)
                .map(k -> ObjectIdentifier.builder().key(k).build())
                .toList();
        if (!ids.isEmpty()) {
          s3.deleteObjects(
              r -> r.bucket(config.bucket()).delete(Delete.builder().objects(ids).build()));
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (RuntimeException e) {
      LOG.warn("Could not remove outputs of {}: {}", videoKey, Reelroute.oneLine(e));
    }
  }

  private void emit(ProducerTemplate events, String videoKey, String state) {
    try {
      events.sendBodyAndHeader("direct:video-events", videoKey, "videoState", state);
    } catch (RuntimeException e) {
      // the video's state is stored; a lost email must not re-run the transcode
      LOG.warn("video-{} event for {} failed: {}", state, videoKey, Reelroute.oneLine(e));
    }
  }

  // ------------------------------------------------------------------ retries and recovery

  /**
   * The doCatch of the transcode route: the message stays and comes back after its visibility
   * timeout (a back-off for a dependency that is away). When the worker is stopping (SIGTERM) the
   * job was given back because of the stop, not of a fault: the message is made visible again at
   * once (visibility 0) so another worker takes it now, not after the whole timeout.
   */
  public void retryLater(Exchange exchange) {
    Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    if (Processes.stopping()) {
      String receipt = exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class);
      if (receipt != null) {
        try {
          sqs.changeMessageVisibility(
              r -> r.queueUrl(queueUrl()).receiptHandle(receipt).visibilityTimeout(0));
          LOG.info(
              "Worker stopping: transcode message {} released to the queue at once",
              exchange.getMessage().getHeader("CamelAwsSqsMessageId"));
          metrics.job("released");
          return;
        } catch (RuntimeException e) {
          LOG.warn("Could not release the message at once: {}", Reelroute.oneLine(e));
        }
      }
    }
    // back off: each receive waits twice as long as the one before, so that a dependency away for
    // longer than one visibility timeout does not use up the message's receives (3 before the DLQ)
    int receives = receiveCount(exchange);
    int backoff = backoffSeconds(visibilityTimeoutSeconds, receives);
    String receipt = exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class);
    if (receipt != null && receives > 1) {
      try {
        sqs.changeMessageVisibility(
            r -> r.queueUrl(queueUrl()).receiptHandle(receipt).visibilityTimeout(backoff));
      } catch (RuntimeException e) {
        LOG.warn("Could not set the retry back-off: {}", Reelroute.oneLine(e));
      }
    }
    LOG.warn(
        "Transcode message {} left on the queue for a retry in {} s (receive {}): {}",
        exchange.getMessage().getHeader("CamelAwsSqsMessageId"),
        backoff,
        receives,
        caught == null ? "unknown error" : Reelroute.oneLine(caught));
    metrics.job("retry");
  }

  /**
   * The wait before the next receive of a job that failed on its {@code receives}-th receive: the
   * visibility timeout, doubled for each earlier receive, at most SQS's 12 hours.
   */
  static int backoffSeconds(int visibilityTimeoutSeconds, int receives) {
    long wait = (long) visibilityTimeoutSeconds << Math.min(20, Math.max(0, receives - 1));
    return (int) Math.min(43_200, wait);
  }

  /** ApproximateReceiveCount of the message (1 when SQS did not say). */
  static int receiveCount(Exchange exchange) {
    Object attributes = exchange.getMessage().getHeader("CamelAwsSqsAttributes");
    if (attributes instanceof java.util.Map<?, ?> map) {
      for (var entry : map.entrySet()) {
        if ("ApproximateReceiveCount".equals(String.valueOf(entry.getKey()))) {
          try {
            return Math.max(1, Integer.parseInt(String.valueOf(entry.getValue()).trim()));
          } catch (NumberFormatException e) {
            return 1;
          }
        }
      }
    }
    return 1;
  }

  /** The dead-letter route: the job ran out of attempts; FAILED with the last error, then event. */
  public void giveUp(Exchange exchange) {
    String body = exchange.getMessage().getBody(String.class);
    for (S3Events.Created object : S3Events.parse(body)) {
      Optional<String> videoKey = object.videoKey();
      if (videoKey.isEmpty()) {
        continue;
      }
      try {
        if (store.markGaveUp(
            videoKey.get(),
            config.staleAfterSeconds(),
            "Transcoding failed after several attempts.")) {
          String reason =
              store.find(videoKey.get()).map(VideoStore.Video::failureReason).orElse("");
          LOG.warn("Video {} FAILED after its last attempt: {}", videoKey.get(), reason);
          metrics.job("gave-up");
          emit(exchange.getContext().createProducerTemplate(), videoKey.get(), "FAILED");
        }
      } catch (SQLException e) {
        throw new TransientJobException("database unavailable: " + Reelroute.oneLine(e), e);
      }
    }
  }

  /**
   * On worker start: PROCESSING videos whose heartbeat stopped (their worker died) and UPLOADED
   * videos left quiet (their message may be gone: the embedded queue lives in memory) go back on
   * the queue. A duplicate message is harmless: the job claims a video once. Returns how many.
   */
  public int requeueStale() {
    cleanAbandonedWorkDirs();
    int count = 0;
    int stale = config.staleAfterSeconds();
    try {
      for (String videoKey : store.stale(stale, 1000)) {
        if (store.requeueStale(videoKey, stale)) {
          enqueueAgain(videoKey);
          count++;
        }
      }
      for (String videoKey : store.leftUploaded(stale, 1000)) {
        if (store.touchUploaded(videoKey, stale)) {
          enqueueAgain(videoKey);
          count++;
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Could not re-queue stale jobs: {}", Reelroute.oneLine(e));
    }
    if (count > 0) {
      LOG.info("Re-queued {} job(s) left by stopped workers", count);
    }
    return count;
  }

  private void enqueueAgain(String videoKey) {
    String key = "uploads/" + videoKey + "/source";
    long size = 0;
    String eTag = "";
    try {
      var head = s3.headObject(r -> r.bucket(config.bucket()).key(key));
      size = head.contentLength();
      eTag = head.eTag();
    } catch (RuntimeException e) {
      LOG.debug("no source for {}: {}", videoKey, e.toString());
    }
    String event =
        S3Events.created(config.region(), config.bucket(), key, size, eTag, Instant.now());
    sqs.sendMessage(r -> r.queueUrl(queueUrl()).messageBody(event));
    LOG.info("Re-queued the job of {}", videoKey);
  }

  private String queueUrl() {
    String url = queueUrl;
    if (url == null) {
      url = sqs.getQueueUrl(r -> r.queueName(config.queue())).queueUrl();
      queueUrl = url;
    }
    return url;
  }

  /** Work directories of worker processes that no longer run (killed mid-job). */
  private void cleanAbandonedWorkDirs() {
    if (!Files.isDirectory(config.workDir())) {
      return;
    }
    try (Stream<Path> dirs = Files.list(config.workDir())) {
      for (Path dir : dirs.toList()) {
        String name = dir.getFileName().toString();
        if (name.matches("p\\d+")) {
          long pid = Long.parseLong(name.substring(1));
          boolean alive =
              pid == ProcessHandle.current().pid()
                  || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
          if (!alive) {
            LOG.info("Removing work directory {} of a stopped worker", dir);
            deleteTree(dir);
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot list {}: {}", config.workDir(), e.toString());
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete {}: {}", dir, e.toString());
    }
  }

  public void close() {
    uploads.shutdownNow();
    heartbeats.shutdownNow();
  }
}
