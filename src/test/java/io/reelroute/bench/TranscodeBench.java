package io.reelroute.bench;

import io.reelroute.testing.Clips;
import io.reelroute.transcode.ffmpeg.EncodingOptions;
import io.reelroute.transcode.ffmpeg.MediaInfo;
import io.reelroute.transcode.ffmpeg.Probe;
import io.reelroute.transcode.ffmpeg.TranscodePlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

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

    Path clip = work.resolve("clip60-1080p30.mp4");
    if (!Files.exists(clip)) {
      // testsrc2 moves everywhere; temporal grain makes it encode like camera footage
      Clips.ffmpeg(
          work,
          "-f",
          "lavfi",
          "-i",
          "testsrc2=size=1920x1080:rate=30:duration=60",
          "-f",
          "lavfi",
          "-i",
          "sine=frequency=300:beep_factor=4:sample_rate=48000:duration=60",
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
            + ", fMP4 4 s segments, 2 s GOP");
    line("");

    // (b) + (c): bare ffmpeg, single pass vs one run per rung. The machine is shared, so CPU
    // seconds (user+sys of ffmpeg, from /usr/bin/time) are reported next to wall time.
    Path single = fresh(work.resolve("bare-single"));
    String loadSingle = load();
    double[] singleRun = timed(plan.command("ffmpeg", clip, single), work);
    double singleSeconds = singleRun[0];
    long t0 = System.nanoTime();
    run(plan.downloadCommand("ffmpeg", single));
    double remuxSeconds = seconds(t0);
    double bare = singleSeconds + remuxSeconds;

    Path perRung = fresh(work.resolve("bare-per-rung"));
    for (var rung : plan.rungs()) {
      Files.createDirectories(perRung.resolve(rung.name()));
    }
    String loadPerRung = load();
    double perRungSeconds = 0;
    double perRungCpu = 0;
    for (List<String> command : plan.perRungCommands("ffmpeg", clip, perRung)) {
      double[] r = timed(command, work);
      perRungSeconds += r[0];
      perRungCpu += r[1];
    }

    line("(b) single pass vs one ffmpeg per rung");
    line(
        String.format(
            Locale.ROOT,
            "    single pass (1 decode, %d rungs + shared audio + poster/thumbnail/storyboard):"
                + " wall %.1f s, CPU %.1f s (load before: %s)",
            plan.rungs().size(),
            singleSeconds,
            singleRun[1],
            loadSingle));
    line(
        String.format(
            Locale.ROOT,
            "    one ffmpeg per rung (%d decodes, audio encoded per rung, no images):"
                + " wall %.1f s, CPU %.1f s (load before: %s)",
            plan.rungs().size(),
            perRungSeconds,
            perRungCpu,
            loadPerRung));
    line(
        String.format(
            Locale.ROOT,
            "    speed-up of the single pass: %.2fx by wall time, %.2fx by CPU time",
            perRungSeconds / singleSeconds,
            perRungCpu / singleRun[1]));
    line("");
    line("(c) speed");
    line(
        String.format(
            Locale.ROOT,
            "    bare single pass: %.2fx real time (%.1f s of video in %.1f s wall)",
            info.durationSeconds() / singleSeconds,
            info.durationSeconds(),
            singleSeconds));
    line(String.format(Locale.ROOT, "    download.mp4 stream copy: %.2f s", remuxSeconds));

    // (a) + (d): real processes
    try (Stack stack = Stack.start(work)) {
      Worker worker = Worker.start(work, stack);
      try {
        long pipelineMs = worker.transcode(stack, clip, null);
        double pipeline = pipelineMs / 1000.0;
        line(
            String.format(
                Locale.ROOT,
                "    whole pipeline: %.2fx real time",
                info.durationSeconds() / pipeline));
        line("");
        line("(a) pipeline overhead");
        line(
            String.format(
                Locale.ROOT,
                "    upload complete -> READY (api+worker process, -Xmx256m): %.1f s",
                pipeline));
        line(
            String.format(
                Locale.ROOT,
                "    bare ffmpeg of the same outputs (single pass + MP4 copy):   %.1f s",
                bare));
        line(String.format(Locale.ROOT, "    overhead ratio: %.3f (aim <= 1.15)", pipeline / bare));
        line("");

        memory(work, stack, worker);
      } finally {
        worker.close();
      }
    }
    Files.writeString(results, REPORT.toString(), StandardCharsets.UTF_8);
    System.out.println("\nwritten to " + results);
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
    long bigMs = worker.transcode(stack, big, samples);
    line(String.format(Locale.ROOT, "    upload complete -> READY: %.1f s", bigMs / 1000.0));
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

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static Process java(Path dir, Map<String, String> env, String log, String... jvm)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvm));
    command.addAll(List.of("-jar", Path.of("target/reelroute.jar").toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve(log).toFile());
    return builder.start();
  }

  /** A role=stack process: the embedded services for external-mode processes. */
  static final class Stack implements AutoCloseable {
    final Process process;
    final Map<String, String> env;

    private Stack(Process process, Map<String, String> env) {
      this.process = process;
      this.env = env;
    }

    static Stack start(Path work) throws Exception {
      Path dir = fresh(work.resolve("stack"));
      Map<String, String> env = new HashMap<>();
      env.put("REELROUTE_ROLE", "stack");
      env.put("REELROUTE_DATA_DIR", dir.resolve("data").toString());
      env.put("REELROUTE_EMBEDDED_S3_PORT", "0");
      env.put("REELROUTE_EMBEDDED_SQS_PORT", "0");
      env.put("REELROUTE_EMBEDDED_DB_PORT", "0");
      env.put("REELROUTE_EMBEDDED_SMTP_PORT", "0");
      env.put("REELROUTE_HTTP_PORT", Integer.toString(freePort()));
      Process process = java(dir, env, "stack.log");
      Pattern ready = Pattern.compile("their settings: (.*)$");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("stack process ended: see " + dir.resolve("stack.log"));
        }
        for (String l : Files.readAllLines(dir.resolve("stack.log"))) {
          Matcher m = ready.matcher(l);
          if (m.find()) {
            Map<String, String> settings = new HashMap<>();
            for (String pair : m.group(1).split(" ")) {
              int eq = pair.indexOf('=');
              settings.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            // the stack leaves secrets out of its log line; the local ones are fixed
            settings.put("REELROUTE_AWS_SECRET_ACCESS_KEY", "reelroute-local-only");
            settings.put("REELROUTE_DB_PASSWORD", "");
            return new Stack(process, settings);
          }
        }
        Thread.sleep(500);
      }
      process.destroy();
      throw new IllegalStateException("stack did not start");
    }

    S3Client s3() {
      return S3Client.builder()
          .region(Region.US_EAST_1)
          .endpointOverride(URI.create(env.get("REELROUTE_S3_ENDPOINT")))
          .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
          .credentialsProvider(
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create(
                      env.get("REELROUTE_AWS_ACCESS_KEY_ID"), "reelroute-local-only")))
          .build();
    }

    Connection db() throws Exception {
      return DriverManager.getConnection(env.get("REELROUTE_DB_URL"), "root", "");
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }

  /** A role=all process in external mode: api (upload-events) and worker (transcode). */
  static final class Worker implements AutoCloseable {
    final Process process;
    final int port;

    private Worker(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static final class Samples {
      volatile boolean stop;
      long maxHeap;
      long maxRss;
      long maxChildRss;
      int count;
    }

    static Worker start(Path work, Stack stack) throws Exception {
      Path dir = fresh(work.resolve("worker"));
      Map<String, String> env = new HashMap<>(stack.env);
      int port = freePort();
      env.put("REELROUTE_ROLE", "all");
      env.put("REELROUTE_STACK", "external");
      env.put("REELROUTE_HTTP_PORT", Integer.toString(port));
      env.put("REELROUTE_DATA_DIR", dir.resolve("data").toString());
      env.put("REELROUTE_TRANSCODE_WORK_DIR", dir.resolve("jobs").toString());
      env.put("REELROUTE_PUBLIC_URL", "http://localhost:" + port);
      Process process = java(dir, env, "worker.log", "-Xmx256m");
      Worker worker = new Worker(process, port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("worker ended: see " + dir.resolve("worker.log"));
        }
        try {
          if (worker.get("/observe/health/ready").statusCode() == 200) {
            return worker;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(500);
      }
      throw new IllegalStateException("worker did not become ready");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString());
    }

    /** Creates rows, uploads the source, waits for READY; returns upload-complete→READY in ms. */
    long transcode(Stack stack, Path source, Samples samples) throws Exception {
      String key = ("b" + Long.toString(System.nanoTime(), 36) + "xxxxxxxxxxx").substring(0, 11);
      try (Connection c = stack.db()) {
        long userId;
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO users (email, display_name, password_hash, status) VALUES (?, 'Bench', 'x', 'ACTIVE')",
                Statement.RETURN_GENERATED_KEYS)) {
          s.setString(1, key + "@bench.test");
          s.executeUpdate();
          try (ResultSet r = s.getGeneratedKeys()) {
            r.next();
            userId = r.getLong(1);
          }
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO videos (videoKey, displayName, email, owner_id, state, source_key) VALUES (?, 'bench', ?, ?, 'AWAITING_UPLOAD', ?)")) {
          s.setString(1, key);
          s.setString(2, key + "@bench.test");
          s.setLong(3, userId);
          s.setString(4, "uploads/" + key + "/source");
          s.executeUpdate();
        }
      }
      try (S3Client s3 = stack.s3()) {
        s3.putObject(
            r -> r.bucket("reelroute").key("uploads/" + key + "/source"),
            RequestBody.fromFile(source));
      }
      long start = System.nanoTime();
      CompletableFuture<Void> sampler =
          samples == null ? null : CompletableFuture.runAsync(() -> sample(samples, key, stack));
      try (Connection db = stack.db()) {
        while (true) {
          String state = state(db, key);
          if ("READY".equals(state)) {
            return (System.nanoTime() - start) / 1_000_000;
          }
          if ("FAILED".equals(state)) {
            throw new IllegalStateException("bench video FAILED: " + failure(db, key));
          }
          if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
            throw new IllegalStateException("bench video not READY after 30 min");
          }
          Thread.sleep(50);
        }
      } finally {
        if (sampler != null) {
          samples.stop = true;
          sampler.join();
        }
      }
    }

    private void sample(Samples samples, String key, Stack stack) {
      Pattern heap =
          Pattern.compile(
              "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.E+]+)", Pattern.MULTILINE);
      while (!samples.stop) {
        try {
          String metrics = get("/observe/metrics").body();
          Matcher m = heap.matcher(metrics);
          long used = 0;
          while (m.find()) {
            used += (long) Double.parseDouble(m.group(1));
          }
          samples.maxHeap = Math.max(samples.maxHeap, used);
          samples.maxRss = Math.max(samples.maxRss, rssKb(process.pid()));
          long child = process.descendants().mapToLong(p -> rssKb(p.pid())).max().orElse(0);
          samples.maxChildRss = Math.max(samples.maxChildRss, child);
          samples.count++;
          Thread.sleep(250);
        } catch (Exception e) {
          // keep sampling
        }
      }
    }

    static long rssKb(long pid) {
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  Files.newInputStream(Path.of("/proc/" + pid + "/status")),
                  StandardCharsets.UTF_8))) {
        String l;
        while ((l = reader.readLine()) != null) {
          if (l.startsWith("VmRSS:")) {
            return Long.parseLong(l.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException e) {
        return 0;
      }
      return 0;
    }

    static String state(Connection c, String key) throws Exception {
      try (PreparedStatement s =
          c.prepareStatement("SELECT state FROM videos WHERE videoKey = ?")) {
        s.setString(1, key);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? r.getString(1) : null;
        }
      }
    }

    static String failure(Connection c, String key) throws Exception {
      try (PreparedStatement s =
          c.prepareStatement("SELECT failure_reason FROM videos WHERE videoKey = ?")) {
        s.setString(1, key);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? r.getString(1) : null;
        }
      }
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }
}
