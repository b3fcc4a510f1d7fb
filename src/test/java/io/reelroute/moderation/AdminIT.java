package io.reelroute.moderation;

import static io.reelroute.testing.ApiClient.json;
import static io.reelroute.testing.ApiClient.problem;
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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, the admin page's API on the real stack: the admin of reelroute.admin.emails, granting
 * and revoking moderator (effective on the next request), disabling (tokens refused at once, login
 * 403 account-disabled, videos and comments hidden) and enabling, per-user quotas; and, on an
 * install with the list empty, the first confirmed account as admin.
 */
@IntegrationTest
class AdminIT {

  @Test
  void adminComesFromTheListedAddress(TestApp app) {
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    assertEquals("admin", json(admin.get("/api/me"), 200).get("role").asText());
    ApiClient user = ApiClient.as(app, TestUsers.signUp(app));
    assertEquals("user", json(user.get("/api/me"), 200).get("role").asText());
    JsonNode users = json(admin.get("/api/admin/users?q=admin%40example.test"), 200);
    assertEquals("admin", users.get("items").get(0).get("role").asText());
    assertEquals(
        "admin-only", problem(user.get("/api/admin/users"), 403, null).get("code").asText());
    // an admin is set by the list, not by the role endpoint
    problem(
        admin.put(
            "/api/admin/users/" + TestUsers.admin(app).userId() + "/role", Map.of("role", "user")),
        409,
        null);
    problem(admin.put("/api/admin/users/1/role", Map.of("role", "admin")), 400, "role");
  }

  @Test
  void grantAndRevokeModeratorTakeEffectAtOnce(TestApp app) {
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    TestUsers.Session s = TestUsers.signUp(app);
    ApiClient mod = ApiClient.as(app, s);
    problem(mod.get("/api/moderation/reports"), 403, null);
    JsonNode granted =
        json(
            admin.put("/api/admin/users/" + s.userId() + "/role", Map.of("role", "moderator")),
            200);
    assertEquals("moderator", granted.get("role").asText());
    json(mod.get("/api/moderation/reports"), 200);
    problem(mod.get("/api/admin/users"), 403, null); // moderators are not admins
    json(admin.put("/api/admin/users/" + s.userId() + "/role", Map.of("role", "user")), 200);
    problem(mod.get("/api/moderation/reports"), 403, null);
  }

  @Test
  void disableRefusesTokensAndHidesContentEnableBringsItBack(TestApp app) throws Exception {
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    String password = "correct horse battery staple 15";
    String email = "disabled-" + System.nanoTime() + "@example.test";
    TestUsers.Session s = TestUsers.signUp(app, email, password, "Soon Disabled");
    ApiClient user = ApiClient.as(app, s);
    ApiClient viewer = ApiClient.as(app, TestUsers.signUp(app));
    String key = Fixtures.readyVideo(app, s, "Soon hidden");
    String other = Fixtures.readyVideo(app, TestUsers.signUp(app), "Someone else's");
    json(user.post("/api/videos/" + other + "/comments", Map.of("body", "hidden comment")), 201);
    json(viewer.get("/api/videos/" + key), 200);

    problem(
        admin.post("/api/moderation/users/" + s.userId() + "/disable", Map.of()), 400, "reason");
    json(
        admin.post(
            "/api/moderation/users/" + s.userId() + "/disable", Map.of("reason", "spam account")),
        200);
    problem(
        admin.post("/api/moderation/users/" + s.userId() + "/disable", Map.of("reason", "again")),
        409,
        null);
    // the token in hand is refused at once; login answers 403 account-disabled; refresh fails
    problem(user.get("/api/me"), 401, null);
    HttpResponse<String> login =
        TestUsers.post(
            app,
            "/api/auth/login",
            Map.of("email", email, "password", password),
            TestUsers.randomIp());
    assertEquals("account-disabled", problem(login, 403, null).get("code").asText());
    HttpResponse<String> refresh =
        TestUsers.post(
            app,
            "/api/auth/refresh",
            Map.of("refreshToken", s.refreshToken()),
            TestUsers.randomIp());
    assertEquals(401, refresh.statusCode(), refresh.body());
    // videos and comments hidden
    problem(viewer.get("/api/videos/" + key), 404, null);
    assertFalse(viewer.get("/api/videos?limit=100").body().contains(key));
    assertFalse(viewer.get("/api/videos/" + other + "/comments").body().contains("hidden comment"));
    JsonNode listed = json(admin.get("/api/admin/users?q=" + email.replace("@", "%40")), 200);
    assertEquals("DISABLED", listed.get("items").get(0).get("status").asText());
    assertEquals("spam account", listed.get("items").get(0).get("disabledReason").asText());

    // enabled: signs in again, content back
    json(admin.post("/api/admin/users/" + s.userId() + "/enable", Map.of()), 200);
    problem(admin.post("/api/admin/users/" + s.userId() + "/enable", Map.of()), 409, null);
    login =
        TestUsers.post(
            app,
            "/api/auth/login",
            Map.of("email", email, "password", password),
            TestUsers.randomIp());
    assertEquals(200, login.statusCode(), login.body());
    json(viewer.get("/api/videos/" + key), 200);
    assertTrue(viewer.get("/api/videos/" + other + "/comments").body().contains("hidden comment"));
  }

