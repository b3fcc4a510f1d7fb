package io.reelroute.catalog;

import io.reelroute.testing.TestApp;
import io.reelroute.video.VideoKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** Test helpers: beans of the running app, direct database changes other flows would make. */
final class CatalogFixtures {

  private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);

  private CatalogFixtures() {}

  static <T> T bean(TestApp app, String name, Class<T> type) {
    return app.app().camelContext().getRegistry().lookupByNameAndType(name, type);
  }

  static DataSource db(TestApp app) {
    return app.app().infrastructure().dataSource();
  }

  /** A user row as the identity flow would leave it (for tests of the services alone). */
  static Owner userRow(TestApp app, String name) throws SQLException {
    String email = name.toLowerCase() + "-" + SEQ.incrementAndGet() + "@example.test";
    try (Connection c = db(app).getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO users (email, display_name, status) VALUES (?, ?, 'ACTIVE')",
                PreparedStatement.RETURN_GENERATED_KEYS)) {
      s.setString(1, email);
      s.setString(2, name);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return new Owner(keys.getLong(1), email);
      }
    }
  }

  /** A READY video row as upload + transcode would leave it; returns its key. */
  static String seedReady(
      TestApp app, Owner owner, String title, String description, String visibility)
      throws SQLException {
    String key = VideoKeys.generate();
    sql(
        app,
        "INSERT INTO videos (videoKey, displayName, description, visibility, owner_id, email,"
            + " state, isTranscoded, duration_seconds, size_bytes, source_key)"
            + " VALUES (?, ?, ?, ?, ?, ?, 'READY', 1, 10, 1000, ?)",
        key,
        title,
        description,
        visibility,
        owner.id(),
        owner.email(),
        VideoKeys.sourceKey(key));
    return key;
  }

  /** What the transcode flow does when a video is done. */
  static void markReady(TestApp app, String videoKey) throws SQLException {
    sql(
        app,
        "UPDATE videos SET state = 'READY', isTranscoded = 1, duration_seconds = 12.5 WHERE videoKey = ?",
        videoKey);
  }

  static void sql(TestApp app, String sql, Object... args) throws SQLException {
    try (Connection c = db(app).getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  static String state(TestApp app, String videoKey) throws SQLException {
    try (Connection c = db(app).getConnection();
        PreparedStatement s = c.prepareStatement("SELECT state FROM videos WHERE videoKey = ?")) {
      s.setString(1, videoKey);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  static HttpResponse<String> put(String url, Map<String, String> headers, byte[] body) {
    return put(TestApp.http(), url, headers, body, false);
  }

  /**
   * The status of a PUT storage should refuse. It is sent with "Expect: 100-continue" as clients of
   * S3 do, on a connection of its own, as storage closes it after refusing. Storage may still close
   * it while the request is on its way (the client then sees a broken pipe or no answer at all, and
   * nothing was stored): such a transport failure is tried again, up to 5 times, to read the
   * status.
   */
  static int refusedPutStatus(String url, Map<String, String> headers, byte[] body) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return put(HttpClient.newHttpClient(), url, headers, body, true).statusCode();
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof java.io.IOException)) {
          throw e;
        }
        last = e;
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }

  private static HttpResponse<String> put(
      HttpClient client,
      String url,
      Map<String, String> headers,
      byte[] body,
      boolean expectContinue) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .expectContinue(expectContinue);
    headers.forEach(
        (name, value) -> {
          if (!name.equalsIgnoreCase("Content-Length")) { // the client sets it from the body
            request.header(name, value);
          }
        });
    try {
      return client.send(
          request.timeout(java.time.Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
