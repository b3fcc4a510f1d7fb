package io.reelroute.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.catalog.VideoKeys;
import io.reelroute.common.Json;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** HTTP calls of the social API as a browser makes them, plus fixtures other flows would make. */
record Social(TestApp app, TestUsers.Session session, Map<String, String> headers) {

  static Social anonymous(TestApp app) {
    return new Social(app, null, Map.of());
  }

  static Social as(TestApp app, TestUsers.Session session) {
    return new Social(app, session, Map.of());
  }

  /** The same caller with extra request headers (User-Agent, X-Forwarded-For). */
  Social with(Map<String, String> extra) {
    return new Social(app, session, extra);
  }

  HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  HttpResponse<String> post(String path, Object body) {
    return send("POST", path, body);
  }

  HttpResponse<String> put(String path, Object body) {
    return send("PUT", path, body);
  }

  HttpResponse<String> patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  HttpResponse<String> delete(String path) {
    return send("DELETE", path, null);
  }

  HttpResponse<String> send(String method, String path, Object body) {
    String text = body == null ? null : body instanceof String s ? s : Json.write(body);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
            .method(
                method,
                text == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(text));
    if (text != null) {
      request.header("Content-Type", "application/json");
    }
    if (session != null) {
      request.header("Authorization", session.bearer());
    }
    headers.forEach(request::header);
    return app.send(request);
  }

  static JsonNode json(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new AssertionError(
          "expected "
              + status
              + " but got "
              + response.statusCode()
              + " from "
              + response.request().method()
              + " "
              + response.request().uri()
              + ": "
              + response.body());
    }
    try {
      return response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** A problem+json refusal with the given status (and field, when not null). */
  static JsonNode problem(HttpResponse<String> response, int status, String field) {
    JsonNode body = json(response, status);
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/problem+json")) {
      throw new AssertionError("not problem+json: " + type + " " + response.body());
    }
    if (field != null && (body.get("field") == null || !field.equals(body.get("field").asText()))) {
      throw new AssertionError("expected field " + field + ": " + response.body());
    }
    if (response.body().contains("at io.") || response.body().contains("Exception")) {
      throw new AssertionError("stack trace in " + response.body());
    }
    return body;
  }

  // --- fixtures --------------------------------------------------------------------------------

  /** A READY video of the user as upload + transcode would leave it; returns its key. */
  static String readyVideo(TestApp app, TestUsers.Session owner, String title, String visibility)
      throws SQLException {
    String key = VideoKeys.generate();
    sql(
        app,
        "INSERT INTO videos (videoKey, displayName, description, visibility, owner_id, email,"
            + " state, isTranscoded, duration_seconds, size_bytes, source_key)"
            + " VALUES (?, ?, 'd', ?, ?, ?, 'READY', 1, 10, 1000, ?)",
        key,
        title,
        visibility,
        owner.userId(),
        owner.email(),
        VideoKeys.sourceKey(key));
    return key;
  }

  static int sql(TestApp app, String sql, Object... args) throws SQLException {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s.executeUpdate();
    }
  }

  static long count(TestApp app, String sql, Object... args) throws SQLException {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
