package io.reelroute.faults;

import io.reelroute.Application;
import io.reelroute.Reelroute;
import io.reelroute.config.Settings;
import io.reelroute.testing.Clips;
import io.reelroute.testing.TestApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The production topology on one machine, for fault tests and the scale benchmark: the local stack
 * (role {@code stack}, in this JVM so a test can stop its database), and api and worker processes
 * as real {@code java io.reelroute.Application} subprocesses in external mode against it. Workers
 * reach S3 through a {@link TcpProxy} the test can cut. Free ports, one temporary directory.
 */
public final class Cluster implements AutoCloseable {

  /** One api or worker JVM. */
  public static final class Node {
    final String name;
    final Process process;
    final int port;
    final Path log;

    Node(String name, Process process, int port, Path log) {
      this.name = name;
      this.process = process;
      this.port = port;
      this.log = log;
    }

    public long pid() {
      return process.pid();
    }

    public String url() {
      return "http://127.0.0.1:" + port;
    }

    boolean ready() {
      return status("/observe/health/ready") == 200;
    }

    int status(String path) {
      try {
        return TestApp.http()
            .send(
                HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
      } catch (IOException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    /** kill -9, and its children with it (as when a container or machine dies). */
    void kill9() throws InterruptedException {
      List<ProcessHandle> children = process.descendants().toList();
      process.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
      process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stopping a container. */
    void term() {
      process.destroy();
    }

    public String log() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    void stop() {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(40, TimeUnit.SECONDS)) {
            kill9();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        }
      }
      process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
  }

  private final Path dir;
  private final Reelroute stack;
  private final Map<String, String> tuning;
  final TcpProxy s3Proxy;
  final List<Node> nodes = new CopyOnWriteArrayList<>();
  private int started;

  private Cluster(Path dir, Reelroute stack, Map<String, String> tuning, TcpProxy s3Proxy) {
    this.dir = dir;
    this.stack = stack;
    this.tuning = tuning;
    this.s3Proxy = s3Proxy;
  }

  /**
   * Starts the stack. {@code tuning} are settings for every process (and the stack's queue
   * provisioning), e.g. a short visibility timeout so that retries happen within seconds.
   */
  public static Cluster start(Map<String, String> tuning) throws IOException {
    Path dir = TestApp.newDataDir();
    Map<String, String> settings = new HashMap<>(tuning);
    settings.put("reelroute.role", "stack");
    settings.put("reelroute.data-dir", dir.resolve("stack").toString());
    for (String port : new String[] {"s3", "sqs", "db", "smtp"}) {
      settings.put("reelroute.embedded." + port + "-port", "0");
    }
    Reelroute stack = Reelroute.start(Settings.load(settings));
    int s3Port = URI.create(stack.stack().endpoints().s3Endpoint()).getPort();
    return new Cluster(dir, stack, tuning, new TcpProxy(s3Port));
  }

  public Reelroute stack() {
    return stack;
  }

  public Path dir() {
    return dir;
  }

  public S3Client s3() {
    return stack.infrastructure().s3();
  }

  public String bucket() {
    return stack.settings().get("reelroute.s3.bucket");
  }

  public Connection db() throws java.sql.SQLException {
    return stack.infrastructure().dataSource().getConnection();
  }

  private Map<String, String> env(String role, int port, boolean s3ThroughProxy) {
    Map<String, String> env = new HashMap<>();
    stack.stack().endpoints().asSettings().forEach((k, v) -> env.put(Settings.envName(k), v));
    tuning.forEach((k, v) -> env.put(Settings.envName(k), v));
    env.put("REELROUTE_STACK", "external");
    env.put("REELROUTE_ROLE", role);
    env.put("REELROUTE_HTTP_PORT", Integer.toString(port));
    env.put("REELROUTE_PUBLIC_URL", "http://localhost:" + port);
    env.put("REELROUTE_TRANSCODE_WORK_DIR", dir.resolve("work").toString());
    // as a production deployment runs: signing keys sealed with a key from a mounted secret file
    env.put("REELROUTE_AUTH_KEY_ENCRYPTION_KEY_FILE", keyEncryptionKey().toString());
    if (s3ThroughProxy) {
      env.put("REELROUTE_S3_ENDPOINT", "http://127.0.0.1:" + s3Proxy.port());
    }
    return env;
  }

  private Path keyEncryptionKey() {
    Path file = dir.resolve("key-encryption-key");
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key) + "\n");
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return file;
  }

