package io.reelroute.social;

import static io.reelroute.social.Social.count;
import static io.reelroute.testing.ApiClient.json;
import static io.reelroute.testing.ApiClient.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.video.VideoKeys;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Reactions, view counts and channel pages through HTTP against the embedded stack. */
@IntegrationTest
class ReactionsViewsChannelIT {

  private static Map<String, Object> reaction(String value) {
    return Map.of("reaction", value);
  }

  @Test
  void reactionsAreOnePerUserAndShowInCounts(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session fan = TestUsers.signUp(app);
    String key = Social.readyVideo(app, owner, "Reactions", "PUBLIC");
    ApiClient f = ApiClient.as(app, fan);
    String path = "/api/videos/" + key + "/reaction";

    JsonNode liked = json(f.put(path, reaction("like")), 200);
    assertEquals("like", liked.get("reaction").asText());
    assertEquals(1, liked.get("likes").asLong());
    assertEquals(0, liked.get("dislikes").asLong());
    // the same click again changes nothing (one reaction per user)
    liked = json(f.put(path, reaction("like")), 200);
    assertEquals(1, liked.get("likes").asLong());
    JsonNode disliked = json(f.put(path, reaction("DISLIKE")), 200);
    assertEquals(0, disliked.get("likes").asLong());
    assertEquals(1, disliked.get("dislikes").asLong());
    json(ApiClient.as(app, owner).put(path, reaction("like")), 200);
    assertEquals("dislike", json(f.get(path), 200).get("reaction").asText());
    // the counts are on the video and in the public listing
    JsonNode detail = json(ApiClient.anonymous(app).get("/api/videos/" + key), 200);
    assertEquals(1, detail.get("likes").asLong());
    assertEquals(1, detail.get("dislikes").asLong());
    assertTrue(detail.get("ownerHandle").isTextual());
    JsonNode none = json(f.put(path, reaction("none")), 200);
    assertEquals("none", none.get("reaction").asText());
    assertEquals(1, none.get("likes").asLong());
    assertEquals(0, none.get("dislikes").asLong());
    JsonNode item = listed(app, key);
    assertEquals(1, item.get("likes").asLong());
    assertEquals(0, item.get("dislikes").asLong());
    assertEquals(
        0,
        count(
            app,
            "SELECT COUNT(*) FROM video_reactions WHERE videoKey = ? AND user_id = ?",
            key,
            fan.userId()));
  }

  @Test
  void badReactionsAreClearProblems(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session other = TestUsers.signUp(app);
    String key = Social.readyVideo(app, owner, "Public", "PUBLIC");
    String hidden = Social.readyVideo(app, owner, "Private", "PRIVATE");
    ApiClient o = ApiClient.as(app, other);
    problem(o.put("/api/videos/" + key + "/reaction", reaction("love")), 400, "reaction");
    problem(o.put("/api/videos/" + key + "/reaction", Map.of("reaction", 1)), 400, "reaction");
    problem(o.put("/api/videos/" + key + "/reaction", "{}"), 400, "reaction");
    problem(o.put("/api/videos/" + key + "/reaction", "{"), 400, null);
    problem(
        o.put("/api/videos/" + key + "/reaction", Map.of("reaction", "like", "x", 1)), 400, "x");
    problem(
        ApiClient.anonymous(app).put("/api/videos/" + key + "/reaction", reaction("like")),
        401,
        null);
    // private videos of others and unknown videos are the same 404
    problem(o.put("/api/videos/" + hidden + "/reaction", reaction("like")), 404, "videoKey");
    problem(o.get("/api/videos/" + hidden + "/reaction"), 404, "videoKey");
    problem(
        o.put("/api/videos/" + VideoKeys.generate() + "/reaction", reaction("like")),
        404,
        "videoKey");
    problem(o.put("/api/videos/bad..key/reaction", reaction("like")), 400, "videoKey");
    // the owner may react to their own private video
    json(
        ApiClient.as(app, owner).put("/api/videos/" + hidden + "/reaction", reaction("like")), 200);
    // a video still processing has nothing to react to yet
    Social.sql(
        app, "UPDATE videos SET state = 'PROCESSING', isTranscoded = 0 WHERE videoKey = ?", key);
    problem(o.put("/api/videos/" + key + "/reaction", reaction("like")), 409, "videoKey");
  }