  @Test
  void moderatorsCannotDisableModeratorsOrAdmins(TestApp app) {
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    TestUsers.Session m1 = TestUsers.signUp(app);
    TestUsers.Session m2 = TestUsers.signUp(app);
    for (TestUsers.Session m : new TestUsers.Session[] {m1, m2}) {
      json(admin.put("/api/admin/users/" + m.userId() + "/role", Map.of("role", "moderator")), 200);
    }
    ApiClient mod = ApiClient.as(app, m1);
    Map<String, String> why = Map.of("reason", "x");
    assertEquals(
        "insufficient-role",
        problem(mod.post("/api/moderation/users/" + m2.userId() + "/disable", why), 403, null)
            .get("code")
            .asText());
    problem(
        mod.post("/api/moderation/users/" + TestUsers.admin(app).userId() + "/disable", why),
        403,
        null);
    problem(mod.post("/api/moderation/users/" + m1.userId() + "/disable", why), 403, null);
    problem(mod.post("/api/moderation/users/999999999/disable", why), 404, null);
  }

  @Test
  void perUserQuotasShowInMeAndHoldAtUpload(TestApp app) {
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    TestUsers.Session s = TestUsers.signUp(app);
    ApiClient user = ApiClient.as(app, s);
    Map<String, Object> quotas = new HashMap<>();
    quotas.put("storageBytes", 5000L);
    quotas.put("dailyUploadBytes", null);
    JsonNode set = json(admin.put("/api/admin/users/" + s.userId() + "/quotas", quotas), 200);
    assertEquals(5000, set.get("quotas").get("storageBytes").asLong());
    assertEquals(
        5000,
        json(user.get("/api/me"), 200).get("quota").get("storageBytes").get("limit").asLong());
    String upload =
        Json.write(
            Map.of(
                "fileName",
                "q.mp4",
                "contentType",
                "video/mp4",
                "sizeBytes",
                6000,
                "multipart",
                false));
    assertEquals(
        "quota-exceeded",
        problem(user.send("POST", "/api/upload", upload), 413, null).get("code").asText());
    problem(
        admin.put("/api/admin/users/" + s.userId() + "/quotas", Map.of("storageBytes", -5)),
        400,
        "storageBytes");
    quotas.put("storageBytes", -1L); // unlimited
    json(admin.put("/api/admin/users/" + s.userId() + "/quotas", quotas), 200);
    assertTrue(
        json(user.get("/api/me"), 200).get("quota").get("storageBytes").get("limit").isNull());
    assertTrue(
        json(admin.get("/api/admin/audit?limit=100"), 200).toString().contains("user.quotas"));
  }

  @Test
  void withTheListEmptyTheFirstConfirmedAccountIsAdmin() {
    try (TestApp fresh = TestApp.start(Map.of("reelroute.admin.emails", ""))) {
      TestUsers.Session first = TestUsers.signUp(fresh);
      TestUsers.Session second = TestUsers.signUp(fresh);
      assertEquals(
          "admin", json(ApiClient.as(fresh, first).get("/api/me"), 200).get("role").asText());
      assertEquals(
          "user", json(ApiClient.as(fresh, second).get("/api/me"), 200).get("role").asText());
      json(ApiClient.as(fresh, first).get("/api/admin/users"), 200);
    }
  }
}
