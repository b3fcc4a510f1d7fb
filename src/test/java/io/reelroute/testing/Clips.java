package io.reelroute.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test clips made with ffmpeg's lavfi sources, and ffprobe checks of outputs. */
public final class Clips {

  private Clips() {}

  /** Runs ffmpeg quietly (errors only, overwriting outputs) in {@code dir}. */
  public static String ffmpeg(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
    command.addAll(Arrays.asList(args));
    return run(dir, command);
  }

  public static String run(String... command) {
    return run(Arrays.asList(command));
  }

  public static String run(List<String> command) {
    return run(null, command);
  }

  /** Runs a command to its end (at most 20 min); its output, or an exception with it. */
  public static String run(Path dir, List<String> command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      if (dir != null) {
        builder.directory(dir.toFile());
      }
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A test pattern with motion, optionally with a tone of the given channel layout. */
  public static Path make(
      Path dir, String name, int width, int height, double seconds, int fps, String audioLayout) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Path file = dir.resolve(name);
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=" + width + "x" + height + ":rate=" + fps + ":duration=" + seconds));
    if (audioLayout != null) {
      args.addAll(
          List.of(
              "-f",
              "lavfi",
              "-i",
              "sine=frequency=440:sample_rate=44100:duration=" + seconds,
              "-af",
              "aformat=channel_layouts=" + audioLayout));
    }
    args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
    if (audioLayout != null) {
      args.addAll(List.of("-c:a", "aac", "-b:a", "96k"));
    }
    args.add(file.toString());
    ffmpeg(dir, args.toArray(String[]::new));
    return file;
  }

  public static String probe(Path file, String entries, String... extra) {
    List<String> args = new ArrayList<>(List.of("ffprobe", "-v", "error"));
    args.addAll(Arrays.asList(extra));
    args.addAll(List.of("-show_entries", entries, "-of", "csv=p=0", file.toString()));
    return run(args).strip();
  }

  public static double duration(Path file) {
    return Double.parseDouble(probe(file, "format=duration"));
  }

  /** Presentation times of the video keyframes of a playlist or file. */
  public static List<String> keyframes(Path file) {
    String out = probe(file, "frame=pts_time", "-select_streams", "v:0", "-skip_frame", "nokey");
    return out.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .map(
            l ->
                String.format(
                    java.util.Locale.ROOT, "%.2f", Double.parseDouble(l.replace(",", ""))))
        .toList();
  }
}