  /** 50 concurrent reaction changes by 10 users: the counters equal the rows, exactly. */
  @Test
  void concurrentTogglesEndWithExactCounts(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    String key = Social.readyVideo(app, owner, "Hot video", "PUBLIC");
    List<TestUsers.Session> users = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      users.add(TestUsers.signUp(app));
    }
    String[] choices = {"like", "dislike", "none"};
    Random random = new Random(8);
    List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      TestUsers.Session user = users.get(i % 10);
      String choice = choices[random.nextInt(3)];
      calls.add(
          () -> ApiClient.as(app, user).put("/api/videos/" + key + "/reaction", reaction(choice)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    for (Callable<HttpResponse<String>> call : calls) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return call.call();
              }));
    }
    start.countDown();
    for (Future<HttpResponse<String>> f : futures) {
      assertEquals(200, f.get().statusCode(), f.get().body());
    }
    pool.shutdown();
    // each user's last reaction, as the database and the API see it
    long likes = 0;
    long dislikes = 0;
    for (TestUsers.Session user : users) {
      String mine =
          json(ApiClient.as(app, user).get("/api/videos/" + key + "/reaction"), 200)
              .get("reaction")
              .asText();
      likes += mine.equals("like") ? 1 : 0;
      dislikes += mine.equals("dislike") ? 1 : 0;
    }
    assertEquals(
        likes,
        count(
            app,
            "SELECT COUNT(*) FROM video_reactions WHERE videoKey = ? AND reaction = 'LIKE'",
            key));
    assertEquals(
        dislikes,
        count(
            app,
            "SELECT COUNT(*) FROM video_reactions WHERE videoKey = ? AND reaction = 'DISLIKE'",
            key));
    assertEquals(likes, count(app, "SELECT likes FROM video_stats WHERE videoKey = ?", key));
    assertEquals(dislikes, count(app, "SELECT dislikes FROM video_stats WHERE videoKey = ?", key));
    JsonNode detail = json(ApiClient.anonymous(app).get("/api/videos/" + key), 200);
    assertEquals(likes, detail.get("likes").asLong());
    assertEquals(dislikes, detail.get("dislikes").asLong());
    assertTrue(likes + dislikes <= 10);
    // a second round with every user clicking 5 times at once, all ending on like
    List<Future<HttpResponse<String>>> round = new ArrayList<>();
    ExecutorService pool2 = Executors.newFixedThreadPool(50);
    for (int i = 0; i < 50; i++) {
      TestUsers.Session user = users.get(i % 10);
      String choice = i < 40 ? choices[i % 3] : "like";
      if (i >= 40) {
        // the last click of each user: after every earlier one of that user has answered
        for (int j = i % 10; j < 40; j += 10) {
          round.get(j).get();
        }
      }
      round.add(
          pool2.submit(
              () ->
                  ApiClient.as(app, user)
                      .put("/api/videos/" + key + "/reaction", reaction(choice))));
    }
    for (Future<HttpResponse<String>> f : round) {
      assertEquals(200, f.get().statusCode(), f.get().body());
    }
    pool2.shutdown();
    assertEquals(10, count(app, "SELECT likes FROM video_stats WHERE videoKey = ?", key));
    assertEquals(0, count(app, "SELECT dislikes FROM video_stats WHERE videoKey = ?", key));
    assertEquals(
        10, json(ApiClient.anonymous(app).get("/api/videos/" + key), 200).get("likes").asLong());
  }

  @Test
  void viewsCountOncePerViewerPerWindow(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session viewer = TestUsers.signUp(app);
    String key = Social.readyVideo(app, owner, "Viewed", "UNLISTED");
    String path = "/api/videos/" + key + "/views";
    ApiClient v = ApiClient.as(app, viewer);
    JsonNode first = json(v.post(path, null), 200);
    assertTrue(first.get("counted").asBoolean());
    assertEquals(1, first.get("views").asLong());
    for (int i = 0; i < 3; i++) { // reloads
      JsonNode again = json(v.post(path, null), 200);
      assertFalse(again.get("counted").asBoolean());
      assertEquals(1, again.get("views").asLong());
    }
    // anonymous viewers: one per address + user agent
    ApiClient anonA =
        ApiClient.anonymous(app)
            .with(Map.of("User-Agent", "Browser A", "X-Forwarded-For", "10.9.9.1"));
    ApiClient anonB =
        ApiClient.anonymous(app)
            .with(Map.of("User-Agent", "Browser B", "X-Forwarded-For", "10.9.9.1"));
    ApiClient anonC =
        ApiClient.anonymous(app)
            .with(Map.of("User-Agent", "Browser A", "X-Forwarded-For", "10.9.9.2"));
    assertTrue(json(anonA.post(path, null), 200).get("counted").asBoolean());
    assertFalse(json(anonA.post(path, null), 200).get("counted").asBoolean());
    assertTrue(json(anonB.post(path, null), 200).get("counted").asBoolean());
    assertEquals(4, json(anonC.post(path, null), 200).get("views").asLong());
    // no address or agent is stored, only keyed hashes
    assertEquals(
        0,
        count(
            app,
            "SELECT COUNT(*) FROM video_views WHERE viewer LIKE '%10.9.9%' OR viewer LIKE '%Browser%'"));
    // an hour later the same viewer counts again
    Social.sql(
        app,
        "UPDATE video_views SET counted_at = counted_at - INTERVAL 61 MINUTE WHERE videoKey = ?",
        key);
    JsonNode later = json(v.post(path, null), 200);
    assertTrue(later.get("counted").asBoolean());
    assertEquals(5, later.get("views").asLong());
    assertEquals(
        5, json(ApiClient.anonymous(app).get("/api/videos/" + key), 200).get("views").asLong());
    // concurrent first views of one viewer count once
    TestUsers.Session eager = TestUsers.signUp(app);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<HttpResponse<String>>> clicks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      clicks.add(pool.submit(() -> ApiClient.as(app, eager).post(path, null)));
    }
    int counted = 0;
    for (Future<HttpResponse<String>> f : clicks) {
      counted += json(f.get(), 200).get("counted").asBoolean() ? 1 : 0;
    }
    pool.shutdown();
    assertEquals(1, counted);
    assertEquals(6, count(app, "SELECT views FROM video_stats WHERE videoKey = ?", key));
    // private videos of others, unknown keys
    String hidden = Social.readyVideo(app, owner, "Hidden", "PRIVATE");
    problem(v.post("/api/videos/" + hidden + "/views", null), 404, "videoKey");
    problem(
        ApiClient.anonymous(app).post("/api/videos/" + VideoKeys.generate() + "/views", null),
        404,
        "videoKey");
    problem(v.post("/api/videos/x/views", null), 400, "videoKey");
  }

  @Test
  void channelPageListsPublicVideos(TestApp app) throws Exception {
    TestUsers.Session maker =
        TestUsers.signUp(
            app,
            "maker-" + System.nanoTime() + "@example.test",
            "correct horse battery staple",
            "Zoë O'Brien");
    String handle =
        Social.count(
                    app,
                    "SELECT COUNT(*) FROM users WHERE id = ? AND handle IS NOT NULL",
                    maker.userId())
                == 1
            ? handleOf(app, maker.userId())
            : null;
    assertTrue(handle != null && handle.startsWith("zoe-o-brien"), handle);
    String shown = Social.readyVideo(app, maker, "Shown", "PUBLIC");
    Social.readyVideo(app, maker, "Unlisted", "UNLISTED");
    Social.readyVideo(app, maker, "Private", "PRIVATE");
    String second = Social.readyVideo(app, maker, "Second", "PUBLIC");
    Social.sql(
        app,
        "UPDATE videos SET uploadTime = uploadTime - INTERVAL 1 DAY WHERE videoKey = ?",
        shown);
    JsonNode channel = json(ApiClient.anonymous(app).get("/api/users/" + handle), 200);
    assertEquals(handle, channel.get("handle").asText());
    assertEquals("Zoë O'Brien", channel.get("displayName").asText());
    assertEquals(2, channel.get("videoCount").asLong());
    assertEquals(2, channel.get("videos").size());
    assertEquals(second, channel.get("videos").get(0).get("videoKey").asText());
    assertEquals(handle, channel.get("videos").get(0).get("ownerHandle").asText());
    assertTrue(channel.get("videos").get(0).has("views"));
    // paging
    HttpResponse<String> firstPage =
        ApiClient.anonymous(app).get("/api/users/" + handle + "?limit=1");
    JsonNode page1 = json(firstPage, 200);
    assertEquals(1, page1.get("videos").size());
    String cursor = page1.get("nextCursor").asText();
    assertEquals(cursor, firstPage.headers().firstValue("X-Next-Cursor").orElse(""));
    JsonNode page2 =
        json(
            ApiClient.anonymous(app).get("/api/users/" + handle + "?limit=1&cursor=" + cursor),
            200);
    assertEquals(shown, page2.get("videos").get(0).get("videoKey").asText());
    assertTrue(page2.get("nextCursor").isNull());
    // the same page in upper case; unknown and malformed handles
    assertEquals(
        handle,
        json(ApiClient.anonymous(app).get("/api/users/" + handle.toUpperCase()), 200)
            .get("handle")
            .asText());
    problem(ApiClient.anonymous(app).get("/api/users/nobody-" + System.nanoTime()), 404, "handle");
    problem(ApiClient.anonymous(app).get("/api/users/" + "x".repeat(41)), 400, "handle");
    problem(ApiClient.anonymous(app).get("/api/users/a%27%20OR%201%3D1"), 400, "handle");
    problem(ApiClient.anonymous(app).get("/api/users/" + handle + "?limit=0"), 400, "limit");
    problem(ApiClient.anonymous(app).get("/api/users/" + handle + "?cursor=zzz"), 400, "cursor");
    // two users of the same name get different handles
    TestUsers.Session twin =
        TestUsers.signUp(
            app,
            "twin-" + System.nanoTime() + "@example.test",
            "correct horse battery staple",
            "Zoë O'Brien");
    String twinHandle = handleOf(app, twin.userId());
    assertTrue(twinHandle.startsWith("zoe-o-brien-"), twinHandle);
    assertFalse(twinHandle.equals(handle));
  }

  static String handleOf(TestApp app, long userId) throws Exception {
    try (var c = app.app().infrastructure().dataSource().getConnection();
        var ps = c.prepareStatement("SELECT handle FROM users WHERE id = ?")) {
      ps.setLong(1, userId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** The video's item in the public listing (first pages; the test's video is among the newest). */
  static JsonNode listed(TestApp app, String key) {
    Map<String, JsonNode> seen = new HashMap<>();
    JsonNode items = json(ApiClient.anonymous(app).get("/api/videos?limit=100"), 200);
    items.forEach(i -> seen.put(i.get("videoKey").asText(), i));
    JsonNode item = seen.get(key);
    assertTrue(item != null, "not listed: " + key);
    assertNull(item.get("email"));
    return item;
  }
}
