package io.reelroute.social;

import static io.reelroute.social.Social.count;
import static io.reelroute.testing.ApiClient.json;
import static io.reelroute.testing.ApiClient.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.video.VideoKeys;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

/** Comments, replies, edits, deletes, limits, notifications and the e-mail digest through HTTP. */
@IntegrationTest
class CommentsIT {

  private static Map<String, Object> text(String body) {
    return Map.of("body", body);
  }

  @Test
  void commentThreadWithRepliesEditsAndDeletes(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session alice = TestUsers.signUp(app);
    TestUsers.Session bob = TestUsers.signUp(app);
    String key = Social.readyVideo(app, owner, "Thread", "PUBLIC");
    String comments = "/api/videos/" + key + "/comments";
    ApiClient a = ApiClient.as(app, alice);
    ApiClient b = ApiClient.as(app, bob);
    ApiClient o = ApiClient.as(app, owner);

    JsonNode first = json(a.post(comments, text("  First!  ")), 201);
    assertEquals("First!", first.get("body").asText());
    assertTrue(first.get("mine").asBoolean());
    assertTrue(first.get("author").get("handle").isTextual());
    long firstId = first.get("id").asLong();
    String html = "<script>alert('x')</script> <b>bold</b> & \"quotes\"\nsecond line";
    JsonNode second = json(b.post(comments, text(html)), 201);
    // HTML is kept as the text it is: the API returns it verbatim as a JSON string
    assertEquals(html, second.get("body").asText());
    long secondId = second.get("id").asLong();
    JsonNode reply = json(b.post(comments, Map.of("body", "a reply", "parentId", firstId)), 201);
    assertEquals(firstId, reply.get("parentId").asLong());
    // one level of replies only
    problem(
        a.post(comments, Map.of("body", "deeper", "parentId", reply.get("id").asLong())),
        400,
        "parentId");
    problem(a.post(comments, Map.of("body", "where", "parentId", 999_999_999)), 400, "parentId");

    // newest first (top-level only), with the reply count
    HttpResponse<String> listed = ApiClient.anonymous(app).get(comments);
    assertTrue(
        listed.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode newest = json(listed, 200);
    assertEquals(2, newest.size());
    assertEquals(secondId, newest.get(0).get("id").asLong());
    assertEquals(1, newest.get(1).get("replyCount").asInt());
    assertFalse(newest.get(0).get("mine").asBoolean());
    // top: most replies first
    JsonNode top = json(ApiClient.anonymous(app).get(comments + "?sort=top"), 200);
    assertEquals(firstId, top.get(0).get("id").asLong());
    JsonNode replies =
        json(ApiClient.anonymous(app).get("/api/comments/" + firstId + "/replies"), 200);
    assertEquals(1, replies.size());
    assertEquals("a reply", replies.get(0).get("body").asText());
    // counts on the video
    assertEquals(
        3, json(ApiClient.anonymous(app).get("/api/videos/" + key), 200).get("comments").asLong());
    assertEquals(3, ReactionsViewsChannelIT.listed(app, key).get("comments").asLong());

    // edit: the author only
    JsonNode edited = json(a.patch("/api/comments/" + firstId, text("First, edited")), 200);
    assertEquals("First, edited", edited.get("body").asText());
    assertTrue(edited.get("editedAt").isTextual());
    problem(b.patch("/api/comments/" + firstId, text("hijack")), 403, "commentId");
    problem(o.patch("/api/comments/" + firstId, text("owner edit")), 403, "commentId");
    problem(a.patch("/api/comments/" + firstId, text("   ")), 400, "body");
    problem(a.patch("/api/comments/" + firstId, Map.of("body", "x", "extra", true)), 400, "extra");
    problem(ApiClient.anonymous(app).patch("/api/comments/" + firstId, text("x")), 401, null);
    problem(a.patch("/api/comments/abc", text("x")), 400, "commentId");
    problem(a.patch("/api/comments/999999999", text("x")), 404, "commentId");
    // delete: author or video owner, nobody else
    problem(a.delete("/api/comments/" + secondId), 403, "commentId");
    assertEquals(204, o.delete("/api/comments/" + secondId).statusCode()); // the owner moderates
    problem(o.delete("/api/comments/" + secondId), 404, "commentId");
    assertEquals(
        2, json(ApiClient.anonymous(app).get("/api/videos/" + key), 200).get("comments").asLong());
    // deleting the top-level comment takes its replies along
    assertEquals(204, a.delete("/api/comments/" + firstId).statusCode());
    assertEquals(0, json(ApiClient.anonymous(app).get(comments), 200).size());
    assertEquals(0, count(app, "SELECT COUNT(*) FROM comments WHERE videoKey = ?", key));
    assertEquals(
        0, json(ApiClient.anonymous(app).get("/api/videos/" + key), 200).get("comments").asLong());
  }

  @Test
  void badCommentsAreClearProblems(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session carol = TestUsers.signUp(app);
    String key = Social.readyVideo(app, owner, "Bad input", "PUBLIC");
    String hidden = Social.readyVideo(app, owner, "Private", "PRIVATE");
    ApiClient c = ApiClient.as(app, carol);
    String comments = "/api/videos/" + key + "/comments";
    problem(c.post(comments, text("")), 400, "body");
    problem(c.post(comments, text(" \n\t ")), 400, "body");
    problem(c.post(comments, text("x".repeat(2001))), 400, "body");
    problem(c.post(comments, text("bell\u0007")), 400, "body");
    problem(c.post(comments, Map.of("body", 12)), 400, "body");
    problem(c.post(comments, "{}"), 400, "body");
    problem(c.post(comments, "not json"), 400, null);
    problem(c.post(comments, Map.of("body", "x", "parentId", "1")), 400, "parentId");
    problem(c.post(comments, Map.of("body", "x", "parentId", -4)), 400, "parentId");
    problem(ApiClient.anonymous(app).post(comments, text("anonymous")), 401, null);
    problem(c.post("/api/videos/" + hidden + "/comments", text("hello")), 404, "videoKey");
    problem(c.get("/api/videos/" + hidden + "/comments"), 404, "videoKey");
    problem(
        c.post("/api/videos/" + VideoKeys.generate() + "/comments", text("hi")), 404, "videoKey");
    problem(c.get(comments + "?sort=best"), 400, "sort");
    problem(c.get(comments + "?limit=0"), 400, "limit");
    problem(c.get(comments + "?cursor=abc"), 400, "cursor");
    problem(c.get("/api/comments/0/replies"), 400, "commentId");
    // 2,000 characters (code points, emoji included) are fine
    String longest = "😀".repeat(1000) + "x".repeat(1000);
    assertEquals(longest, json(c.post(comments, text(longest)), 201).get("body").asText());
    // the owner can see and comment on a private video
    json(ApiClient.as(app, owner).post("/api/videos/" + hidden + "/comments", text("note")), 201);
  }

  @Test
  void cursorPagingWithoutDuplicatesOrGaps(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    List<TestUsers.Session> writers =
        List.of(TestUsers.signUp(app), TestUsers.signUp(app), TestUsers.signUp(app));
    String key = Social.readyVideo(app, owner, "Paging", "PUBLIC");
    String comments = "/api/videos/" + key + "/comments";
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ids.add(
          json(ApiClient.as(app, writers.get(i % 3)).post(comments, text("c" + i)), 201)
              .get("id")
              .asLong());
    }
    for (String sort : List.of("newest", "top")) {
      Set<Long> seen = new HashSet<>();
      String cursor = null;
      int pages = 0;
      do {
        HttpResponse<String> page =
            ApiClient.anonymous(app)
                .get(
                    comments
                        + "?sort="
                        + sort
                        + "&limit=7"
                        + (cursor == null ? "" : "&cursor=" + cursor));
        for (JsonNode c : json(page, 200)) {
          assertTrue(seen.add(c.get("id").asLong()), "duplicate " + c);
        }
        cursor = page.headers().firstValue("X-Next-Cursor").orElse(null);
        pages++;
      } while (cursor != null && pages < 10);
      assertEquals(new HashSet<>(ids), seen, sort);
      assertEquals(4, pages);
    }
  }

