package io.reelroute.social;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated bad requests across every social endpoint: malformed JSON, wrong types, unknown fields,
 * bad keys, ids, handles, cursors and sorts, SQL and path metacharacters, other users' private
 * videos, bad tokens. Every answer is a 4xx problem+json without a stack trace; never a 5xx.
 */
@IntegrationTest
class SocialFuzzIT {

  private static final List<String> BAD_KEYS =
      List.of(
          "short",
          "..%2F..%2Fetc",
          "%27%20OR%201%3D1--",
          "AbCdEfGhIjKl",
          "AbCdEf%00GhI",
          "x".repeat(300),
          "%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9");
  private static final List<String> BAD_IDS =
      List.of("0", "-1", "abc", "1.5", "99999999999999999999", "1%20OR%201%3D1", "%00", "1e3");
  private static final List<String> BAD_HANDLES =
      List.of("-x", "x-", "a%20b", "%27%3B--", "x".repeat(41), "%C3%A9t%C3%A9", "a_b", "a.b");
  private static final List<String> BAD_QUERIES =
      List.of(
          "sort=best",
          "limit=0",
          "limit=101",
          "limit=-3",
          "limit=abc",
          "limit=1&limit=2",
          "cursor=abc",
          "cursor=" + "A".repeat(80),
          "cursor=bjotMQ",
          "cursor=dDoxOjI6Mw",
          "cursor=%27%20OR%201%3D1");
  private static final List<Object> BAD_BODIES =
      List.of(
          "{",
          "[]",
          "null",
          "\"text\"",
          "{\"body\":\"a\",\"body\":\"b\"}",
          Map.of(),
          Map.of("body", 1),
          Map.of("body", List.of("x")),
          Map.of("body", ""),
          Map.of("body", "   "),
          Map.of("body", "x".repeat(2001)),
          Map.of("body", "nul\u0000"),
          Map.of("body", "esc\u001b[31m"),
          Map.of("body", "ok", "parentId", "7"),
          Map.of("body", "ok", "parentId", 0),
          Map.of("body", "ok", "parentId", 1.5),
          Map.of("body", "ok", "parentId", 999_999_999),
          Map.of("body", "ok", "admin", true),
          Map.of("reaction", "love"),
          Map.of("reaction", 1),
          Map.of("reaction", "like", "extra", 1),
          Map.of("reaction", "LIKE'; DROP TABLE videos; --"));

  @Test
  void badRequestsAreAlways4xxProblems(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session other = TestUsers.signUp(app);
    String video = Social.readyVideo(app, owner, "Fuzz", "PUBLIC");
    String hidden = Social.readyVideo(app, owner, "Hidden", "PRIVATE");
    long comment =
        ApiClient.json(
                ApiClient.as(app, owner)
                    .post("/api/videos/" + video + "/comments", Map.of("body", "c")),
                201)
            .get("id")
            .asLong();
    ApiClient o = ApiClient.as(app, other);
    ApiClient broken = ApiClient.as(app, new TestUsers.Session(0, "x", "not.a.jwt", "x"));
    Random random = new Random(20261126);
    int sent = 0;
    for (int i = 0; i < 400; i++) {
      String key = pick(random, BAD_KEYS);
      String id = pick(random, BAD_IDS);
      String query = pick(random, BAD_QUERIES);
      Object body = pick(random, BAD_BODIES);
      ApiClient who = random.nextInt(8) == 0 ? broken : o;
      String good = random.nextBoolean() ? video : hidden;
      HttpResponse<String> r =
          switch (random.nextInt(11)) {
            case 0 -> who.put("/api/videos/" + key + "/reaction", Map.of("reaction", "like"));
            case 1 -> who.put("/api/videos/" + good + "/reaction", body);
            case 2 -> who.post("/api/videos/" + key + "/views", null);
            case 3 ->
                who.get(
                    "/api/videos/" + (good.equals(hidden) ? hidden : video) + "/comments?" + query);
            case 4 -> who.post("/api/videos/" + good + "/comments", body);
            case 5 -> who.post("/api/videos/" + key + "/comments", Map.of("body", "x"));
            case 6 -> who.get("/api/comments/" + id + "/replies");
            case 7 ->
                who.patch(
                    "/api/comments/" + (random.nextBoolean() ? id : String.valueOf(comment)), body);
            case 8 ->
                who.delete(
                    "/api/comments/" + (random.nextBoolean() ? id : String.valueOf(comment)));
            case 9 -> who.get("/api/users/" + pick(random, BAD_HANDLES));
            default -> who.get("/api/videos/" + key + "/reaction");
          };
      sent++;
      check(r);
    }
    assertTrue(sent >= 400);
    // nothing changed: the owner's comment is still there, no reactions on the private video
    assertEquals(1, Social.count(app, "SELECT COUNT(*) FROM comments WHERE id = ?", comment));
    assertEquals(
        0, Social.count(app, "SELECT COUNT(*) FROM video_reactions WHERE videoKey = ?", hidden));
  }

  private static void check(HttpResponse<String> r) {
    String what =
        r.request().method() + " " + r.request().uri() + " -> " + r.statusCode() + " " + r.body();
    assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, what);
    assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), what);
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        what);
    try {
      JsonNode problem = Json.MAPPER.readTree(r.body());
      assertEquals(r.statusCode(), problem.get("status").asInt(), what);
      if (r.statusCode() == 400) {
        assertTrue(problem.hasNonNull("code"), what);
      }
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + what, e);
    }
  }

  private static <T> T pick(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
