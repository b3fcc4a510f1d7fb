package io.reelroute.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** HTTP calls of the API as a browser makes them, with or without a session. */
public record ApiClient(TestApp app, TestUsers.Session session, Map<String, String> headers) {

  public static ApiClient anonymous(TestApp app) {
    return new ApiClient(app, null, Map.of());
  }

  public static ApiClient as(TestApp app, TestUsers.Session session) {
    return new ApiClient(app, session, Map.of());
  }

  /** The same caller with extra request headers (User-Agent, X-Forwarded-For). */
  public ApiClient with(Map<String, String> extra) {
    return new ApiClient(app, session, extra);
  }

  public HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  public HttpResponse<String> post(String path, Object body) {
    return send("POST", path, body);
  }

  public HttpResponse<String> put(String path, Object body) {
    return send("PUT", path, body);
  }

  public HttpResponse<String> patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  public HttpResponse<String> delete(String path) {
    return send("DELETE", path, null);
  }

  public HttpResponse<String> send(String method, String path, Object body) {
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

  public static JsonNode json(HttpResponse<String> response, int status) {
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
  public static JsonNode problem(HttpResponse<String> response, int status, String field) {
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
}
