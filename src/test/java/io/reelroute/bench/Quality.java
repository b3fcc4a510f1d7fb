package io.reelroute.bench;

import io.reelroute.testing.Clips;
import io.reelroute.transcode.ffmpeg.Rung;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /**
   * Bytes of a rung's video: the sizes of its video packets (ffprobe), so that a PeerTube-style
   * rung, which carries its own AAC audio in its segments, is compared on its video alone.
   */
  static long videoBytes(Path playlist) {
    String sizes =
        Clips.run(
            List.of(
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-show_entries",
                "packet=size",
                "-of",
                "csv=p=0",
                playlist.toString()));
    return sizes.lines().filter(l -> !l.isBlank()).mapToLong(l -> Long.parseLong(l.strip())).sum();
  }
}
