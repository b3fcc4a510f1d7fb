package io.reelroute.transcode;

import io.reelroute.Reelroute;
import io.reelroute.transcode.ffmpeg.HlsPlaylists;
import io.reelroute.transcode.ffmpeg.Rung;
import io.reelroute.transcode.ffmpeg.TranscodePlan;
import io.reelroute.video.LivePlayback;
import io.reelroute.video.VideoKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stages publish-while-encoding and stop-publishing (issue 13, watch while processing): while
 * ffmpeg writes the ladder into the workspace, every {@code pollMillis} each rendition's media
 * playlist is read (ffmpeg writes its EVENT playlists by renaming a temp file, and lists a segment
 * only once it is closed, so a listed segment is finished), its new segments and init segment are
 * uploaded, then the playlist itself, so a stored playlist only names stored objects. Once the
 * audio (if any) and at least one rung have segments, a master playlist of the rungs started so far
 * (BANDWIDTH from the rungs' caps) goes to the master's key and the video is marked playable
 * ({@link LivePlayback#markPlayable}, under the job's claim). The final outputs (VOD playlists,
 * measured master) overwrite these after the encode. A failed upload is tried again on the next
 * round; nothing here fails the job.
 */
public final class LivePublisher {

  private static final Logger LOG = LoggerFactory.getLogger(LivePublisher.class);

  /** Exchange property holding the running job's session. */
  public static final String PROPERTY = "livePublishing";

  private final S3Client s3;
  private final String bucket;
  private final LivePlayback live;
  private final boolean enabled;
  private final long pollMillis;
  private final ScheduledExecutorService timer =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "transcode-live-publish");
            t.setDaemon(true);
            return t;
          });

  public LivePublisher(
      S3Client s3, String bucket, LivePlayback live, boolean enabled, long pollMillis) {
    this.s3 = s3;
    this.bucket = bucket;
    this.live = live;
    this.enabled = enabled;
    this.pollMillis = pollMillis;
  }

  /** Stage publish-while-encoding: starts watching the job's workspace (when enabled). */
  public void start(Exchange exchange) {
    if (!enabled) {
      return;
    }
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    Session session = new Session(job);
    session.future =
        timer.scheduleWithFixedDelay(session::tick, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    exchange.setProperty(PROPERTY, session);
  }

  /**
   * Stage stop-publishing (after the encode, and first thing on a failure): no upload of this job
   * starts after this returns, so none can land after the final outputs or after a clean-up.
   */
  public void stop(Exchange exchange) {
    Session session = exchange.getProperty(PROPERTY, Session.class);
    if (session != null) {
      exchange.removeProperty(PROPERTY);
      session.stop();
      session.job.storedWhileEncoding(session.storedSegments());
    }
  }

  /** One job's publishing: what is stored already. */
  final class Session {

    private final Job job;
    private final Set<String> uploaded = new HashSet<>();
    private final Map<String, String> playlists = new HashMap<>();
    private Set<String> inMaster = Set.of();
    private boolean playable;
    private boolean stopped;
    private ScheduledFuture<?> future;
    private final long since = System.nanoTime();

    Session(Job job) {
      this.job = job;
    }

    synchronized void tick() {
      if (stopped) {
        return;
      }
      try {
        publish();
      } catch (Exception e) {
        LOG.debug("live publishing of {}: {}", job.videoKey(), Reelroute.oneLine(e));
      }
    }

    void stop() {
      synchronized (this) {
        stopped = true;
      }
      if (future != null) {
        future.cancel(false);
      }
    }

    /** The media segments stored so far (init segments are left to the final publish). */
    synchronized Set<String> storedSegments() {
      Set<String> segments = new HashSet<>();
      for (String relative : uploaded) {
        if (relative.matches(".*/seg_\\d+\\.(m4s|ts)")) {
          segments.add(relative);
        }
      }
      return segments;
    }

    private void publish() throws Exception {
      TranscodePlan plan = job.plan();
      if (plan == null) {
        return; // the encode stage has not planned yet
      }
      List<String> names = new ArrayList<>();
      if (plan.source().hasAudio()) {
        names.add(TranscodePlan.AUDIO);
      }
      plan.rungs().forEach(r -> names.add(r.name()));
      Map<String, HlsPlaylists.MediaPlaylist> started = new LinkedHashMap<>();
      for (String name : names) {
        HlsPlaylists.MediaPlaylist media = publishRendition("hls/" + name + "/");
        if (media != null) {
          started.put(name, media);
        }
      }
      if (plan.source().hasAudio() && !started.containsKey(TranscodePlan.AUDIO)) {
        return;
      }
      List<Rung> rungs = plan.rungs().stream().filter(r -> started.containsKey(r.name())).toList();
      if (rungs.isEmpty()) {
        return;
      }
      Set<String> rungNames = new HashSet<>(rungs.stream().map(Rung::name).toList());
      if (!rungNames.equals(inMaster)) {
        put("master.m3u8", master(plan, rungs, started).getBytes(StandardCharsets.UTF_8));
        inMaster = rungNames;
      }
      if (!playable) {
        playable = true;
        if (live.markPlayable(job.videoKey(), job.claim())) {
          long now = System.nanoTime();
          LOG.info(
              "Video {} playable while processing, {} ms after its claim ({} ms after the encode"
                  + " started)",
              job.videoKey(),
              TimeUnit.NANOSECONDS.toMillis(now - job.begin()),
              TimeUnit.NANOSECONDS.toMillis(now - since));
        } else {
          stopped = true; // the claim was lost: another worker runs the video now
        }
      }
    }

    /** Uploads what is new in one rendition; its playlist if it has a segment, else null. */
    private HlsPlaylists.MediaPlaylist publishRendition(String dir) throws IOException {
      Path folder = job.out().resolve(dir);
      Path file = folder.resolve("index.m3u8");
      if (!Files.isRegularFile(file)) {
        return null;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      HlsPlaylists.MediaPlaylist media;
      try {
        media = HlsPlaylists.parseMedia(text);
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (media.segments().isEmpty()) {
        return null;
      }
      if (media.initUri() != null) {
        upload(dir + media.initUri(), folder.resolve(media.initUri()));
      }
      for (HlsPlaylists.Segment segment : media.segments()) {
        upload(dir + segment.uri(), folder.resolve(segment.uri()));
      }
      String key = dir + "index.m3u8";
      if (!text.equals(playlists.get(key))) {
        put(key, text.getBytes(StandardCharsets.UTF_8));
        playlists.put(key, text);
      }
      return media;
    }

    private void upload(String relative, Path file) {
      if (uploaded.contains(relative)) {
        return;
      }
      s3.putObject(
          b ->
              b.bucket(bucket)
                  .key(VideoKeys.outputPrefix(job.videoKey()) + relative)
                  .contentType(OutputPackager.contentType(relative)),
          RequestBody.fromFile(file));
      uploaded.add(relative);
    }

    private void put(String relative, byte[] bytes) {
      s3.putObject(
          b ->
              b.bucket(bucket)
                  .key(VideoKeys.outputPrefix(job.videoKey()) + relative)
                  .contentType(OutputPackager.contentType(relative))
                  .cacheControl("no-cache"),
          RequestBody.fromBytes(bytes));
    }

    /** The master of the rungs started so far: nominal bandwidth (caps), codec from the init. */
    private String master(
        TranscodePlan plan, List<Rung> rungs, Map<String, HlsPlaylists.MediaPlaylist> started)
        throws IOException {
      boolean audio = plan.source().hasAudio();
      long audioBits = audio ? plan.options().audioBitrateKbps() * 1000L : 0;
      List<HlsPlaylists.Variant> variants = new ArrayList<>();
      for (Rung rung : rungs) {
        long bits = rung.maxrateKbps() * 1000L + audioBits;
        variants.add(
            new HlsPlaylists.Variant(
                "hls/" + rung.name() + "/index.m3u8",
                rung.width(),
                rung.height(),
                new HlsPlaylists.Bitrate(bits, bits),
                codec(rung.name(), started.get(rung.name())),
                plan.frameRate()));
      }
      return HlsPlaylists.master(
          variants, audio ? "hls/" + TranscodePlan.AUDIO + "/index.m3u8" : null, "mp4a.40.2");
    }

    private String codec(String rung, HlsPlaylists.MediaPlaylist media) throws IOException {
      Path dir = job.out().resolve("hls/" + rung);
      String fallback = "avc1.640028";
      if (media.initUri() != null) {
        return HlsPlaylists.avcCodec(Files.readAllBytes(dir.resolve(media.initUri())), fallback);
      }
      try (InputStream in = Files.newInputStream(dir.resolve(media.segments().get(0).uri()))) {
        return HlsPlaylists.avcCodecFromAnnexB(in.readNBytes(64 * 1024), fallback);
      }
    }
  }
}
