package io.reelroute.bench;

import io.reelroute.bench.BenchProcesses.Stack;
import io.reelroute.bench.BenchProcesses.Worker;
import io.reelroute.testing.Clips;
import io.reelroute.transcode.ffmpeg.EncodingOptions;
import io.reelroute.transcode.ffmpeg.MediaInfo;
import io.reelroute.transcode.ffmpeg.Probe;
import io.reelroute.transcode.ffmpeg.Rung;
import io.reelroute.transcode.ffmpeg.TranscodePlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** bench/transcode: see that script for what it measures. */
public final class TranscodeBench {

  private static final StringBuilder REPORT = new StringBuilder();

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).toAbsolutePath();
    Path results = Path.of(args[1]);
    Files.createDirectories(work);
    line("Reelroute transcode benchmark, " + Instant.now());
    line(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores (shared), "
            + run(List.of("ffmpeg", "-version")).lines().findFirst().orElse(""));
    line("load average at start: " + Files.readString(Path.of("/proc/loadavg")).strip());
    line("");

    // BENCH_SECONDS=20 for a quicker run while trying levers; results are for the 60 s clip
    int clipSeconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "60"));
    Path clip = work.resolve("clip" + clipSeconds + "-1080p30.mp4");
    if (!Files.exists(clip)) {
      // testsrc2 moves everywhere; temporal grain makes it encode like camera footage
      Clips.ffmpeg(
          work,
          "-f",
          "lavfi",
          "-i",
          "testsrc2=size=1920x1080:rate=30:duration=" + clipSeconds,
          "-f",
          "lavfi",
          "-i",
          "sine=frequency=300:beep_factor=4:sample_rate=48000:duration=" + clipSeconds,
          "-vf",
          "noise=alls=12:allf=t",
          "-c:v",
          "libx264",
          "-preset",
          "ultrafast",
          "-b:v",
          "12M",
          "-maxrate",
          "12M",
          "-bufsize",
          "24M",
          "-pix_fmt",
          "yuv420p",
          "-c:a",
          "aac",
          "-b:a",
          "192k",
          "-ac",
          "2",
          clip.toString());
    }
    MediaInfo info = Probe.parse(run(Probe.command("ffprobe", clip)));
    line(
        String.format(
            Locale.ROOT,
            "source: %s, %dx%d, %.1f s, %.1f MB, audio %s",
            clip.getFileName(),
            info.width(),
            info.height(),
            info.durationSeconds(),
            Files.size(clip) / 1e6,
            info.hasAudio()));
    TranscodePlan plan = TranscodePlan.of(info, EncodingOptions.defaults());
    if (args.length > 2 && args[2].equals("memory")) {
      try (Stack stack = Stack.start(work)) {
        Worker worker = Worker.start(work, stack);
        try {
          memory(work, stack, worker);
        } finally {
          worker.close();
        }
      }
      Files.writeString(
          results,
          REPORT.toString(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      return;
    }
    line(
        "ladder: "
            + plan.rungs().stream().map(r -> r.name() + "=" + r.width() + "x" + r.height()).toList()
            + ", x264 "
            + EncodingOptions.defaults().preset()
            + " crf "
            + EncodingOptions.defaults().crf()
            + ", fMP4 4 s segments, 2 s GOP");
    line("single pass filter graph: " + plan.command("ffmpeg", clip, work).get(12));
    line("");

    // Every contender runs while the stack and the worker JVM are up (idle but for the pipeline),
    // one after the other in one round, so that the ratios compare runs made side by side.
    Path single = work.resolve("bare-single");
    Path perRung = work.resolve("bare-per-rung");
    Path seedOut = work.resolve("seed.mp4");
    try (Stack stack = Stack.start(work)) {
      Worker worker = Worker.start(work, stack);
      try {
        // the JVM's first job pays class loading and JIT: a 2 s clip first, as a running worker
        Path warm = Clips.make(work, "warm-up.mp4", 640, 360, 2, 30, "stereo");
        worker.transcode(stack, warm, null);

        String loadSeed = load();
        double[] seed = timed(seedCommand(clip, seedOut), work);
        String loadPipeline = load();
        Worker.Timing pipeline = worker.transcode(stack, clip, null);
        String loadBare = load();
        fresh(single);
        double[] bareRun = timed(plan.command("ffmpeg", clip, single), work);
        long t0 = System.nanoTime();
        run(plan.downloadCommand("ffmpeg", single));
        double remux = seconds(t0);
        String loadPerRung = load();
        fresh(perRung);
        for (var rung : plan.rungs()) {
          Files.createDirectories(perRung.resolve(rung.name()));
        }
        double perRungWall = 0;
        double perRungCpu = 0;
        List<Double> perRungCpus = new ArrayList<>();
        for (List<String> command : plan.perRungCommands("ffmpeg", clip, perRung)) {
          double[] r = timed(command, work);
          perRungWall += r[0];
          perRungCpu += r[1];
          perRungCpus.add(r[1]);
        }
        double bare = bareRun[0] + remux;
        double ready = pipeline.readySeconds();

        line("(1) the seed's command: one 1 Mbit/s MP4, x264 -preset fast, AAC");
        line(
            f(
                "    wall %.1f s, CPU %.1f s, %.1f MB (load before: %s)",
                seed[0], seed[1], Files.size(seedOut) / 1e6, loadSeed));
        line(
            "(2) one ffmpeg per rung (PeerTube's scheduling: a decode and an AAC encode per rung)");
        line(
            f(
                "    wall %.1f s, CPU %.1f s (load before: %s)",
                perRungWall, perRungCpu, loadPerRung));
        line("(3) single pass (1 decode, the ladder + shared audio + poster/thumbnail/storyboard)");
        line(f("    wall %.1f s, CPU %.1f s (load before: %s)", bareRun[0], bareRun[1], loadBare));
        line(f("    + download.mp4 stream copy %.2f s = bare %.1f s", remux, bare));
        line("(4) pipeline: upload complete -> READY through the api+worker JVM (-Xmx256m)");
        line(f("    %.1f s (load before: %s)", ready, loadPipeline));
        line(
            f(
                "    claimed after %.1f s; claim -> its ffmpeg starts (fetch, probe) %.1f s;"
                    + " its ffmpeg %.1f s; ffmpeg ends -> READY (MP4 copy, playlists, publish) %.1f s",
                pipeline.claimMs / 1000.0,
                pipeline.fetchSeconds(),
                pipeline.ffmpegSeconds(),
                pipeline.afterFfmpegSeconds()));
        line(
            f(
                "    time to first playable (master playlist in the bucket): %.1f s",
                pipeline.playableMs / 1000.0));
        line(
            f(
                "    CPU beside its ffmpeg during the job: api+worker JVM %.1f s, the embedded"
                    + " stack (S3, SQS, DB: not on a worker in production) %.1f s, this bench's"
                    + " polling %.1f s",
                pipeline.workerCpu, pipeline.stackCpu, pipeline.benchCpu));
        line("");
        line("ratios (same run)                                   measured   target");
        line(
            f(
                "    READY / seed command                             %6.2f     <= 1.00",
                ready / seed[0]));
        line(
            f(
                "    one ffmpeg per rung / single pass (wall)         %6.2f     >= 2.00",
                perRungWall / bareRun[0]));
        line(
            f(
                "    one ffmpeg per rung / single pass (CPU)          %6.2f",
                perRungCpu / bareRun[1]));
        line(
            f(
                "    pipeline / its bare ffmpeg commands              %6.3f    <= 1.10",
                ready / bare));
        line(f("    single pass / seed command (wall)                %6.2f", bareRun[0] / seed[0]));
        line(f("    single pass / seed command (CPU)                 %6.2f", bareRun[1] / seed[1]));
        line(
            f(
                "    first playable / READY                           %6.2f",
                (double) pipeline.playableMs / pipeline.readyMs));
        line(
            f(
                "    speed: %.2fx real time (pipeline), %.2fx (bare single pass)",
                info.durationSeconds() / ready, info.durationSeconds() / bareRun[0]));
        line("");

        quality(plan, clip, single, perRung);
        TranscodeBounds.referenceSpread(plan, clip, perRung, work.resolve("bare-per-rung-again"));
        line("");
        TranscodeBounds.report(plan, clip, work, perRungCpus, bareRun[1], seed[1]);
        if (!"0".equals(System.getenv("BENCH_MEMORY"))) {
          line("");
          memory(work, stack, worker);
        }
      } finally {
        worker.close();
      }
    }
    Files.writeString(results, REPORT.toString(), StandardCharsets.UTF_8);
    System.out.println("\nwritten to " + results);
  }

  /** The seed project's own transcode: one MP4 at 1 Mbit/s, x264 preset fast, AAC audio. */
  static List<String> seedCommand(Path clip, Path out) {
    return List.of(
        "ffmpeg",
        "-hide_banner",
        "-nostdin",
        "-y",
        "-loglevel",
        "error",
        "-i",
        clip.toString(),
        "-c:v",
        "libx264",
        "-preset",
        "fast",
        "-b:v",
        "1M",
        "-c:a",
        "aac",
        "-movflags",
        "+faststart",
        out.toString());
  }

  /** Per rung: SSIM against the source scaled to the rung, and bytes, of both ladders. */
  static void quality(TranscodePlan plan, Path clip, Path single, Path perRung) throws IOException {
    line("quality per rung: SSIM (ffmpeg ssim filter, All) against the source scaled to the rung");
    line(
        "    rung    single pass: SSIM  video bytes | per rung: SSIM  video bytes | SSIM >=   bytes <=");
    for (Rung rung : plan.rungs()) {
      Path a = single.resolve("hls").resolve(rung.name());
      Path b = perRung.resolve(rung.name());
      double ssimA = Quality.ssim(a.resolve("index.m3u8"), clip, rung);
      double ssimB = Quality.ssim(b.resolve("index.m3u8"), clip, rung);
      long bytesA = Quality.videoBytes(a.resolve("index.m3u8"));
      long bytesB = Quality.videoBytes(b.resolve("index.m3u8"));
      line(
          f(
              "    %-6s  %8.5f  %12d  |  %8.5f  %12d  |  %-6s   %-6s (SSIM %+.5f, bytes %+.2f %%)",
              rung.name(),
              ssimA,
              bytesA,
              ssimB,
              bytesB,
              ssimA >= ssimB ? "yes" : "NO",
              bytesA <= bytesB ? "yes" : "NO",
              ssimA - ssimB,
              100.0 * (bytesA - bytesB) / bytesB));
    }
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  // ------------------------------------------------------------------ helpers

  static void line(String text) {
    System.out.println(text);
    REPORT.append(text).append('\n');
  }

  static void memory(Path work, Stack stack, Worker worker) throws Exception {
    Path big = work.resolve("source-1gib.mkv");
    if (!Files.exists(big) || Files.size(big) < (1L << 30)) {
      // MJPEG at top quality with grain: a >= 1 GiB file that is quick to make
      Clips.ffmpeg(
          work,
          "-f",
          "lavfi",
          "-i",
          "testsrc2=size=1920x1080:rate=30:duration=40",
          "-f",
          "lavfi",
          "-i",
          "sine=frequency=500:sample_rate=48000:duration=40",
          "-vf",
          "noise=alls=30:allf=t,format=yuvj420p",
          "-c:v",
          "mjpeg",
          "-q:v",
          "1",
          "-c:a",
          "pcm_s16le",
          big.toString());
    }
    MediaInfo bigInfo = Probe.parse(run(Probe.command("ffprobe", big)));
    line("(d) worker memory while transcoding a large source");
    line(
        String.format(
            Locale.ROOT,
            "    source: %.2f GiB, %dx%d, %.0f s (MJPEG + PCM)",
            Files.size(big) / (double) (1L << 30),
            bigInfo.width(),
            bigInfo.height(),
            bigInfo.durationSeconds()));
    Worker.Samples samples = new Worker.Samples();
    Worker.Timing bigRun = worker.transcode(stack, big, samples);
    line(f("    upload complete -> READY: %.1f s", bigRun.readySeconds()));
    // the share a source read straight from S3 (overlapping the encode) could save at most
    line(
        f(
            "    claimed after %.1f s; claim -> its ffmpeg starts (fetch, probe) %.1f s;"
                + " its ffmpeg %.1f s; ffmpeg ends -> READY %.1f s",
            bigRun.claimMs / 1000.0,
            bigRun.fetchSeconds(),
            bigRun.ffmpegSeconds(),
            bigRun.afterFfmpegSeconds()));
    line(
        String.format(
            Locale.ROOT,
            "    worker JVM heap used: max %.0f MiB (cap -Xmx256m), %d samples",
            samples.maxHeap / 1048576.0,
            samples.count));
    line(
        String.format(
            Locale.ROOT,
            "    worker JVM RSS: max %.0f MiB (ffmpeg child, separate: max %.0f MiB)",
            samples.maxRss / 1024.0,
            samples.maxChildRss / 1024.0));
  }

  static String load() throws IOException {
    String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return parts[0] + " " + parts[1] + " " + parts[2];
  }

  /** Runs a command under /usr/bin/time: {wall seconds, user+sys CPU seconds}. */
  static double[] timed(List<String> command, Path work) throws Exception {
    Path times = work.resolve("time.txt");
    List<String> wrapped =
        new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S", "-o", times.toString()));
    wrapped.addAll(command);
    run(wrapped);
    String[] parts = Files.readString(times).strip().split("\\s+");
    String[] last = java.util.Arrays.copyOfRange(parts, parts.length - 3, parts.length);
    return new double[] {
      Double.parseDouble(last[0]), Double.parseDouble(last[1]) + Double.parseDouble(last[2])
    };
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static Path fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    return dir;
  }

  static String run(List<String> command) {
    return Clips.run(command);
  }
}
