package io.reelroute.transcode;

import io.reelroute.transcode.ffmpeg.MediaInfo;
import io.reelroute.transcode.ffmpeg.TranscodePlan;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One transcode job as it moves through the stages of routes/transcode.camel.yaml: each stage's
 * bean reads what the earlier stages found and adds its own. Carried as the exchange property
 * {@value #PROPERTY}; a route-level test can put its own.
 */
public final class Job {

  public static final String PROPERTY = "job";

  private final String videoKey;
  private final String sourceKey;
  private final long begin = System.nanoTime();
  private String claim;
  private Path dir;
  private ScheduledFuture<?> heartbeat;
  private long sourceBytes;
  private MediaInfo media;
  private volatile TranscodePlan plan; // read by the live publisher's thread
  private List<io.reelroute.video.Rendition> renditions = List.of();
  private List<OutputPackager.Output> playlists = List.of();
  private java.util.Set<String> storedWhileEncoding = java.util.Set.of();

  public Job(String videoKey, String sourceKey) {
    this.videoKey = videoKey;
    this.sourceKey = sourceKey;
  }

  public String videoKey() {
    return videoKey;
  }

  public String sourceKey() {
    return sourceKey;
  }

  long begin() {
    return begin;
  }

  public String claim() {
    return claim;
  }

  void claim(String claim) {
    this.claim = claim;
  }

  public Path dir() {
    return dir;
  }

  void dir(Path dir) {
    this.dir = dir;
  }

  /** The job's outputs, laid out as under videos/{videoKey}/ in the bucket. */
  public Path out() {
    return dir.resolve("out");
  }

  public Path source() {
    return dir.resolve("source");
  }

  ScheduledFuture<?> heartbeat() {
    return heartbeat;
  }

  void heartbeat(ScheduledFuture<?> heartbeat) {
    this.heartbeat = heartbeat;
  }

  public long sourceBytes() {
    return sourceBytes;
  }

  void sourceBytes(long sourceBytes) {
    this.sourceBytes = sourceBytes;
  }

  public MediaInfo media() {
    return media;
  }

  public void media(MediaInfo media) {
    this.media = media;
  }

  public TranscodePlan plan() {
    return plan;
  }

  public void plan(TranscodePlan plan) {
    this.plan = plan;
  }

  /** The media playlists to publish after the other outputs (stage package). */
  public List<OutputPackager.Output> playlists() {
    return playlists;
  }

  void playlists(List<OutputPackager.Output> playlists) {
    this.playlists = List.copyOf(playlists);
  }

  /**
   * Media segments (paths under the output folder) the live publisher stored while ffmpeg ran: they
   * are final once listed, so the publish-outputs stage does not send them again.
   */
  public java.util.Set<String> storedWhileEncoding() {
    return storedWhileEncoding;
  }

  void storedWhileEncoding(java.util.Set<String> segments) {
    this.storedWhileEncoding = java.util.Set.copyOf(segments);
  }

  public List<io.reelroute.video.Rendition> renditions() {
    return renditions;
  }

  void renditions(List<io.reelroute.video.Rendition> renditions) {
    this.renditions = List.copyOf(renditions);
  }

  /**
   * The measured master playlist, kept apart from the other outputs: it is published last, over the
   * live master of {@link LivePublisher}.
   */
  public java.io.File masterFile() {
    return dir.resolve("master.m3u8").toFile();
  }

  public String masterKey() {
    return io.reelroute.video.VideoKeys.masterKey(videoKey);
  }
}
