package io.reelroute.transcode;

import io.reelroute.Reelroute;
import io.reelroute.video.VideoLifecycle;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's hold on its video (stages claim and mark-ready, and the failure handlers): every state
 * change goes through {@link VideoLifecycle}, conditional on the claim, so concurrent workers and
 * duplicate messages cannot step on each other. Sets the {@link Outcomes outcome}.
 */
public final class VideoJobs {

  private static final Logger LOG = LoggerFactory.getLogger(VideoJobs.class);

  private final VideoLifecycle store;
  private final StoredOutputs outputs;
  private final TranscodeMetrics metrics;
  private final String workerId;
  private final int staleAfterSeconds;

  public VideoJobs(
      VideoLifecycle store,
      StoredOutputs outputs,
      TranscodeMetrics metrics,
      String workerId,
      int staleAfterSeconds) {
    this.store = store;
    this.outputs = outputs;
    this.metrics = metrics;
    this.workerId = workerId;
    this.staleAfterSeconds = staleAfterSeconds;
  }

  /**
   * Stage claim: PROCESSING under a new claim (with its video.processing event). Property {@value
   * #CLAIMED} is false when there is nothing to do: the video is gone, done, or another worker runs
   * it (a duplicate message).
   */
  public void claim(Exchange exchange) {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    String claim = workerId + "/" + UUID.randomUUID().toString().substring(0, 8);
    boolean claimed;
    try {
      Optional<VideoLifecycle.Video> video = store.find(job.videoKey());
      if (video.isEmpty()) {
        LOG.info("Video {} is gone; nothing to do", job.videoKey());
        claimed = false;
      } else if (!store.claim(job.videoKey(), claim, staleAfterSeconds)) {
        LOG.info(
            "Video {} is {}; this message is a duplicate, nothing to do",
            job.videoKey(),
            store.find(job.videoKey()).map(VideoLifecycle.Video::state).orElse("gone"));
        claimed = false;
      } else {
        job.claim(claim);
        claimed = true;
        LOG.info("Transcoding {} as {}", job.videoKey(), claim);
      }
    } catch (SQLException e) {
      throw new TransientJobException("database unavailable: " + Reelroute.oneLine(e), e);
    }
    exchange.setProperty(CLAIMED, claimed);
    if (!claimed) {
      finish(exchange, Outcomes.SKIPPED);
    }
  }

  public static final String CLAIMED = "claimed";

  /**
   * Stage mark-ready: READY with the media facts and renditions, and the video.ready event, in one
   * transaction. A lost claim (taken over, or the video deleted meanwhile) changes nothing.
   */
  public void ready(Exchange exchange) throws SQLException {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    io.reelroute.video.Media media =
        new io.reelroute.video.Media(
            job.media().durationSeconds(),
            job.media().width(),
            job.media().height(),
            job.sourceBytes());
    if (!store.markReady(job.videoKey(), job.claim(), media, job.renditions())) {
      LOG.warn("Video {} was taken over or deleted while transcoding; dropping", job.videoKey());
      if (store.find(job.videoKey()).isEmpty()) {
        outputs.remove(job.videoKey()); // deleted: leave nothing behind
      }
      finish(exchange, Outcomes.SKIPPED);
      return;
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - job.begin());
    metrics.transcoded(wall, media.durationSeconds());
    LOG.info(
        "Video {} READY: {} s of video in {} ms",
        job.videoKey(),
        media.durationSeconds(),
        wall.toMillis());
    finish(exchange, Outcomes.READY);
  }

  /**
   * The handler of a poison input: FAILED for good with the reason (and the video.failed event), no
   * outputs left. When the worker is stopping, ffprobe or ffmpeg were killed by the stop, not by
   * the input: the job is given back instead.
   */
  public void fail(Exchange exchange) {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    if (Processes.stopping()) {
      giveBack(exchange, "the worker stopped during the job");
      return;
    }
    String reason = cause == null ? "The video could not be processed." : cause.getMessage();
    LOG.info("Video {} FAILED: {}", job.videoKey(), reason);
    outputs.remove(job.videoKey());
    try {
      store.markFailed(job.videoKey(), job.claim(), reason);
      finish(exchange, Outcomes.FAILED);
    } catch (SQLException e) {
      LOG.warn("Video {}: FAILED not stored, will retry: {}", job.videoKey(), Reelroute.oneLine(e));
      store.releaseQuietly(job.videoKey(), job.claim(), reason);
      Outcomes.set(exchange, Outcomes.RETRY);
    }
  }

  /**
   * The handler of any other failure (S3 or database away, ffmpeg killed): the claim is given back
   * with the error and the partial outputs removed; the message stays for a retry.
   */
  public void giveBack(Exchange exchange) {
    Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    giveBack(exchange, cause == null ? "unknown error" : Reelroute.oneLine(cause));
  }

  private void giveBack(Exchange exchange, String error) {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    LOG.warn("Video {} attempt failed, will retry: {}", job.videoKey(), error);
    outputs.remove(job.videoKey());
    store.releaseQuietly(job.videoKey(), job.claim(), error);
    Outcomes.set(exchange, Outcomes.RETRY);
  }

  private void finish(Exchange exchange, String outcome) {
    Outcomes.set(exchange, outcome);
    metrics.job(outcome);
  }
}
