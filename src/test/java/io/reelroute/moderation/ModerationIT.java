package io.reelroute.moderation;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, reports and moderation on the real stack: a report reaches the admin's open queue (a
 * plain user gets 403 there), a takedown hides the video from everyone but its owner (who sees the
 * reason and may appeal once) and the moderators and admins reviewing it, the reporter is told the
 * outcome, restore brings it back, a moderator removes a reported comment, and every action is in
 * the admins' audit log.
 */
@IntegrationTest
class ModerationIT {

  private static Map<String, Object> report(String type, String id, String reason) {
    return Map.of("targetType", type, "targetId", id, "reason", reason, "text", "look at this");
  }

  @Test
  void reportQueueTakedownAppealRestore(TestApp app) throws Exception {
    TestUsers.Session ownerSession = TestUsers.signUp(app);
    ApiClient owner = ApiClient.as(app, ownerSession);
    ApiClient reporter = ApiClient.as(app, TestUsers.signUp(app));
    ApiClient bystander = ApiClient.as(app, TestUsers.signUp(app));
    ApiClient anonymous = ApiClient.anonymous(app);
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    String key = Fixtures.readyVideo(app, ownerSession, "Spammy video");

    // the report, once; not on one's own content; reasons from the list only
    JsonNode created = json(reporter.post("/api/reports", report("video", key, "spam")), 201);
    assertEquals("open", created.get("state").asText());
    String reportId = created.get("id").asText();
    assertEquals(
        "report-exists",
        problem(reporter.post("/api/reports", report("video", key, "spam")), 409, null)
            .get("code")
            .asText());
    assertEquals(
        "own-content",
        problem(owner.post("/api/reports", report("video", key, "spam")), 403, "targetId")
            .get("code")
            .asText());
    problem(reporter.post("/api/reports", report("video", key, "boring")), 400, "reason");
    problem(reporter.post("/api/reports", report("video", "AAAAAAAAAAA", "spam")), 404, "targetId");
    problem(anonymous.post("/api/reports", report("video", key, "spam")), 401, null);

    // the admin's open queue has it; a plain user and an anonymous caller do not get in
    JsonNode queue = json(admin.get("/api/moderation/reports?state=open&limit=100"), 200);
    assertTrue(Fixtures.listed(queue, "id", reportId), queue.toString());
    assertEquals(
        "moderator-only",
        problem(bystander.get("/api/moderation/reports?state=open"), 403, null)
            .get("code")
            .asText());
    problem(anonymous.get("/api/moderation/reports?state=open"), 401, null);
    problem(admin.get("/api/moderation/reports?state=closed"), 400, "state");

    // the owner's public playlist holds the video (a takedown must hide it there too)
    String playlist =
        json(owner.post("/api/playlists", Map.of("title", "Mine", "visibility", "public")), 201)
            .get("id")
            .asText();
    assertEquals(
        200, owner.put("/api/playlists/" + playlist + "/videos/" + key, null).statusCode());
    assertTrue(anonymous.get("/api/playlists/" + playlist).body().contains(key));

    // a takedown needs a reason, then hides the video from everyone but its owner
    problem(admin.post("/api/moderation/videos/" + key + "/takedown", Map.of()), 400, "reason");
    problem(
        bystander.post("/api/moderation/videos/" + key + "/takedown", Map.of("reason", "x")),
        403,
        null);
    JsonNode down =
        json(
            admin.post(
                "/api/moderation/videos/" + key + "/takedown",
                Map.of("reason", "Spam links in the description")),
            200);
    assertTrue(down.get("takenDown").asBoolean());
    problem(
        admin.post("/api/moderation/videos/" + key + "/takedown", Map.of("reason", "again")),
        409,
        null);
    for (ApiClient other : new ApiClient[] {bystander, reporter, anonymous}) {
      problem(other.get("/api/videos/" + key), 404, null);
      assertEquals(404, other.get("/api/videos/" + key + "/comments").statusCode());
      assertEquals(404, other.get("/api/videos/" + key + "/playback").statusCode());
    }
    // moderators and admins may open it to review it (ModeratorReviewIT), comments aside
    assertEquals(
        "Spam links in the description",
        json(admin.get("/api/videos/" + key), 200).get("takedown").get("reason").asText());
    assertEquals(404, admin.get("/api/videos/" + key + "/comments").statusCode());
    assertFalse(anonymous.get("/api/videos?limit=100").body().contains(key));
    assertFalse(bystander.get("/api/playlists/" + playlist).body().contains(key));
    problem(bystander.put("/api/playlists/" + playlist + "/videos/" + key, null), 403, null);
    JsonNode mine = json(owner.get("/api/videos/" + key), 200);
    assertEquals("Spam links in the description", mine.get("takedown").get("reason").asText());
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM events WHERE type = 'video.taken-down' AND videoKey = ?", key));

    // the reporter is told; the report is accepted; the owner got a notice with the reason
    JsonNode told = json(reporter.get("/api/me/notifications"), 200);
    assertTrue(told.toString().contains("REPORT_OUTCOME"), told.toString());
    assertTrue(json(owner.get("/api/me/notifications"), 200).toString().contains("Spam links"));
    JsonNode accepted = json(admin.get("/api/moderation/reports?state=accepted&limit=100"), 200);
    assertTrue(Fixtures.listed(accepted, "id", reportId), accepted.toString());

    // one appeal, by the owner only
    problem(bystander.post("/api/videos/" + key + "/appeal", Map.of("text", "mine!")), 404, null);
    JsonNode appeal =
        json(owner.post("/api/videos/" + key + "/appeal", Map.of("text", "No spam there")), 201);
    assertEquals("open", appeal.get("state").asText());
    assertEquals(
        "appeal-exists",
        problem(owner.post("/api/videos/" + key + "/appeal", Map.of("text", "again")), 409, null)
            .get("code")
            .asText());
    assertEquals(
        "open", json(owner.get("/api/videos/" + key + "/appeal"), 200).get("state").asText());
    assertTrue(
        Fixtures.listed(
            json(admin.get("/api/moderation/appeals?state=open"), 200), "videoKey", key));

    // restore: visible again, the appeal accepted
    json(admin.post("/api/moderation/videos/" + key + "/restore", Map.of()), 200);
    json(bystander.get("/api/videos/" + key), 200);
    assertEquals(
        "accepted", json(owner.get("/api/videos/" + key + "/appeal"), 200).get("state").asText());
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM events WHERE type = 'video.restored' AND videoKey = ?", key));

    // the audit log (admins only) holds both actions
    JsonNode audit = json(admin.get("/api/admin/audit?limit=100"), 200);
    assertTrue(audit.toString().contains("\"video.takedown\""), audit.toString());
    assertTrue(audit.toString().contains("\"video.restore\""), audit.toString());
    assertEquals(
        "admin-only", problem(bystander.get("/api/admin/audit"), 403, null).get("code").asText());
  }