  @Test
  void commentPostingIsRateLimited(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session chatty = TestUsers.signUp(app);
    String key = Social.readyVideo(app, owner, "Limits", "PUBLIC");
    ApiClient c = ApiClient.as(app, chatty);
    int max = Integer.parseInt(app.app().settings().get("reelroute.social.comment-rate-max"));
    for (int i = 0; i < max; i++) {
      json(c.post("/api/videos/" + key + "/comments", text("msg " + i)), 201);
    }
    HttpResponse<String> refused = c.post("/api/videos/" + key + "/comments", text("one more"));
    JsonNode problem = problem(refused, 429, null);
    assertEquals("rate-limited", problem.get("code").asText());
    int retryAfter = Integer.parseInt(refused.headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retryAfter >= 1 && retryAfter <= 61, "Retry-After " + retryAfter);
    // another user is not affected
    json(ApiClient.as(app, owner).post("/api/videos/" + key + "/comments", text("owner")), 201);
    assertEquals(max + 1, count(app, "SELECT COUNT(*) FROM comments WHERE videoKey = ?", key));
  }

  @Test
  void ownerIsNotifiedAndMailedOneDigest(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session dave = TestUsers.signUp(app);
    TestUsers.Session erin = TestUsers.signUp(app);
    String one = Social.readyVideo(app, owner, "First film", "PUBLIC");
    String two = Social.readyVideo(app, owner, "Second film", "PUBLIC");
    json(
        ApiClient.as(app, dave)
            .post("/api/videos/" + one + "/comments", text("Lovely <i>shot</i>")),
        201);
    json(ApiClient.as(app, erin).post("/api/videos/" + one + "/comments", text("Agreed")), 201);
    long gone =
        json(
                ApiClient.as(app, erin)
                    .post("/api/videos/" + two + "/comments", text("deleted soon")),
                201)
            .get("id")
            .asLong();
    json(ApiClient.as(app, dave).post("/api/videos/" + two + "/comments", text("Second one")), 201);
    json(ApiClient.as(app, owner).post("/api/videos/" + two + "/comments", text("my own")), 201);
    assertEquals(204, ApiClient.as(app, erin).delete("/api/comments/" + gone).statusCode());
    assertEquals(
        4,
        count(
            app,
            "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'COMMENT'",
            owner.userId()));
    int before = TestUsers.mailCount(app, owner.email());
    ProducerTemplate template = app.app().camelContext().createProducerTemplate();
    template.sendBody("direct:social-digest-run", null);
    assertEquals(before + 1, TestUsers.mailCount(app, owner.email()));
    String mail = TestUsers.latestMailTo(app, owner.email());
    assertTrue(mail.startsWith("3 new comments on your videos"), mail);
    assertTrue(mail.contains("First film") && mail.contains("Second film"), mail);
    assertTrue(mail.contains("Lovely <i>shot</i>") && mail.contains("Second one"), mail);
    assertFalse(mail.contains("deleted soon") || mail.contains("my own"), mail);
    assertTrue(mail.contains("/watch/" + one), mail);
    // sent once: the next run has nothing for this owner
    template.sendBody("direct:social-digest-run", null);
    assertEquals(before + 1, TestUsers.mailCount(app, owner.email()));
    // commenters get no digest of their own comments
    assertEquals(
        0, count(app, "SELECT COUNT(*) FROM comment_mail WHERE owner_id = ?", owner.userId()));
    template.close();
  }

