package io.reelroute.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every answer carries X-Request-Id: a valid incoming one echoed, else a new UUID. */
@IntegrationTest
class RequestIdIT {

  private static String requestId(HttpResponse<String> response) {
    List<String> values = response.headers().allValues("X-Request-Id");
    assertEquals(1, values.size(), "one X-Request-Id: " + values);
    return values.get(0);
  }

  private static void assertUuid(String id) {
    assertEquals(id, UUID.fromString(id).toString(), "a new UUID: " + id);
  }

  private static HttpResponse<String> get(TestApp app, String path, String requestId) {
    return app.send(
        HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
            .header("X-Request-Id", requestId)
            .GET());
  }

  @Test
  void answersCarryANewIdWithoutOne(TestApp app) {
    HttpResponse<String> ok = app.get("/api/videos");
    assertEquals(200, ok.statusCode(), ok.body());
    assertUuid(requestId(ok));

    HttpResponse<String> problem = app.get("/api/videos/AAAAAAAAAAA");
    assertEquals(404, problem.statusCode(), problem.body());
    assertTrue(
        problem
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json"),
        "a problem answer");
    assertUuid(requestId(problem));

    HttpResponse<String> unknown = app.get("/api/no-such-endpoint");
    assertEquals(404, unknown.statusCode(), unknown.body());
    assertUuid(requestId(unknown));

    HttpResponse<String> health = app.get("/observe/health/live");
    assertUuid(requestId(health));
    assertNotEquals(requestId(ok), requestId(problem), "one id per request");
  }

  @Test
  void aValidIncomingIdIsEchoed(TestApp app) {
    String id = "client-42_retry.3";
    HttpResponse<String> ok = get(app, "/api/videos", id);
    assertEquals(200, ok.statusCode());
    assertEquals(id, requestId(ok));
    HttpResponse<String> problem = get(app, "/api/videos/AAAAAAAAAAA", id);
    assertEquals(404, problem.statusCode());
    assertEquals(id, requestId(problem));
    String longest = "a".repeat(128);
    assertEquals(longest, requestId(get(app, "/api/videos", longest)));
  }

  @Test
  void anInvalidIncomingIdIsReplaced(TestApp app) {
    for (String invalid : List.of("has space", "a".repeat(129), "<script>", "ids,two", "é")) {
      HttpResponse<String> response = get(app, "/api/videos", invalid);
      assertEquals(200, response.statusCode(), invalid);
      assertUuid(requestId(response));
    }
  }
}
