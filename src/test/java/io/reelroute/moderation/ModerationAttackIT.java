package io.reelroute.moderation;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's attack matrix: every moderation and admin endpoint against anonymous callers (401),
 * forged and tampered tokens (401), plain users (403 moderator-only / admin-only), moderators on
 * admin endpoints (403 admin-only), and a disabled moderator's token (401, at once). No refused
 * request changes anything: the video stays up, the comment stays, nobody is disabled or promoted.
 */
@IntegrationTest
class ModerationAttackIT {

  private record Endpoint(String method, String path, Object body, boolean adminOnly) {}

  private static List<Endpoint> endpoints(String key, long commentId, long userId, long reportId) {
    Map<String, String> why = Map.of("reason", "pwned");
    return List.of(
        new Endpoint("GET", "/api/moderation/reports?state=open", null, false),
        new Endpoint("GET", "/api/moderation/reports?state=accepted", null, false),
        new Endpoint("POST", "/api/moderation/reports/" + reportId + "/reject", Map.of(), false),
        new Endpoint("POST", "/api/moderation/videos/" + key + "/takedown", why, false),
        new Endpoint("POST", "/api/moderation/videos/" + key + "/restore", Map.of(), false),
        new Endpoint("DELETE", "/api/moderation/comments/" + commentId, null, false),
        new Endpoint("POST", "/api/moderation/users/" + userId + "/disable", why, false),
        new Endpoint("GET", "/api/moderation/appeals?state=open", null, false),
        new Endpoint("POST", "/api/moderation/appeals/" + key + "/reject", Map.of(), false),
        new Endpoint("GET", "/api/admin/users", null, true),
        new Endpoint("GET", "/api/admin/users?q=%27%20OR%201%3D1--", null, true),
        new Endpoint(
            "PUT", "/api/admin/users/" + userId + "/role", Map.of("role", "moderator"), true),
        new Endpoint("POST", "/api/admin/users/" + userId + "/enable", Map.of(), true),
        new Endpoint(
            "PUT", "/api/admin/users/" + userId + "/quotas", Map.of("storageBytes", -1), true),
        new Endpoint("GET", "/api/admin/audit", null, true));
  }

  @Test
  void everyModerationEndpointRefusesEveryoneElse(TestApp app) throws Exception {
    TestUsers.Session ownerSession = TestUsers.signUp(app);
    TestUsers.Session plainSession = TestUsers.signUp(app);
    TestUsers.Session modSession = TestUsers.signUp(app);
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    String key = Fixtures.readyVideo(app, ownerSession, "Target");
    long commentId =
        json(
                ApiClient.as(app, ownerSession)
                    .post("/api/videos/" + key + "/comments", Map.of("body", "first")),
                201)
            .get("id")
            .asLong();
    long reportId =
        json(
                ApiClient.as(app, plainSession)
                    .post(
                        "/api/reports",
                        Map.of("targetType", "video", "targetId", key, "reason", "spam")),
                201)
            .get("id")
            .asLong();
    json(
        admin.put("/api/admin/users/" + modSession.userId() + "/role", Map.of("role", "moderator")),
        200);
    String real = plainSession.accessToken();
    String[] parts = real.split("\\.");
    List<String> forged = new ArrayList<>();
    forged.add(parts[0] + "." + parts[1] + ".");
    forged.add("eyJhbGciOiJub25lIn0." + parts[1] + ".");
    forged.add(real + "x");
    forged.add("' OR 1=1--");
    char[] flipped = real.toCharArray();
    flipped[flipped.length - 3] = flipped[flipped.length - 3] == 'A' ? 'B' : 'A';
    forged.add(new String(flipped));

    int checked = 0;
    List<String> failures = new ArrayList<>();
    for (Endpoint e : endpoints(key, commentId, ownerSession.userId(), reportId)) {
      checked += expect(failures, e, ApiClient.anonymous(app), 401, null);
      for (String token : forged) {
        checked +=
            expect(
                failures,
                e,
                ApiClient.anonymous(app).with(Map.of("Authorization", "Bearer " + token)),
                401,
                null);
      }
      checked +=
          expect(
              failures,
              e,
              ApiClient.as(app, plainSession),
              403,
              e.adminOnly() ? "admin-only" : "moderator-only");
      if (e.adminOnly()) {
        checked += expect(failures, e, ApiClient.as(app, modSession), 403, "admin-only");
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));

    // nothing changed
    assertEquals(
        0,
        app.count(
            "SELECT COUNT(*) FROM videos WHERE videoKey = ? AND taken_down_at IS NOT NULL", key));
    assertEquals(1, app.count("SELECT COUNT(*) FROM comments WHERE id = ?", commentId));
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM users WHERE id = ? AND status = 'ACTIVE' AND role = 'user'"
                + " AND quota_storage_bytes IS NULL",
            ownerSession.userId()));
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM moderation_reports WHERE id = ? AND state = 'open'", reportId));

    // a disabled moderator's token is refused at once on every moderation endpoint
    json(
        admin.post(
            "/api/moderation/users/" + modSession.userId() + "/disable",
            Map.of("reason", "compromised")),
        200);
    for (Endpoint e : endpoints(key, commentId, ownerSession.userId(), reportId)) {
      checked += expect(failures, e, ApiClient.as(app, modSession), 401, null);
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    System.out.println("ModerationAttackIT: " + checked + " refused requests checked");
    assertTrue(checked > 100);
  }

  private static int expect(
      List<String> failures, Endpoint e, ApiClient client, int status, String code) {
    HttpResponse<String> r = client.send(e.method(), e.path(), e.body());
    if (r.statusCode() != status
        || (code != null && !r.body().contains("\"code\":\"" + code + "\""))
        || !r.headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json")) {
      failures.add(e.method() + " " + e.path() + " -> " + r.statusCode() + " " + r.body());
    }
    return 1;
  }
}
