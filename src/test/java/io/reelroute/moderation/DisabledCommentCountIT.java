package io.reelroute.moderation;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.Viewers;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The comment counts viewers see leave out the comments they cannot see (issue 15 follow-up): a
 * disabled account's comments, and the replies to its comments, leave the video's count in its
 * detail, the listings, the channel page and the owner's list, and the reply counts of the comment
 * pages; enabling the account brings them back. A reply removed while its parent is hidden leaves
 * the count as it is. The V21 migration puts stale counts right the same way.
 */
@IntegrationTest
class DisabledCommentCountIT {

  @Test
  void aDisabledAuthorsCommentsLeaveTheCountsAndComeBackWhenEnabled(TestApp app) throws Exception {
    TestUsers.Session ownerSession = TestUsers.signUp(app);
    TestUsers.Session trollSession = TestUsers.signUp(app);
    ApiClient owner = ApiClient.as(app, ownerSession);
    ApiClient alice = ApiClient.as(app, TestUsers.signUp(app));
    ApiClient bob = ApiClient.as(app, TestUsers.signUp(app));
    ApiClient troll = ApiClient.as(app, trollSession);
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    ApiClient anonymous = ApiClient.anonymous(app);
    String key = Fixtures.readyVideo(app, ownerSession, "Counted");
    String handle = Viewers.handle(app, ownerSession);

    long a1 = comment(alice, key, "nice", null);
    long t1 = comment(troll, key, "spam spam", null);
    comment(troll, key, "spam reply", a1);
    long br = comment(bob, key, "why spam?", t1);
    comment(bob, key, "great video", null);
    assertCounts(app, anonymous, owner, key, handle, 5);
    assertEquals(1, replyCount(anonymous, key, a1));

    // disabled: the troll's two comments and bob's reply to one of them are out of every count
    json(
        admin.post(
            "/api/moderation/users/" + trollSession.userId() + "/disable",
            Map.of("reason", "spam")),
        200);
    assertCounts(app, anonymous, owner, key, handle, 2);
    assertEquals(0, replyCount(anonymous, key, a1));
    assertEquals(2, json(anonymous.get("/api/videos/" + key + "/comments"), 200).size());
    assertEquals(0, json(anonymous.get("/api/comments/" + a1 + "/replies"), 200).size());
    assertEquals(
        401, troll.post("/api/videos/" + key + "/comments", Map.of("body", "x")).statusCode());

    // bob removes his reply to the hidden comment: it was not counted, the count stays
    assertEquals(204, bob.delete("/api/comments/" + br).statusCode());
    assertCounts(app, anonymous, owner, key, handle, 2);

    // enabled again: its comments (and the replies they hold) count again
    json(admin.post("/api/admin/users/" + trollSession.userId() + "/enable", Map.of()), 200);
    assertCounts(app, anonymous, owner, key, handle, 4);
    assertEquals(1, replyCount(anonymous, key, a1));
    assertEquals(0, replyCount(anonymous, key, t1));

    // the V21 migration counts an install's accounts disabled before this change the same way
    json(
        admin.post(
            "/api/moderation/users/" + trollSession.userId() + "/disable",
            Map.of("reason", "spam again")),
        200);
    Viewers.sql(app, "UPDATE video_stats SET comments = 4 WHERE videoKey = ?", key);
    Viewers.sql(app, "UPDATE comments SET reply_count = 1 WHERE id = ?", a1);
    migrateAgain(app, "/db/migration/V21__hidden_comment_counts.sql");
    assertEquals(
        2, app.count("SELECT comments FROM video_stats WHERE videoKey = ?", key), "migrated");
    assertEquals(0, app.count("SELECT reply_count FROM comments WHERE id = ?", a1));
  }

  private static long comment(ApiClient author, String key, String body, Long parentId) {
    Map<String, Object> request =
        parentId == null ? Map.of("body", body) : Map.of("body", body, "parentId", parentId);
    return json(author.post("/api/videos/" + key + "/comments", request), 201).get("id").asLong();
  }

  /**
   * The count in the detail, the public listing, the channel page, the owner's list and the row.
   */
  private static void assertCounts(
      TestApp app, ApiClient anonymous, ApiClient owner, String key, String handle, long expected) {
    assertEquals(
        expected,
        app.count("SELECT comments FROM video_stats WHERE videoKey = ?", key),
        "video_stats");
    assertEquals(
        expected,
        json(anonymous.get("/api/videos/" + key), 200).get("comments").asLong(),
        "detail");
    assertEquals(
        expected, json(owner.get("/api/videos/" + key), 200).get("comments").asLong(), "owner");
    assertEquals(expected, item(json(anonymous.get("/api/videos?limit=100"), 200), key), "listing");
    assertEquals(
        expected,
        item(json(anonymous.get("/api/users/" + handle), 200).get("videos"), key),
        "channel");
    assertEquals(expected, item(json(owner.get("/api/me/videos?limit=100"), 200), key), "mine");
  }

  private static long item(JsonNode list, String key) {
    JsonNode items = list.isArray() ? list : list.get("items");
    for (JsonNode item : items) {
      if (key.equals(item.get("videoKey").asText())) {
        return item.get("comments").asLong();
      }
    }
    throw new AssertionError(key + " not listed: " + list);
  }

  private static int replyCount(ApiClient viewer, String key, long commentId) {
    for (JsonNode c : json(viewer.get("/api/videos/" + key + "/comments"), 200)) {
      if (c.get("id").asLong() == commentId) {
        return c.get("replyCount").asInt();
      }
    }
    throw new AssertionError("comment " + commentId + " not listed");
  }

  /** Runs a migration's statements again (they are recounts: safe to repeat). */
  private static void migrateAgain(TestApp app, String resource) throws Exception {
    String sql;
    try (InputStream in = DisabledCommentCountIT.class.getResourceAsStream(resource)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder text = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (!line.strip().startsWith("--")) {
        text.append(line).append('\n');
      }
    }
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String statement : text.toString().split(";")) {
        if (!statement.isBlank()) {
          s.executeUpdate(statement);
        }
      }
    }
    assertTrue(text.length() > 0);
  }
}
