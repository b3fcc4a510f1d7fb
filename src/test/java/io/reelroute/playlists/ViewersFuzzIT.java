package io.reelroute.playlists;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.Viewers;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile input on the viewer endpoints (issue 15): odd ids, handles, keys, times and bodies are
 * refused as problem+json 4xx, never a 5xx or a stack trace, and change nothing.
 */
@IntegrationTest
class ViewersFuzzIT {

  private static final List<String> SEGMENTS =
      List.of( // (dot segments are resolved before routing: AttackFuzzIT covers traversal)
          "%00",
          "a%0Ab",
          "%27%20OR%201%3D1%20--",
          "AAAAAAAAAAAA",
          "AAAAAAAAAA",
          "x".repeat(300),
          "%F0%9F%8E%AC",
          "%C3%A9t%C3%A9",
          "null",
          "-1",
          "videos");

  private static final List<String> BODIES =
      List.of(
          "",
          "null",
          "[]",
          "\"x\"",
          "{",
          "{\"title\":null}",
          "{\"title\":[1]}",
          "{\"title\":{\"a\":1}}",
          "{\"title\":\"\\u0000\"}",
          "{\"title\":\"ok\",\"visibility\":7}",
          "{\"title\":\"ok\",\"id\":\"AAAAAAAAAAA\"}",
          "{\"videoKeys\":\"x\"}",
          "{\"videoKeys\":[null]}",
          "{\"videoKeys\":[1,2]}",
          "{\"subscriptionDigest\":null}",
          "{\"title\":\"" + "y".repeat(20_000) + "\"}");

  private static void refused(HttpResponse<String> r) {
    String what = r.request().method() + " " + r.request().uri() + " -> " + r.statusCode();
    assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, what + ": " + r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        what);
    assertFalse(r.body().contains("Exception") || r.body().contains("at io."), what + r.body());
  }

  private static void noServerError(HttpResponse<String> r) {
    assertTrue(
        r.statusCode() < 500,
        r.request().method() + " " + r.request().uri() + " -> " + r.statusCode() + r.body());
  }

  @Test
  void hostileInputIsRefusedCleanly(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    ApiClient me = ApiClient.as(app, owner);
    String video = Viewers.row(app, owner, "Fuzz", "PUBLIC");
    String id =
        json(me.post("/api/playlists", Map.of("title", "Fuzz", "visibility", "public")), 201)
            .get("id")
            .asText();
    for (String s : SEGMENTS) {
      refused(me.get("/api/playlists/" + s));
      refused(me.put("/api/playlists/" + s + "/videos/" + video, null));
      refused(me.put("/api/playlists/" + id + "/videos/" + s, null));
      refused(me.delete("/api/playlists/" + id + "/videos/" + s));
      noServerError(me.get("/api/users/" + s + "/playlists"));
      if (!s.equals("videos")) {
        refused(me.put("/api/me/subscriptions/" + s, null));
        refused(me.delete("/api/me/subscriptions/" + s));
      }
      refused(me.put("/api/videos/" + s + "/thumbnail?time=1", null));
      refused(
          me.put(
              "/api/videos/"
                  + video
                  + "/thumbnail?time="
                  + URLEncoder.encode(s.replace("%", ""), StandardCharsets.UTF_8),
              null));
    }
    for (String body : BODIES) {
      refused(me.post("/api/playlists", body));
      noServerError(me.patch("/api/playlists/" + id, body)); // {"title":null} changes nothing
      refused(me.put("/api/playlists/" + id + "/order", body));
      refused(me.put("/api/me/notification-settings", body));
    }
    refused(me.get("/api/me/subscriptions/videos?cursor=" + "A".repeat(100)));
    refused(me.get("/api/me/subscriptions/videos?limit=1&limit=2"));
    refused(me.get("/api/me/playlists?videoKey=x&videoKey=y"));
    // nothing changed
    assertEquals(1, app.count("SELECT COUNT(*) FROM playlists WHERE owner_id = ?", owner.userId()));
    assertEquals(0, app.count("SELECT COUNT(*) FROM playlist_videos WHERE playlist_id = ?", id));
    assertEquals(
        0, app.count("SELECT COUNT(*) FROM subscriptions WHERE subscriber_id = ?", owner.userId()));
  }
}
