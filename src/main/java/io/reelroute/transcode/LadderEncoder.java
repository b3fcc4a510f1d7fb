package io.reelroute.transcode;

import io.reelroute.transcode.ffmpeg.Progress;
import io.reelroute.transcode.ffmpeg.TranscodePlan;
import io.reelroute.video.VideoLifecycle;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage encode: the plan for this source (io.reelroute.transcode.ffmpeg, pure and unit-tested) and
 * one ffmpeg run for the whole HLS ladder, its progress stored at most every
 * reelroute.transcode.progress-interval-ms. A decoder error on a readable file is a poison input;
 * any other failure (killed, timed out) is retried.
 */
public final class LadderEncoder {

  private static final Logger LOG = LoggerFactory.getLogger(LadderEncoder.class);

  private final TranscodeConfig config;
  private final VideoLifecycle store;
  private final TranscodeMetrics metrics;

  public LadderEncoder(TranscodeConfig config, VideoLifecycle store, TranscodeMetrics metrics) {
    this.config = config;
    this.store = store;
    this.metrics = metrics;
  }

  public void encode(Exchange exchange) throws Exception {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    TranscodePlan plan = TranscodePlan.of(job.media(), config.encoding());
    job.plan(plan);
    long start = System.nanoTime();
    Progress progress = new Progress(plan.source().durationSeconds(), start);
    long[] lastWrite = {start};
    long interval = TimeUnit.MILLISECONDS.toNanos(config.progressIntervalMillis());
    long timeout = 600 + (long) (plan.source().durationSeconds() * 30);
    Processes.Result result =
        Processes.run(
            plan.command(config.ffmpeg(), job.source(), job.out()),
            line -> {
              long now = System.nanoTime();
              Progress.Snapshot snapshot = progress.accept(line, now);
              if (snapshot != null && !snapshot.done() && now - lastWrite[0] >= interval) {
                lastWrite[0] = now;
                try {
                  store.progress(
                      job.videoKey(), job.claim(), snapshot.percent(), snapshot.etaSeconds());
                } catch (SQLException e) {
                  LOG.debug("progress of {} not stored: {}", job.videoKey(), e.toString());
                }
              }
            },
            timeout);
    metrics.use(exchange.getContext());
    metrics.ffmpegCpu(result.cpuSeconds());
    LOG.info(
        "{}: ffmpeg encoded the ladder in {} ms, {} CPU seconds",
        job.videoKey(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        String.format(Locale.ROOT, "%.1f", result.cpuSeconds()));
    if (result.exitCode() != 0 || result.killed()) {
      String why = Processes.lastLine(result);
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
}
