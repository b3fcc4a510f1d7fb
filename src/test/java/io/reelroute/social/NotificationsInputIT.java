package io.reelroute.social;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Issue 12: a null among the ids to mark read was a 500 (NullPointerException); now a 400. */
@IntegrationTest
class NotificationsInputIT {

  private static HttpResponse<String> markRead(TestApp app, TestUsers.Session s, String body) {
    return app.send(
        TestUsers.authorized(app, s, "/api/me/notifications/read")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void aNullIdIsAProblemNamingTheField(TestApp app) throws Exception {
    TestUsers.Session s = TestUsers.signUp(app);
    for (String body : new String[] {"{\"ids\":[null]}", "{\"ids\":[1,null,2]}"}) {
      HttpResponse<String> response = markRead(app, s, body);
      assertEquals(400, response.statusCode(), body + " -> " + response.body());
      assertEquals(
          "application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
      JsonNode problem = Json.MAPPER.readTree(response.body());
      assertEquals("invalid-field", problem.get("code").asText());
      assertEquals("ids", problem.get("field").asText());
      assertFalse(response.body().contains("Exception"), response.body());
    }
    // valid bodies still work
    assertEquals(200, markRead(app, s, "{\"ids\":[1,2]}").statusCode());
    assertEquals(200, markRead(app, s, "{\"ids\":[]}").statusCode());
    assertEquals(200, markRead(app, s, "{}").statusCode());
  }
}
