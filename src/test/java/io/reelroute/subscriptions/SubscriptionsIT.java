package io.reelroute.subscriptions;

import static io.reelroute.testing.ApiClient.json;
import static io.reelroute.testing.ApiClient.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.Viewers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subscriptions through HTTP on the embedded stack: follow, feed, notifications, digest. */
@IntegrationTest
class SubscriptionsIT {

  private static List<String> keys(JsonNode array) {
    List<String> keys = new ArrayList<>();
    array.forEach(item -> keys.add(item.get("videoKey").asText()));
    return keys;
  }

  @Test
  void aFollowedChannelsNewVideoReachesTheFeedTheNotificationsAndTheDigest(TestApp app)
      throws Exception {
    TestUsers.Session channel = TestUsers.signUp(app);
    TestUsers.Session fan = TestUsers.signUp(app);
    TestUsers.Session bystander = TestUsers.signUp(app);
    String handle = Viewers.handle(app, channel);
    ApiClient f = ApiClient.as(app, fan);

    JsonNode followed = json(f.put("/api/me/subscriptions/" + handle, null), 200);
    assertTrue(followed.get("subscribed").asBoolean());
    assertEquals(1, followed.get("subscribers").asLong());
    // idempotent: following again changes nothing
    assertEquals(
        1, json(f.put("/api/me/subscriptions/" + handle, null), 200).get("subscribers").asLong());
    // the channel page shows the count
    assertEquals(1, json(app.get("/api/users/" + handle), 200).get("subscribers").asLong());
    JsonNode list = json(f.get("/api/me/subscriptions"), 200);
    assertEquals(1, list.size());
    assertEquals(handle, list.get(0).get("handle").asText());
    // the fan opts in to the e-mail digest
    json(f.put("/api/me/notification-settings", Map.of("subscriptionDigest", true)), 200);
    assertTrue(
        json(f.get("/api/me/notification-settings"), 200).get("subscriptionDigest").asBoolean());

    // the channel publishes: a real upload (public), transcoded, video.published at READY
    String key = Viewers.uploaded(app, channel, "new.mp4");
    JsonNode feed = json(f.get("/api/me/subscriptions/videos"), 200);
    assertEquals(List.of(key), keys(feed), "the feed lists the followed channel's new video");
    assertEquals(handle, feed.get(0).get("ownerHandle").asText());
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(30),
            () ->
                app.count(
                        "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?"
                            + " AND videoKey = ?",
                        fan.userId(),
                        "NEW_VIDEO",
                        key)
                    == 1),
        "the subscriber is notified in-app");
    JsonNode notes = json(f.get("/api/me/notifications"), 200);
    assertTrue(notes.toString().contains(key), notes.toString());
    // the owner hears "ready" as before, the bystander hears nothing
    assertEquals(
        0,
        app.count(
            "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'NEW_VIDEO'",
            bystander.userId()));
    assertEquals(
        0,
        app.count(
            "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'NEW_VIDEO'",
            channel.userId()));
    assertTrue(
        json(ApiClient.as(app, bystander).get("/api/me/subscriptions/videos"), 200).isEmpty());

    // uploaded public: published once, at READY
    assertEquals(1, published(app, key));
    // the event published again adds no second notification
    var context = app.app().camelContext();
    context
        .createProducerTemplate()
        .sendBodyAndHeaders(
            "seda:reelroute.events.video.published?multipleConsumers=true",
            "{}",
            Map.of(
                "ReelrouteVideoKey",
                key,
                "ReelrouteEventId",
                eventId(app, key),
                "ReelrouteEventType",
                "video.published"));
    Thread.sleep(500);
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'NEW_VIDEO'",
            fan.userId()));

    // the digest (daily; run now): one message listing the video, then nothing more to send
    int before = TestUsers.mailCount(app, fan.email());
    context.createFluentProducerTemplate().to("direct:subscriptions-digest-run").send();
    assertEquals(before + 1, TestUsers.mailCount(app, fan.email()));
    String mail = TestUsers.latestMailTo(app, fan.email());
    assertTrue(mail.contains("/watch/" + key), mail);
    assertEquals(
        0, app.count("SELECT COUNT(*) FROM subscription_mail WHERE user_id = ?", fan.userId()));
    context.createFluentProducerTemplate().to("direct:subscriptions-digest-run").send();
    assertEquals(before + 1, TestUsers.mailCount(app, fan.email()));

    // unfollow: the feed is empty, the count drops
    JsonNode left = json(f.delete("/api/me/subscriptions/" + handle), 200);
    assertFalse(left.get("subscribed").asBoolean());
    assertEquals(0, left.get("subscribers").asLong());
    assertTrue(json(f.get("/api/me/subscriptions/videos"), 200).isEmpty());
  }

  private static String eventId(TestApp app, String key) throws Exception {
    try (var c = app.app().infrastructure().dataSource().getConnection();
        var s =
            c.prepareStatement(
                "SELECT id FROM events WHERE videoKey = ? AND type = 'video.published'")) {
      s.setString(1, key);
      try (var r = s.executeQuery()) {
        assertTrue(r.next());
        return r.getString(1);
      }
    }
  }

  @Test
  void theFeedIsLatestPublishedFirstPublicOnlyAndPaged(TestApp app) throws Exception {
    TestUsers.Session a = TestUsers.signUp(app);
    TestUsers.Session b = TestUsers.signUp(app);
    TestUsers.Session fan = TestUsers.signUp(app);
    ApiClient f = ApiClient.as(app, fan);
    json(f.put("/api/me/subscriptions/" + Viewers.handle(app, a), null), 200);
    json(f.put("/api/me/subscriptions/" + Viewers.handle(app, b).toUpperCase(), null), 200);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String key = Viewers.row(app, i % 2 == 0 ? a : b, "Feed " + i, "PUBLIC");
      // published in this order, uploaded in the opposite one: the feed follows publication
      Viewers.sql(
          app,
          "UPDATE videos SET published_at = NOW(3) - INTERVAL ? SECOND,"
              + " uploadTime = NOW(3) - INTERVAL ? SECOND WHERE videoKey = ?",
          100 - i,
          50 + i,
          key);
      expected.add(0, key);
    }
    // uploaded long ago, private, made public now: published last, so first in the feed
    String late = Viewers.row(app, b, "Late", "PRIVATE");
    Viewers.sql(
        app, "UPDATE videos SET uploadTime = NOW(3) - INTERVAL 1 DAY WHERE videoKey = ?", late);
    json(ApiClient.as(app, b).patch("/api/videos/" + late, Map.of("visibility", "public")), 200);
    expected.add(0, late);
    String hidden = Viewers.row(app, a, "Private", "PRIVATE");
    String unlisted = Viewers.row(app, b, "Unlisted", "UNLISTED");
    Viewers.row(app, TestUsers.signUp(app), "Not followed", "PUBLIC");

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<String> page =
          f.get(
              "/api/me/subscriptions/videos?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      seen.addAll(keys(json(page, 200)));
      cursor = page.headers().firstValue("X-Next-Cursor").orElse(null);
      pages++;
    } while (cursor != null && pages < 10);
    assertEquals(expected, seen);
    assertEquals(3, pages);
    assertEquals(1, published(app, late));
    assertFalse(seen.contains(hidden));
    assertFalse(seen.contains(unlisted));
    assertEquals(2, json(f.get("/api/me/subscriptions"), 200).size());
  }

  @Test
  void aVideoMadePublicLaterNotifiesItsFollowersOnceWhenFirstPublished(TestApp app)
      throws Exception {
    TestUsers.Session channel = TestUsers.signUp(app);
    TestUsers.Session fan = TestUsers.signUp(app);
    TestUsers.Session other = TestUsers.signUp(app);
    String handle = Viewers.handle(app, channel);
    ApiClient f = ApiClient.as(app, fan);
    json(f.put("/api/me/subscriptions/" + handle, null), 200);
    json(ApiClient.as(app, other).put("/api/me/subscriptions/" + handle, null), 200);
    json(f.put("/api/me/notification-settings", Map.of("subscriptionDigest", true)), 200);
    ApiClient owner = ApiClient.as(app, channel);

    // uploaded private, transcoded to READY: not published, nobody told
    String key = Viewers.uploaded(app, channel, "later.mp4", "private");
    settled(app, key);
    assertEquals(0, published(app, key));
    assertEquals(
        0,
        app.count(
            "SELECT COUNT(*) FROM videos WHERE videoKey = ? AND published_at IS NOT NULL", key));
    assertEquals(0, newVideo(app, fan, key));
    assertEquals(0, newVideo(app, other, key));
    assertEquals(0, app.count("SELECT COUNT(*) FROM subscription_mail WHERE videoKey = ?", key));
    // unlisted is not public either
    json(owner.patch("/api/videos/" + key, Map.of("visibility", "unlisted")), 200);
    settled(app, key);
    assertEquals(0, published(app, key));

    // made public: published now, each follower told once, the digest has it once
    json(owner.patch("/api/videos/" + key, Map.of("visibility", "public")), 200);
    settled(app, key);
    assertEquals(1, published(app, key));
    assertEquals(1, newVideo(app, fan, key));
    assertEquals(1, newVideo(app, other, key));
    assertEquals(1, app.count("SELECT COUNT(*) FROM subscription_mail WHERE videoKey = ?", key));
    assertEquals(0, newVideo(app, channel, key), "the channel itself is not told");
    assertEquals(List.of(key), keys(json(f.get("/api/me/subscriptions/videos"), 200)));
    JsonNode event = eventBody(app, key, "video.published");
    assertEquals(key, event.get("data").get("videoKey").asText());
    assertEquals("later", event.get("data").get("title").asText(), event.toString());
    assertEquals("READY", event.get("data").get("state").asText());
    assertTrue(event.get("data").hasNonNull("publishedAt"), event.toString());
    // its order among the video's events: after READY
    assertTrue(
        app.count(
                "SELECT COUNT(*) FROM events p JOIN events r ON r.videoKey = p.videoKey"
                    + " WHERE p.videoKey = ? AND p.type = 'video.published'"
                    + " AND r.type = 'video.ready' AND r.seq < p.seq",
                key)
            == 1);

    // private and public again, and an edit of the title while public: still told once
    json(owner.patch("/api/videos/" + key, Map.of("visibility", "private")), 200);
    json(owner.patch("/api/videos/" + key, Map.of("visibility", "public")), 200);
    json(owner.patch("/api/videos/" + key, Map.of("displayName", "Renamed")), 200);
    json(owner.patch("/api/videos/" + key, Map.of("visibility", "public")), 200);
    settled(app, key);
    assertEquals(1, published(app, key));
    assertEquals(1, newVideo(app, fan, key));
    assertEquals(1, newVideo(app, other, key));
  }

  @Test
  void aVideoHiddenByModerationIsPublishedWhenItComesBack(TestApp app) throws Exception {
    TestUsers.Session channel = TestUsers.signUp(app);
    TestUsers.Session fan = TestUsers.signUp(app);
    ApiClient owner = ApiClient.as(app, channel);
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    json(
        ApiClient.as(app, fan).put("/api/me/subscriptions/" + Viewers.handle(app, channel), null),
        200);

    // taken down while private, made public meanwhile: not published until restored
    String key = Viewers.row(app, channel, "Disputed", "PRIVATE");
    json(admin.post("/api/moderation/videos/" + key + "/takedown", Map.of("reason", "check")), 200);
    json(owner.patch("/api/videos/" + key, Map.of("visibility", "public")), 200);
    settled(app, key);
    assertEquals(0, published(app, key));
    assertEquals(0, newVideo(app, fan, key));
    json(admin.post("/api/moderation/videos/" + key + "/restore", Map.of()), 200);
    settled(app, key);
    assertEquals(1, published(app, key));
    assertEquals(1, newVideo(app, fan, key));
    // taken down and restored again once published: nothing new
    json(admin.post("/api/moderation/videos/" + key + "/takedown", Map.of("reason", "again")), 200);
    json(admin.post("/api/moderation/videos/" + key + "/restore", Map.of()), 200);
    settled(app, key);
    assertEquals(1, published(app, key));
    assertEquals(1, newVideo(app, fan, key));

    // READY and public while its owner was disabled: published when the account is enabled
    String quiet = Viewers.row(app, channel, "Quiet", "PRIVATE");
    json(
        admin.post("/api/moderation/users/" + channel.userId() + "/disable", Map.of("reason", "r")),
        200);
    Viewers.sql(app, "UPDATE videos SET visibility = 'PUBLIC' WHERE videoKey = ?", quiet);
    json(admin.post("/api/admin/users/" + channel.userId() + "/enable", Map.of()), 200);
    settled(app, quiet);
    assertEquals(1, published(app, quiet));
    assertEquals(1, newVideo(app, fan, quiet));
    assertEquals(1, published(app, key), "the video published before is not published again");
  }

  /** How many video.published events the video has. */
  private static long published(TestApp app, String key) {
    return app.count(
        "SELECT COUNT(*) FROM events WHERE videoKey = ? AND type = 'video.published'", key);
  }

  /** How many NEW_VIDEO notifications of the video the user has. */
  private static long newVideo(TestApp app, TestUsers.Session user, String key) {
    return app.count(
        "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'NEW_VIDEO'"
            + " AND videoKey = ?",
        user.userId(),
        key);
  }

  /** Waits until every event of the video is published (its subscribers have run). */
  private static void settled(TestApp app, String key) {
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(30),
            () ->
                app.count(
                        "SELECT COUNT(*) FROM events WHERE videoKey = ? AND published_at IS NULL",
                        key)
                    == 0),
        "the video's events are published");
  }

  private static JsonNode eventBody(TestApp app, String key, String type) throws Exception {
    try (var c = app.app().infrastructure().dataSource().getConnection();
        var s = c.prepareStatement("SELECT body FROM events WHERE videoKey = ? AND type = ?")) {
      s.setString(1, key);
      s.setString(2, type);
      try (var r = s.executeQuery()) {
        assertTrue(r.next());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.getString(1));
      }
    }
  }

  @Test
  void refusalsAreClearProblems(TestApp app) throws Exception {
    TestUsers.Session me = TestUsers.signUp(app);
    ApiClient api = ApiClient.as(app, me);
    ApiClient anonymous = ApiClient.anonymous(app);
    String mine = Viewers.handle(app, me);
    problem(anonymous.get("/api/me/subscriptions"), 401, null);
    problem(anonymous.get("/api/me/subscriptions/videos"), 401, null);
    problem(anonymous.put("/api/me/subscriptions/" + mine, null), 401, null);
    problem(anonymous.delete("/api/me/subscriptions/" + mine), 401, null);
    problem(api.put("/api/me/subscriptions/" + mine, null), 400, "handle");
    problem(api.put("/api/me/subscriptions/no-such-channel-here", null), 404, "handle");
    problem(api.put("/api/me/subscriptions/Bad%20Handle!", null), 400, "handle");
    problem(api.get("/api/me/subscriptions/videos?cursor=nonsense"), 400, "cursor");
    problem(api.get("/api/me/subscriptions/videos?limit=0"), 400, "limit");
    problem(
        api.put("/api/me/notification-settings", Map.of("subscriptionDigest", "yes")),
        400,
        "subscriptionDigest");
    problem(api.put("/api/me/notification-settings", Map.of("other", true)), 400, "other");
    assertNull(
        json(api.get("/api/me/notification-settings"), 200).get("subscriptionDigest").isBoolean()
            ? null
            : "not a boolean");
    assertNotNull(json(api.get("/api/me/subscriptions"), 200));
  }
}
