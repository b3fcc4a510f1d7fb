package io.reelroute.bench;

import io.reelroute.video.VideoKeys;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The processes of bench/transcode: an embedded stack and an api+worker JVM in external mode. */
final class BenchProcesses {

  private BenchProcesses() {}

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
      Path dir = TranscodeBench.fresh(work.resolve("stack"));
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
      Path dir = TranscodeBench.fresh(work.resolve("worker"));
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

    /** Creates rows, uploads the source, waits for READY; times from upload complete. */
    Timing transcode(Stack stack, Path source, Samples samples) throws Exception {
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
      long workerCpu = cpuNanos(process.toHandle());
      long stackCpu = cpuNanos(stack.process.toHandle());
      long benchCpu = cpuNanos(ProcessHandle.current());
      CompletableFuture<Void> sampler =
          samples == null ? null : CompletableFuture.runAsync(() -> sample(samples, key, stack));
      Timing timing = new Timing(start);
      try (Connection db = stack.db();
          S3Client s3 = stack.s3()) {
        while (true) {
          long now = System.nanoTime();
          String state = state(db, key);
          if (timing.claimMs < 0 && !"AWAITING_UPLOAD".equals(state)) {
            timing.claimMs = (now - start) / 1_000_000;
          }
          // the worker's ffmpeg: the encode with -filter_complex (not ffprobe, not the MP4 copy)
          boolean encoding =
              process
                  .descendants()
                  .anyMatch(
                      p ->
                          p.info()
                              .arguments()
                              .map(a -> List.of(a).contains("-filter_complex"))
                              .orElse(false));
          if (encoding && timing.ffmpegStart < 0) {
            timing.ffmpegStart = now;
          }
          if (encoding) {
            timing.ffmpegEnd = now;
          }
          if (timing.playableMs < 0 && playable(s3, key)) {
            timing.playableMs = (System.nanoTime() - start) / 1_000_000;
          }
          if ("READY".equals(state)) {
            timing.readyMs = (System.nanoTime() - start) / 1_000_000;
            if (timing.playableMs < 0) {
              timing.playableMs = timing.readyMs;
            }
            timing.workerCpu = (cpuNanos(process.toHandle()) - workerCpu) / 1e9;
            timing.stackCpu = (cpuNanos(stack.process.toHandle()) - stackCpu) / 1e9;
            timing.benchCpu = (cpuNanos(ProcessHandle.current()) - benchCpu) / 1e9;
            return timing;
          }
          if ("FAILED".equals(state)) {
            throw new IllegalStateException("bench video FAILED: " + failure(db, key));
          }
          if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
            throw new IllegalStateException("bench video not READY after 30 min");
          }
          // fine steps until the video plays, then coarser: this loop's own CPU competes with
          // the pipeline on the same cores (the bare runs pay no observer)
          Thread.sleep(timing.playableMs < 0 ? 50 : 250);
        }
      } finally {
        if (sampler != null) {
          samples.stop = true;
          sampler.join();
        }
      }
    }

    /** Playable: the master playlist is in the bucket (published once a first segment is). */
    static boolean playable(S3Client s3, String key) {
      try {
        s3.headObject(r -> r.bucket("reelroute").key(VideoKeys.masterKey(key)));
        return true;
      } catch (Exception e) {
        return false;
      }
    }

    /** CPU time of one process itself (its children not included), in nanoseconds. */
    static long cpuNanos(ProcessHandle process) {
      return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** Milliseconds from upload complete; -1 when not seen. */
    static final class Timing {
      final long start;
      double workerCpu;
      double stackCpu;
      double benchCpu;
      long claimMs = -1;
      long playableMs = -1;
      long readyMs = -1;
      long ffmpegStart = -1;
      long ffmpegEnd = -1;

      Timing(long start) {
        this.start = start;
      }

      double fetchSeconds() {
        return ffmpegStart < 0 ? 0 : (ffmpegStart - start) / 1e9 - claimMs / 1000.0;
      }

      double afterFfmpegSeconds() {
        return ffmpegStart < 0 ? 0 : readyMs / 1000.0 - (ffmpegEnd - start) / 1e9;
      }

      double readySeconds() {
        return readyMs / 1000.0;
      }

      /** Wall time of the worker's encoding ffmpeg as seen by 50 ms polls. */
      double ffmpegSeconds() {
        return ffmpegStart < 0 ? 0 : (ffmpegEnd - ffmpegStart) / 1e9;
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