  @Test
  void moderatorRemovesReportedCommentAndRejectsAReport(TestApp app) throws Exception {
    TestUsers.Session ownerSession = TestUsers.signUp(app);
    TestUsers.Session troll = TestUsers.signUp(app);
    TestUsers.Session modSession = TestUsers.signUp(app);
    ApiClient reporter = ApiClient.as(app, TestUsers.signUp(app));
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    ApiClient moderator = ApiClient.as(app, modSession);
    String key = Fixtures.readyVideo(app, ownerSession, "Nice video");
    String commentId =
        json(
                ApiClient.as(app, troll)
                    .post("/api/videos/" + key + "/comments", Map.of("body", "you are awful")),
                201)
            .get("id")
            .asText();
    String report =
        json(reporter.post("/api/reports", report("comment", commentId, "harassment")), 201)
            .get("id")
            .asText();
    String other =
        json(ApiClient.as(app, troll).post("/api/reports", report("video", key, "other")), 201)
            .get("id")
            .asText();

    // not a moderator yet; then granted by the admin, effective on the same token
    problem(moderator.delete("/api/moderation/comments/" + commentId), 403, null);
    json(
        admin.put("/api/admin/users/" + modSession.userId() + "/role", Map.of("role", "moderator")),
        200);
    assertEquals("moderator", json(moderator.get("/api/me"), 200).get("role").asText());
    assertTrue(
        Fixtures.listed(
            json(moderator.get("/api/moderation/reports?limit=100"), 200), "id", report));

    assertEquals(204, moderator.delete("/api/moderation/comments/" + commentId).statusCode());
    assertEquals(
        0, app.count("SELECT COUNT(*) FROM comments WHERE id = ?", Long.parseLong(commentId)));
    problem(moderator.delete("/api/moderation/comments/" + commentId), 404, null);
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM moderation_reports WHERE id = ? AND state = 'accepted'",
            Long.parseLong(report)));
    assertTrue(
        json(ApiClient.as(app, troll).get("/api/me/notifications"), 200)
            .toString()
            .contains("COMMENT_REMOVED"));

    // a report without merit: rejected, the reporter told, once
    json(
        moderator.post("/api/moderation/reports/" + other + "/reject", Map.of("note", "fine")),
        200);
    problem(moderator.post("/api/moderation/reports/" + other + "/reject", Map.of()), 409, null);
    assertTrue(
        json(ApiClient.as(app, troll).get("/api/me/notifications"), 200)
            .toString()
            .contains("no action"));

    // moderators do not read the audit log; it names the moderator's actions
    problem(moderator.get("/api/admin/audit"), 403, null);
    String audit = json(admin.get("/api/admin/audit?limit=100"), 200).toString();
    assertTrue(audit.contains("comment.delete") && audit.contains("report.reject"), audit);
    assertTrue(audit.contains("user.grant-moderator"), audit);
  }

  @Test
  void reportsAreRateLimited(TestApp app) throws Exception {
    TestUsers.Session ownerSession = TestUsers.signUp(app);
    ApiClient reporter = ApiClient.as(app, TestUsers.signUp(app));
    int max = app.app().settings().positiveInt("reelroute.moderation.report-rate-max");
    for (int i = 0; i < max; i++) {
      String key = Fixtures.readyVideo(app, ownerSession, "v" + i);
      json(reporter.post("/api/reports", report("video", key, "spam")), 201);
    }
    String key = Fixtures.readyVideo(app, ownerSession, "one too many");
    var refused = reporter.post("/api/reports", report("video", key, "spam"));
    assertEquals("rate-limited", problem(refused, 429, null).get("code").asText());
    assertTrue(refused.headers().firstValue("Retry-After").isPresent());
  }
}
