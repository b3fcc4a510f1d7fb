package io.reelroute.transcode.ffmpeg;

/**
 * What ffprobe told us about a source file. Width and height are the <em>displayed</em> size
 * (rotation applied); {@code codedWidth}/{@code codedHeight} are as stored.
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
    String audioCodec) {

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

  /** The constant output frame rate: the average rate, capped, never 0. */
  public double outputFrameRate(double maxFrameRate) {
    double rate = avgFrameRate > 0 ? avgFrameRate : (realFrameRate > 0 ? realFrameRate : 30);
    if (rate > 1000) {
      rate = realFrameRate > 0 && realFrameRate <= 1000 ? realFrameRate : 30;
    }
    return Math.min(rate, maxFrameRate);
  }
}