  /** Starts an api or worker process (does not wait for it). */
  public synchronized Node launch(String role) throws IOException {
    int port = TestApp.freePort();
    String name = role + (++started);
    Path log = dir.resolve(name + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx320m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                absoluteClassPath(),
                Application.class.getName())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("REELROUTE_"));
    builder.environment().putAll(env(role, port, role.equals("worker")));
    Node node = new Node(name, builder.start(), port, log);
    nodes.add(node);
    return node;
  }

  /** This JVM's class path with absolute entries: the processes run in another directory. */
  private static String absoluteClassPath() {
    return java.util.Arrays.stream(
            System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !e.isBlank())
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /** Waits until the nodes answer ready (bounded); throws with the log of one that does not. */
  public static void awaitReady(Duration timeout, Node... nodes) {
    for (Node node : nodes) {
      boolean ok =
          TestApp.eventually(timeout, () -> !node.process.isAlive() || node.ready())
              && node.process.isAlive();
      if (!ok) {
        throw new IllegalStateException(node.name + " not ready; its log:\n" + tail(node.log()));
      }
    }
  }

  static String tail(String log) {
    List<String> lines = log.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  public Node start(String role) throws IOException {
    Node node = launch(role);
    awaitReady(Duration.ofSeconds(180), node);
    return node;
  }

  /** A user, a video row AWAITING_UPLOAD and its source in S3: what a finished upload leaves. */
  public String upload(String name, Path source) throws Exception {
    String key =
        io.reelroute.testing.VideoRows.awaitingUpload(stack.infrastructure().dataSource(), name);
    s3().putObject(
            r -> r.bucket(bucket()).key("uploads/" + key + "/source").contentType("video/mp4"),
            RequestBody.fromFile(source));
    return key;
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  static String newKey() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      key.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return key.toString();
  }

  /** The video's row (empty when gone). */
  public Map<String, Object> video(String key) {
    try (Connection c = db();
        PreparedStatement s = c.prepareStatement("SELECT * FROM videos WHERE videoKey = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        Map<String, Object> row = new HashMap<>();
        if (r.next()) {
          for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
            row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
          }
        }
        return row;
      }
    } catch (java.sql.SQLException e) {
      return Map.of("state", "DB-DOWN");
    }
  }

  public String state(String key) {
    Object state = video(key).get("state");
    return state == null ? "GONE" : state.toString();
  }

  /** The pid in the worker id of the video's current or last claim (host/pid/claim), or -1. */
  public long claimPid(String key) {
    Object worker = video(key).get("worker_id");
    if (worker == null) {
      return -1;
    }
    String[] parts = worker.toString().split("/");
    return parts.length >= 2 && parts[1].matches("\\d+") ? Long.parseLong(parts[1]) : -1;
  }

  public Node nodeOf(long pid) {
    return nodes.stream().filter(n -> n.pid() == pid).findFirst().orElse(null);
  }

  public int count(String sql, Object... params) throws Exception {
    try (Connection c = db();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** Emails the stack's SMTP sink received for the video's owner. */
  public int mails(String key) {
    String email = "owner-" + key + "@example.test";
    int n = 0;
    for (var message : stack.stack().mail().getReceivedMessages()) {
      try {
        if (message.getAllRecipients()[0].toString().equals(email)) {
          n++;
        }
      } catch (jakarta.mail.MessagingException e) {
        // skip
      }
    }
    return n;
  }

  public List<String> objects(String prefix) {
    List<String> keys = new ArrayList<>();
    s3().listObjectsV2Paginator(r -> r.bucket(bucket()).prefix(prefix))
        .contents()
        .forEach(o -> keys.add(o.key()));
    return keys;
  }

  /** Makes a test clip with ffmpeg's lavfi sources (testsrc2 + a tone). */
  public static Path clip(Path dir, String name, int width, int height, int seconds) {
    return Clips.make(dir, name, width, height, seconds, 30, "mono");
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      node.stop();
    }
    try {
      s3Proxy.close();
    } catch (IOException e) {
      // closing anyway
    }
    stack.close();
  }
}
