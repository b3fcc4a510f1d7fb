package io.reelroute.transcode.ffmpeg;

import java.util.OptionalDouble;

/**
 * Reads ffmpeg's {@code -progress} output (key=value lines, each block ending with {@code
 * progress=continue|end}) and turns it into percent done and an ETA.
 */
public final class Progress {

  /** One reading: how far the output is, in percent, and the estimated seconds left. */
  public record Snapshot(double percent, Integer etaSeconds, double speed, boolean done) {}

  private final double durationSeconds;
  private final long startNanos;
  private double outSeconds;
  private double speed;

  public Progress(double durationSeconds, long startNanos) {
    this.durationSeconds = durationSeconds;
    this.startNanos = startNanos;
  }

  /**
   * Feeds one line; returns a snapshot when the line closes a block, else null. {@code nowNanos} is
   * the current {@link System#nanoTime()}.
   */
  public Snapshot accept(String line, long nowNanos) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      return null;
    }
    String key = line.substring(0, eq).strip();
    String value = line.substring(eq + 1).strip();
    switch (key) {
      case "out_time_us", "out_time_ms" -> {
        // both are microseconds (out_time_ms is misnamed in ffmpeg 5.1)
        parse(value).ifPresent(us -> outSeconds = Math.max(outSeconds, us / 1_000_000.0));
        return null;
      }
      case "speed" -> {
        String number = value.endsWith("x") ? value.substring(0, value.length() - 1) : value;
        parse(number).ifPresent(s -> speed = s);
        return null;
      }
      case "progress" -> {
        return snapshot(value.equals("end"), nowNanos);
      }
      default -> {
        return null;
      }
    }
  }

  Snapshot snapshot(boolean done, long nowNanos) {
    if (done) {
      return new Snapshot(100, 0, speed, true);
    }
    double fraction = durationSeconds <= 0 ? 0 : Math.min(1, outSeconds / durationSeconds);
    double percent = Math.min(99.99, Math.floor(fraction * 10_000) / 100.0);
    Integer eta = null;
    double elapsed = (nowNanos - startNanos) / 1e9;
    if (fraction > 0.001 && elapsed > 0) {
      eta = (int) Math.ceil(elapsed * (1 - fraction) / fraction);
    } else if (speed > 0) {
      eta = (int) Math.ceil((durationSeconds - outSeconds) / speed);
    }
    return new Snapshot(percent, eta, speed, false);
  }

  private static OptionalDouble parse(String text) {
    try {
      double value = Double.parseDouble(text);
      return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty(); // "N/A" before the first frame
    }
  }
}
