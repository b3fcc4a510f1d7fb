package io.reelroute.bench;

import io.reelroute.testing.Clips;
import io.reelroute.transcode.ffmpeg.Rung;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The quality table of bench/transcode: SSIM of one rung against the source scaled to it. */
final class Quality {

  private static final Pattern ALL = Pattern.compile("SSIM .* All:([0-9.]+)");

  private Quality() {}

  /**
   * ffmpeg's ssim filter: the rung (its HLS playlist) against the source scaled to the rung's size
   * with the same scaler the ladder uses; the average over all frames ("All").
   */
  static double ssim(Path playlist, Path source, Rung rung) {
    String graph =
        String.format(
            Locale.ROOT,
            "[1:v]scale=%d:%d:flags=bicubic,setsar=1[ref];[0:v]setsar=1[enc];[enc][ref]ssim",
            rung.width(),
            rung.height());
    String out =
        Clips.run(
            List.of(
                "ffmpeg",
                "-hide_banner",
                "-nostdin",
                "-i",
                playlist.toString(),
                "-i",
                source.toString(),
                "-lavfi",
                graph,
                "-f",
                "null",
                "-"));
    Matcher m = ALL.matcher(out);
    double all = Double.NaN;
    while (m.find()) {
      all = Double.parseDouble(m.group(1));
    }
    if (Double.isNaN(all)) {
      throw new IllegalStateException("no SSIM in ffmpeg's output:\n" + out);
    }
    return all;
  }

  /** Bytes of a rung's media: its init segment and segments, not its playlist. */
  static long bytes(Path rungDir) throws IOException {
    try (Stream<Path> files = Files.list(rungDir)) {
      long total = 0;
      for (Path f : files.filter(p -> !p.toString().endsWith(".m3u8")).toList()) {
        total += Files.size(f);
      }
      return total;
    }
  }
}
