package io.reelroute.catalog;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.video.VideoKeys;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The social operations of the OpenAPI document (issue 8) against the running app: each answers
 * only documented statuses, and each documented status (but 503) is answered. OpenApiIT checks that
 * every route is documented; it leaves the statuses of these operations to this test.
 */
@IntegrationTest
class SocialOpenApiIT {

  static final Set<String> OPERATIONS =
      Set.of(
          "GET /api/videos/{videoKey}/reaction",
          "PUT /api/videos/{videoKey}/reaction",
          "POST /api/videos/{videoKey}/views",
          "GET /api/videos/{videoKey}/comments",
          "POST /api/videos/{videoKey}/comments",
          "GET /api/comments/{commentId}/replies",
          "PATCH /api/comments/{commentId}",
          "DELETE /api/comments/{commentId}",
          "GET /api/users/{handle}");

  @Test
  void socialStatusesAreDocumented(TestApp app) throws Exception {
    Map<String, Set<Integer>> documented = CatalogFuzzIT.documentedStatuses(app);
    Map<String, Set<Integer>> seen = new TreeMap<>();
    TestUsers.Session alice = TestUsers.signUp(app);
    TestUsers.Session bob = TestUsers.signUp(app);
    ApiClient a = ApiClient.as(app, alice);
    ApiClient b = ApiClient.as(app, bob);
    ApiClient anon = ApiClient.anonymous(app);
    ApiClient broken = ApiClient.as(app, new TestUsers.Session(0, "x", "bad", "bad"));
    Owner owner = new Owner(alice.userId(), alice.email());
    String video = CatalogFixtures.seedReady(app, owner, "Social", "d", "PUBLIC");
    String unknown = VideoKeys.generate();
    String waiting = CatalogFixtures.seedReady(app, owner, "Waiting", "d", "PUBLIC");
    CatalogFixtures.sql(
        app,
        "UPDATE videos SET state = 'PROCESSING', isTranscoded = 0 WHERE videoKey = ?",
        waiting);
    R r = new R(seen);

    String reaction = "/api/videos/" + video + "/reaction";
    String like = "{\"reaction\":\"like\"}";
    r.on("PUT /api/videos/{videoKey}/reaction", b.send("PUT", reaction, like));
    r.on("PUT /api/videos/{videoKey}/reaction", b.send("PUT", reaction, "{\"reaction\":\"meh\"}"));
    r.on("PUT /api/videos/{videoKey}/reaction", anon.send("PUT", reaction, like));
    r.on(
        "PUT /api/videos/{videoKey}/reaction",
        b.send("PUT", "/api/videos/" + unknown + "/reaction", like));
    r.on(
        "PUT /api/videos/{videoKey}/reaction",
        b.send("PUT", "/api/videos/" + waiting + "/reaction", like));
    r.on("GET /api/videos/{videoKey}/reaction", b.get(reaction));
    r.on("GET /api/videos/{videoKey}/reaction", b.get("/api/videos/x/reaction"));
    r.on("GET /api/videos/{videoKey}/reaction", anon.get(reaction));
    r.on("GET /api/videos/{videoKey}/reaction", b.get("/api/videos/" + unknown + "/reaction"));

    String views = "/api/videos/" + video + "/views";
    r.on("POST /api/videos/{videoKey}/views", anon.post(views, null));
    r.on("POST /api/videos/{videoKey}/views", anon.post("/api/videos/x/views", null));
    r.on("POST /api/videos/{videoKey}/views", broken.post(views, null));
    r.on("POST /api/videos/{videoKey}/views", anon.post("/api/videos/" + unknown + "/views", null));
    r.on("POST /api/videos/{videoKey}/views", anon.post("/api/videos/" + waiting + "/views", null));

    String comments = "/api/videos/" + video + "/comments";
    String hello = "{\"body\":\"hello\"}";
    long id =
        json(r.on("POST /api/videos/{videoKey}/comments", b.post(comments, hello)), 201)
            .get("id")
            .asLong();
    r.on("POST /api/videos/{videoKey}/comments", b.post(comments, "{\"body\":\"\"}"));
    r.on("POST /api/videos/{videoKey}/comments", anon.post(comments, hello));
    r.on(
        "POST /api/videos/{videoKey}/comments",
        b.post("/api/videos/" + unknown + "/comments", hello));
    r.on(
        "POST /api/videos/{videoKey}/comments",
        b.post("/api/videos/" + waiting + "/comments", hello));
    for (int i = 0; i < 20; i++) {
      if (r.on("POST /api/videos/{videoKey}/comments", a.post(comments, hello)).statusCode()
          == 429) {
        break;
      }
    }
    r.on("GET /api/videos/{videoKey}/comments", anon.get(comments));
    r.on("GET /api/videos/{videoKey}/comments", anon.get(comments + "?sort=worst"));
    r.on("GET /api/videos/{videoKey}/comments", broken.get(comments));
    r.on("GET /api/videos/{videoKey}/comments", anon.get("/api/videos/" + unknown + "/comments"));

    String replies = "/api/comments/" + id + "/replies";
    r.on("GET /api/comments/{commentId}/replies", anon.get(replies));
    r.on("GET /api/comments/{commentId}/replies", anon.get("/api/comments/x/replies"));
    r.on("GET /api/comments/{commentId}/replies", broken.get(replies));
    r.on("GET /api/comments/{commentId}/replies", anon.get("/api/comments/999999999/replies"));

    String comment = "/api/comments/" + id;
    r.on("PATCH /api/comments/{commentId}", b.patch(comment, "{\"body\":\"edited\"}"));
    r.on("PATCH /api/comments/{commentId}", b.patch(comment, "{\"body\":7}"));
    r.on("PATCH /api/comments/{commentId}", anon.patch(comment, "{\"body\":\"x\"}"));
    r.on("PATCH /api/comments/{commentId}", a.patch(comment, "{\"body\":\"x\"}"));
    r.on("PATCH /api/comments/{commentId}", b.patch("/api/comments/999999999", "{\"body\":\"x\"}"));
    r.on("DELETE /api/comments/{commentId}", b.delete("/api/comments/-1"));
    r.on("DELETE /api/comments/{commentId}", anon.delete(comment));
    long mine =
        json(ApiClient.as(app, TestUsers.signUp(app)).post(comments, hello), 201)
            .get("id")
            .asLong();
    r.on("DELETE /api/comments/{commentId}", b.delete("/api/comments/" + mine));
    r.on("DELETE /api/comments/{commentId}", b.delete(comment));
    r.on("DELETE /api/comments/{commentId}", b.delete(comment));

    String handle = json(anon.get("/api/videos/" + video), 200).get("ownerHandle").asText();
    r.on("GET /api/users/{handle}", anon.get("/api/users/" + handle));
    r.on("GET /api/users/{handle}", anon.get("/api/users/-bad-"));
    r.on("GET /api/users/{handle}", anon.get("/api/users/no-such-user-" + System.nanoTime()));

    for (String op : OPERATIONS) {
      Set<Integer> allowed = documented.get(op);
      assertTrue(allowed != null, "not documented: " + op);
      Set<Integer> answered = seen.getOrDefault(op, Set.of());
      assertTrue(
          allowed.containsAll(answered), op + " answered " + answered + ", documented " + allowed);
      for (int code : allowed) {
        if (code != 503) {
          assertTrue(
              answered.contains(code),
              op + " never answered documented " + code + " (saw " + answered + ")");
        }
      }
    }
  }

  /** Records which status each operation answered; never a 5xx. */
  private record R(Map<String, Set<Integer>> seen) {
    HttpResponse<String> on(String op, HttpResponse<String> response) {
      seen.computeIfAbsent(op, k -> new TreeSet<>()).add(response.statusCode());
      if (response.statusCode() >= 500) {
        throw new AssertionError(
            op + " answered " + response.statusCode() + ": " + response.body());
      }
      return response;
    }
  }
}
