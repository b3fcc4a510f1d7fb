package io.reelroute.transcode.ffmpeg;

import java.util.Locale;

/**
 * The seek-preview sprite: one thumbnail every {@code intervalSeconds}, {@code columns} per row,
 * all in one JPEG, plus a WebVTT file whose cues point into it with {@code #xywh=}.
 */
public record Storyboard(
    double intervalSeconds, int tiles, int columns, int rows, int tileWidth, int tileHeight) {

  /** Plans the sprite for a video of this duration and displayed size. */
  public static Storyboard plan(
      double durationSeconds, int width, int height, int maxTiles, int tileWidth) {
    double duration = Math.max(durationSeconds, 0.1);
    double interval = Math.max(1, Math.ceil(duration / maxTiles));
    int tiles = (int) Math.max(1, Math.min(maxTiles, Math.ceil(duration / interval)));
    int columns = Math.min(10, tiles);
    int rows = (tiles + columns - 1) / columns;
    int tileHeight = Math.max(2, Ladder.evenRound((double) tileWidth * height / width));
    return new Storyboard(interval, tiles, columns, rows, tileWidth, tileHeight);
  }

  /** The ffmpeg filter chain that turns the decoded video into the sprite. */
  public String filter() {
    return String.format(
        Locale.ROOT,
        "fps=1/%s,scale=%d:%d,tile=%dx%d",
        trim(intervalSeconds),
        tileWidth,
        tileHeight,
        columns,
        rows);
  }

  /** The WebVTT index: one cue per tile, pointing at its rectangle in {@code spriteUri}. */
  public String webVtt(String spriteUri, double durationSeconds) {
    StringBuilder vtt = new StringBuilder("WEBVTT\n\n");
    for (int i = 0; i < tiles; i++) {
      double start = i * intervalSeconds;
      if (start >= durationSeconds && i > 0) {
        break;
      }
      double end = Math.min(durationSeconds, start + intervalSeconds);
      if (i == tiles - 1) {
        end = Math.max(end, durationSeconds);
      }
      int x = (i % columns) * tileWidth;
      int y = (i / columns) * tileHeight;
      vtt.append(timestamp(start))
          .append(" --> ")
          .append(timestamp(end))
          .append('\n')
          .append(spriteUri)
          .append(String.format(Locale.ROOT, "#xywh=%d,%d,%d,%d", x, y, tileWidth, tileHeight))
          .append("\n\n");
    }
    return vtt.toString();
  }

  static String timestamp(double seconds) {
    long millis = Math.round(seconds * 1000);
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d.%03d",
        millis / 3_600_000,
        (millis / 60_000) % 60,
        (millis / 1000) % 60,
        millis % 1000);
  }

  private static String trim(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.3f", value);
  }
}
