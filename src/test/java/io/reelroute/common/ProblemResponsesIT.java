package io.reelroute.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The shared error handling, through HTTP: every refusal is problem+json, never a stack trace. */
@IntegrationTest
class ProblemResponsesIT {

  private static HttpResponse<String> post(TestApp app, String body) {
    return app.send(
        HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/it-probe/echo"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(
        "application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    assertFalse(
        response.body().contains("\tat ") || response.body().contains("Exception"),
        response.body());
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertEquals(status, body.get("status").asInt());
    assertTrue(body.get("type").asText().startsWith(Problems.TYPE_BASE));
    return body;
  }

  @Test
  void validRequestIsServed(TestApp app) {
    HttpResponse<String> ok = post(app, "{\"text\":\"ab\",\"times\":2}");
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("{\"text\":\"abab\"}", ok.body());
    assertEquals(200, app.get("/api/it-probe/ok").statusCode());
  }

  @Test
  void badInputNamesTheField(TestApp app) throws Exception {
    assertEquals(
        "times", problem(post(app, "{\"text\":\"a\",\"times\":9}"), 400).get("field").asText());
    assertEquals(
        "times", problem(post(app, "{\"text\":\"a\",\"times\":\"x\"}"), 400).get("field").asText());
    assertEquals(
        "extra",
        problem(post(app, "{\"text\":\"a\",\"times\":1,\"extra\":1}"), 400).get("field").asText());
    assertEquals("malformed-json", problem(post(app, "{\"text\":"), 400).get("code").asText());
  }

  @Test
  void internalFailureIsA500WithIncidentOnly(TestApp app) throws Exception {
    JsonNode body = problem(post(app, "{\"text\":\"boom\",\"times\":1}"), 500);
    assertEquals("internal-error", body.get("code").asText());
    assertFalse(body.get("detail").asText().contains("must not leak"));
  }
}
