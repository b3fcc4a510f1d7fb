package io.reelroute.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** HTTP calls of the catalog API as a browser makes them, with or without a session. */
record Api(TestApp app, TestUsers.Session session) {

  static Api anonymous(TestApp app) {
    return new Api(app, null);
  }

  static Api as(TestApp app, TestUsers.Session session) {
    return new Api(app, session);
  }

  HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  HttpResponse<String> post(String path, String body) {
    return send("POST", path, body);
  }

  HttpResponse<String> patch(String path, String body) {
    return send("PATCH", path, body);
  }

  HttpResponse<String> delete(String path) {
    return send("DELETE", path, null);
  }

  HttpResponse<String> send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (session != null) {
      request.header("Authorization", session.bearer());
    }
    return app.send(request);
  }

  static JsonNode json(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new AssertionError(
          "expected " + status + " but got " + response.statusCode() + ": " + response.body());
    }
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
