package io.reelroute.transcode;

import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import io.reelroute.transcode.ffmpeg.EncodingOptions;
import io.reelroute.transcode.ffmpeg.Ladder;
import java.nio.file.Path;

/** The reelroute.transcode.* settings, checked once at start-up. */
public record TranscodeConfig(
    String ffmpeg,
    String ffprobe,
    String bucket,
    String region,
    String queue,
    EncodingOptions encoding,
    Path workDir,
    double maxDurationSeconds,
    int maxFrameLong,
    int maxFrameShort,
    int progressIntervalMillis,
    int heartbeatSeconds,
    int staleAfterSeconds,
    String publicUrl) {

  public static TranscodeConfig from(Settings settings) {
    EncodingOptions encoding;
    try {
      encoding =
          new EncodingOptions(
              Ladder.parseCaps(settings.get("reelroute.transcode.rungs")),
              settings.get("reelroute.transcode.preset"),
              settings.integer("reelroute.transcode.crf"),
              settings.positiveInt("reelroute.transcode.segment-seconds"),
              settings.positiveInt("reelroute.transcode.keyframe-seconds"),
              settings.get("reelroute.transcode.segment-type"),
              settings.positiveInt("reelroute.transcode.audio-bitrate-kbps"),
              settings.positiveInt("reelroute.transcode.max-frame-rate"),
              settings.positiveInt("reelroute.transcode.download-max-height"),
              settings.positiveInt("reelroute.transcode.storyboard-max-tiles"),
              settings.positiveInt("reelroute.transcode.storyboard-tile-width"),
              settings.integer("reelroute.transcode.threads"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("reelroute.transcode.*", e.getMessage());
    }
    String frame = settings.get("reelroute.transcode.max-frame-size");
    String[] sides = frame.toLowerCase().split("x");
    int a;
    int b;
    try {
      a = Integer.parseInt(sides[0].strip());
      b = Integer.parseInt(sides[1].strip());
    } catch (RuntimeException e) {
      throw new SettingsException(
          "reelroute.transcode.max-frame-size", "must look like 4096x2304, got '" + frame + "'");
    }
    String dir = settings.getOrEmpty("reelroute.transcode.work-dir");
    Path workDir =
        dir.isBlank()
            ? Path.of(System.getProperty("java.io.tmpdir"), "reelroute-transcode")
            : settings.path("reelroute.transcode.work-dir");
    int stale = settings.positiveInt("reelroute.transcode.stale-after-seconds");
    int heartbeat = settings.positiveInt("reelroute.transcode.heartbeat-seconds");
    if (stale <= heartbeat * 2) {
      throw new SettingsException(
          "reelroute.transcode.stale-after-seconds",
          "must be more than twice reelroute.transcode.heartbeat-seconds");
    }
    if (stale >= settings.positiveInt("reelroute.sqs.visibility-timeout-seconds")) {
      throw new SettingsException(
          "reelroute.transcode.stale-after-seconds",
          "must be less than reelroute.sqs.visibility-timeout-seconds, so that a retried job"
              + " can take over from a worker that died");
    }
    return new TranscodeConfig(
        settings.get("reelroute.ffmpeg.path"),
        settings.get("reelroute.ffprobe.path"),
        settings.get("reelroute.s3.bucket"),
        settings.get("reelroute.aws.region"),
        settings.get("reelroute.sqs.queue"),
        encoding,
        workDir,
        settings.positiveInt("reelroute.transcode.max-duration-seconds"),
        Math.max(a, b),
        Math.min(a, b),
        settings.positiveInt("reelroute.transcode.progress-interval-ms"),
        heartbeat,
        stale,
        settings.get("reelroute.public-url"));
  }
}
