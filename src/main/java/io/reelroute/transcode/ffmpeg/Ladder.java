package io.reelroute.transcode.ffmpeg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses the rungs for a source: every configured rung whose nominal size is at or below the
 * source's short side (never upscale). Portrait sources are measured by their short side too, so
 * 1080x1920 gets 1080p, 720p, ... with the long side vertical. A source just below a rung (within
 * {@link #TOLERANCE}, e.g. 853x479) gets that rung at its own size rather than dropping a whole
 * step; a source smaller than every rung gets one rung at its own size.
 */
public final class Ladder {

  /** The standard rungs, highest first. */
  public static final List<Integer> STANDARD = List.of(2160, 1440, 1080, 720, 480, 360, 240);

  static final double TOLERANCE = 0.03;

  private Ladder() {}

  /**
   * Parses "1080:6000,720:3000" (nominal height : max bit rate in kbit/s) into a map highest first.
   */
  public static Map<Integer, Integer> parseCaps(String spec) {
    Map<Integer, Integer> caps = new TreeMap<>(Collections.reverseOrder());
    for (String part : spec.split(",")) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      String[] pair = item.split(":");
      if (pair.length != 2) {
        throw new IllegalArgumentException("'" + item + "' is not height:kbps");
      }
      int height;
      int kbps;
      try {
        height = Integer.parseInt(pair[0].strip());
        kbps = Integer.parseInt(pair[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + item + "' is not height:kbps");
      }
      if (height < 16 || height % 2 != 0 || kbps <= 0) {
        throw new IllegalArgumentException(
            "'" + item + "' needs an even height of at least 16 and a positive bit rate");
      }
      caps.put(height, kbps);
    }
    if (caps.isEmpty()) {
      throw new IllegalArgumentException("no rungs");
    }
    return caps;
  }

  /** The rungs for a source of the given displayed size, highest first. */
  public static List<Rung> select(int width, int height, Map<Integer, Integer> caps) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("source size " + width + "x" + height);
    }
    int shortSide = Math.min(width, height);
    List<Rung> rungs = new ArrayList<>();
    Map<Integer, Integer> sorted = new TreeMap<>(Collections.reverseOrder());
    sorted.putAll(caps);
    for (Map.Entry<Integer, Integer> entry : sorted.entrySet()) {
      int nominal = entry.getKey();
      boolean fits = nominal <= shortSide;
      boolean justBelow = !fits && shortSide >= nominal * (1 - TOLERANCE);
      if (fits || justBelow) {
        rungs.add(rung(nominal, Math.min(nominal, even(shortSide)), width, height, entry));
      }
    }
    if (rungs.isEmpty()) {
      // smaller than the smallest rung: one rendition at the source's own (even) size
      Map.Entry<Integer, Integer> smallest = ((TreeMap<Integer, Integer>) sorted).lastEntry();
      int own = Math.max(2, even(shortSide));
      rungs.add(rung(own, own, width, height, smallest));
    }
    return List.copyOf(rungs);
  }

  private static Rung rung(
      int nominal, int target, int width, int height, Map.Entry<Integer, Integer> cap) {
    boolean portrait = height > width;
    int shortSide = Math.min(width, height);
    int longSide = Math.max(width, height);
    int outShort = target;
    int outLong = Math.max(2, evenRound((double) longSide * outShort / shortSide));
    int kbps = cap.getValue();
    return portrait
        ? new Rung(nominal, outShort, outLong, kbps, kbps * 2)
        : new Rung(nominal, outLong, outShort, kbps, kbps * 2);
  }

  static int even(int value) {
    return value - (value % 2);
  }

  static int evenRound(double value) {
    return (int) Math.round(value / 2.0) * 2;
  }

  /**
   * The rung for the progressive download: the highest rung at or below {@code maxNominal}, else
   * the lowest.
   */
  public static Rung downloadRung(List<Rung> rungs, int maxNominal) {
    return rungs.stream()
        .filter(r -> r.nominal() <= maxNominal)
        .findFirst()
        .orElse(rungs.get(rungs.size() - 1));
  }
}
