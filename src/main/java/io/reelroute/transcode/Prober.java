package io.reelroute.transcode;

import io.reelroute.transcode.ffmpeg.MediaInfo;
import io.reelroute.transcode.ffmpeg.Probe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.camel.Exchange;

/**
 * Stage probe: ffprobe reads the source, and the poison-input rules refuse what we will not
 * transcode (not a video, no duration, too long, too large), each with a sentence for the owner.
 */
public final class Prober {

  private final TranscodeConfig config;

  public Prober(TranscodeConfig config) {
    this.config = config;
  }

  public void probe(Exchange exchange) throws Exception {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    job.media(probe(job.source()));
  }

  MediaInfo probe(Path source) throws Exception {
    Processes.Result result = Processes.run(Probe.command(config.ffprobe(), source), null, 120);
    if (result.exitCode() != 0) {
      String why = Processes.lastLine(result);
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
}