  @Test
  void aReplyNotifiesTheCommentsAuthorOnce(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session dave = TestUsers.signUp(app);
    TestUsers.Session erin = TestUsers.signUp(app);
    String key = Social.readyVideo(app, owner, "Harbour at dusk", "PUBLIC");
    String comments = "/api/videos/" + key + "/comments";
    long daves =
        json(ApiClient.as(app, dave).post(comments, text("Great light")), 201).get("id").asLong();
    long owners =
        json(ApiClient.as(app, owner).post(comments, text("Thanks all")), 201).get("id").asLong();
    json(ApiClient.as(app, erin).post(comments, Map.of("body", "It is", "parentId", daves)), 201);
    json(
        ApiClient.as(app, dave).post(comments, Map.of("body", "Me again", "parentId", daves)), 201);
    json(
        ApiClient.as(app, dave).post(comments, Map.of("body", "Welcome", "parentId", owners)), 201);

    // dave: erin's reply, not his own
    JsonNode mine = json(ApiClient.as(app, dave).get("/api/me/notifications"), 200);
    List<String> titles = new ArrayList<>();
    mine.get("items")
        .forEach(n -> titles.add(n.get("kind").asText() + " " + n.get("title").asText()));
    assertEquals(1, titles.size(), titles.toString());
    assertTrue(titles.get(0).startsWith("COMMENT_REPLY "), titles.toString());
    assertTrue(
        titles.get(0).contains("replied to your comment on \u201cHarbour at dusk\u201d"),
        titles.toString());
    assertTrue(mine.get("items").get(0).get("body").asText().endsWith(": It is"));
    assertEquals("/watch/" + key, mine.get("items").get(0).get("link").asText());
    // the owner: a comment notification for dave's and erin's comments and dave's second reply
    // (on dave's comment), and dave's reply to the owner's comment told once, as a reply
    assertEquals(
        3,
        count(
            app,
            "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'COMMENT'",
            owner.userId()));
    assertEquals(
        1,
        count(
            app,
            "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'COMMENT_REPLY'",
            owner.userId()));
    assertEquals(
        0, count(app, "SELECT COUNT(*) FROM notifications WHERE user_id = ?", erin.userId()));

    // the e-mail digest: dave hears of erin's reply, the owner of the four comments by others
    int daveMails = TestUsers.mailCount(app, dave.email());
    int ownerMails = TestUsers.mailCount(app, owner.email());
    ProducerTemplate template = app.app().camelContext().createProducerTemplate();
    template.sendBody("direct:social-digest-run", null);
    template.close();
    assertEquals(daveMails + 1, TestUsers.mailCount(app, dave.email()));
    String toDave = TestUsers.latestMailTo(app, dave.email());
    assertTrue(toDave.startsWith("1 new reply to your comments"), toDave);
    // (the body is quoted-printable: the curly quotes around the title are encoded)
    assertTrue(
        toDave.contains("Replies to your comments on") && toDave.contains("Harbour at dusk"),
        toDave);
    assertTrue(toDave.contains(": It is") && !toDave.contains("Me again"), toDave);
    assertEquals(ownerMails + 1, TestUsers.mailCount(app, owner.email()));
    String toOwner = TestUsers.latestMailTo(app, owner.email());
    assertTrue(toOwner.startsWith("4 new comments on your videos"), toOwner);
    assertEquals(1, TestUsers.mailCount(app, erin.email()), "erin: only her confirmation code");
  }

  @Test
  void deletingAVideoTakesItsSocialRowsAlong(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session fan = TestUsers.signUp(app);
    String key = Social.readyVideo(app, owner, "Doomed", "PUBLIC");
    ApiClient f = ApiClient.as(app, fan);
    long top =
        json(f.post("/api/videos/" + key + "/comments", text("top")), 201).get("id").asLong();
    json(f.post("/api/videos/" + key + "/comments", Map.of("body", "reply", "parentId", top)), 201);
    json(f.put("/api/videos/" + key + "/reaction", Map.of("reaction", "like")), 200);
    json(f.post("/api/videos/" + key + "/views", null), 200);
    assertEquals(204, ApiClient.as(app, owner).delete("/api/videos/" + key).statusCode());
    for (String table : List.of("comments", "video_reactions", "video_views", "video_stats")) {
      assertEquals(
          0, count(app, "SELECT COUNT(*) FROM " + table + " WHERE videoKey = ?", key), table);
    }
    assertEquals(0, count(app, "SELECT COUNT(*) FROM comment_mail WHERE comment_id = ?", top));
    problem(f.get("/api/comments/" + top + "/replies"), 404, "commentId");
  }
}
