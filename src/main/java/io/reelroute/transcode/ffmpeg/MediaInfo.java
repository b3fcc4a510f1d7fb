package io.reelroute.transcode.ffmpeg;

/**
 * What ffprobe told us about a source file. Width and height are the <em>displayed</em> size
 * (rotation applied); {@code codedWidth}/{@code codedHeight} are as stored; {@code pixelFormat} is
 * ffprobe's pix_fmt of the video stream (null when unknown).
 */
public record MediaInfo(
    String formatName,
    double durationSeconds,
    long sizeBytes,
    boolean hasVideo,
    String videoCodec,
    int codedWidth,
    int codedHeight,
    int rotation,
    double avgFrameRate,
    double realFrameRate,
    boolean hasAudio,
    int audioChannels,
    String audioCodec,
    String pixelFormat) {

  /** Width as displayed (after applying the rotation metadata). */
  public int width() {
    return quarterTurn() ? codedHeight : codedWidth;
  }

  /** Height as displayed (after applying the rotation metadata). */
  public int height() {
    return quarterTurn() ? codedWidth : codedHeight;
  }

  public boolean quarterTurn() {
    int r = Math.floorMod(rotation, 360);
    return r == 90 || r == 270;
  }

  public boolean portrait() {
    return height() > width();
  }

  /** The short side: the number a rung is named after (720 for 1280x720 and for 720x1280). */
  public int shortSide() {
    return Math.min(width(), height());
  }

  /**
   * Variable frame rate: the stream's average rate differs from its base rate by more than 1%. VFR
   * sources are normalised to a constant rate.
   */
  public boolean variableFrameRate() {
    if (avgFrameRate <= 0 || realFrameRate <= 0) {
      return false;
    }
    return Math.abs(avgFrameRate - realFrameRate) / realFrameRate > 0.01;
  }

  /** Rates a variable-frame-rate source is normalised to (the nearest one wins). */
  static final double[] STANDARD_RATES = {10, 12, 15, 20, 24, 25, 30, 48, 50, 60};

  /**
   * The constant output frame rate, capped, never 0: a constant-rate source keeps its rate, a
   * variable-rate one gets the standard rate nearest its average (a phone's 29.6 fps becomes 30).
   */
  public double outputFrameRate(double maxFrameRate) {
    double rate = avgFrameRate > 0 ? avgFrameRate : (realFrameRate > 0 ? realFrameRate : 30);
    if (rate > 1000) {
      rate = realFrameRate > 0 && realFrameRate <= 1000 ? realFrameRate : 30;
    }
    if (variableFrameRate()) {
      double nearest = STANDARD_RATES[0];
      for (double standard : STANDARD_RATES) {
        if (Math.abs(standard - rate) < Math.abs(nearest - rate)) {
          nearest = standard;
        }
      }
      rate = nearest;
    }
    return Math.min(rate, maxFrameRate);
  }

  /** A rate as ffmpeg's fps filter takes it exactly: "30", "30000/1001" or a decimal. */
  public static String rational(double rate) {
    if (Math.abs(rate - Math.rint(rate)) < 1e-6) {
      return Long.toString(Math.round(rate));
    }
    double ntsc = rate * 1001 / 1000;
    if (Math.abs(ntsc - Math.rint(ntsc)) < 1e-3) {
      return Math.round(ntsc) * 1000 + "/1001";
    }
    return String.format(java.util.Locale.ROOT, "%.6f", rate);
  }
}
