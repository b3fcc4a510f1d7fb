package io.reelroute.moderation;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the moderation and admin operations (issue 15): every status they
 * answer is documented, and every documented one (but 503 and the report limit's 429, which
 * ModerationIT reaches) is answered here at least once.
 */
@IntegrationTest
class ModerationOpenApiIT {

  private final Map<String, Set<Integer>> seen = new TreeMap<>();

  private HttpResponse<String> on(String op, HttpResponse<String> response) {
    seen.computeIfAbsent(op, k -> new TreeSet<>()).add(response.statusCode());
    assertTrue(response.statusCode() < 500, op + " answered " + response.body());
    return response;
  }

  @Test
  void everyModerationStatusIsDocumentedAndAnswered(TestApp app) throws Exception {
    TestUsers.Session ownerS = TestUsers.signUp(app);
    TestUsers.Session modS = TestUsers.signUp(app);
    ApiClient owner = ApiClient.as(app, ownerS);
    ApiClient other = ApiClient.as(app, TestUsers.signUp(app));
    ApiClient anon = ApiClient.anonymous(app);
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    ApiClient mod = ApiClient.as(app, modS);
    String key = Fixtures.readyVideo(app, ownerS, "Documented");
    String none = "AAAAAAAAAAA";
    long comment =
        json(owner.post("/api/videos/" + key + "/comments", Map.of("body", "c")), 201)
            .get("id")
            .asLong();

    String reports = "POST /api/reports";
    Map<String, Object> spam = Map.of("targetType", "video", "targetId", key, "reason", "spam");
    long reportId = json(on(reports, other.post("/api/reports", spam)), 201).get("id").asLong();
    on(reports, other.post("/api/reports", spam)); // 409
    on(reports, owner.post("/api/reports", spam)); // 403
    on(reports, other.post("/api/reports", Map.of("targetType", "user"))); // 400
    on(
        reports,
        other.post(
            "/api/reports", Map.of("targetType", "video", "targetId", none, "reason", "spam")));
    on(reports, anon.post("/api/reports", spam)); // 401

    String list = "GET /api/moderation/reports";
    on(list, admin.get("/api/moderation/reports"));
    on(list, admin.get("/api/moderation/reports?state=x"));
    on(list, anon.get("/api/moderation/reports"));
    on(list, other.get("/api/moderation/reports"));

    String reject = "POST /api/moderation/reports/{reportId}/reject";
    String rejectPath = "/api/moderation/reports/" + reportId + "/reject";
    on(reject, admin.post(rejectPath, Map.of("note", "n".repeat(501)))); // 400
    on(reject, anon.post(rejectPath, "{}"));
    on(reject, other.post(rejectPath, "{}"));
    on(reject, admin.post("/api/moderation/reports/999999999/reject", "{}"));
    on(reject, admin.post(rejectPath, "{}")); // 200
    on(reject, admin.post(rejectPath, "{}")); // 409

    String takedown = "POST /api/moderation/videos/{videoKey}/takedown";
    String restore = "POST /api/moderation/videos/{videoKey}/restore";
    String down = "/api/moderation/videos/" + key + "/takedown";
    String up = "/api/moderation/videos/" + key + "/restore";
    Map<String, String> why = Map.of("reason", "documented");
    on(restore, admin.post(up, "{}")); // 409 not down
    on(takedown, admin.post(down, "{}")); // 400
    on(takedown, anon.post(down, why));
    on(takedown, other.post(down, why));
    on(takedown, admin.post("/api/moderation/videos/" + none + "/takedown", why));
    on(takedown, admin.post(down, why)); // 200
    on(takedown, admin.post(down, why)); // 409

    String appealGet = "GET /api/videos/{videoKey}/appeal";
    String appealPost = "POST /api/videos/{videoKey}/appeal";
    String appeal = "/api/videos/" + key + "/appeal";
    on(appealGet, owner.get(appeal)); // 404
    on(appealGet, anon.get(appeal));
    on(appealPost, owner.post(appeal, "{}")); // 400
    on(appealPost, anon.post(appeal, Map.of("text", "x")));
    on(appealPost, other.post(appeal, Map.of("text", "x"))); // 404
    on(appealPost, owner.post(appeal, Map.of("text", "please"))); // 201
    on(appealPost, owner.post(appeal, Map.of("text", "again"))); // 409
    on(appealGet, owner.get(appeal)); // 200

    String appeals = "GET /api/moderation/appeals";
    on(appeals, admin.get("/api/moderation/appeals"));
    on(appeals, admin.get("/api/moderation/appeals?state=x"));
    on(appeals, anon.get("/api/moderation/appeals"));
    on(appeals, other.get("/api/moderation/appeals"));

    String appealReject = "POST /api/moderation/appeals/{videoKey}/reject";
    String appealRejectPath = "/api/moderation/appeals/" + key + "/reject";
    on(appealReject, anon.post(appealRejectPath, "{}"));
    on(appealReject, other.post(appealRejectPath, "{}"));
    on(appealReject, admin.post("/api/moderation/appeals/" + none + "/reject", "{}"));
    on(appealReject, admin.post(appealRejectPath, "{}")); // 200
    on(appealReject, admin.post(appealRejectPath, "{}")); // 409

    on(restore, anon.post(up, "{}"));
    on(restore, other.post(up, "{}"));
    on(restore, admin.post("/api/moderation/videos/" + none + "/restore", "{}"));
    on(restore, admin.post(up, "{}")); // 200

    String role = "PUT /api/admin/users/{userId}/role";
    String rolePath = "/api/admin/users/" + modS.userId() + "/role";
    on(role, admin.put(rolePath, Map.of("role", "admin"))); // 400
    on(role, anon.put(rolePath, Map.of("role", "moderator")));
    on(role, other.put(rolePath, Map.of("role", "moderator")));
    on(role, admin.put("/api/admin/users/999999999/role", Map.of("role", "moderator")));
    on(
        role,
        admin.put(
            "/api/admin/users/" + TestUsers.admin(app).userId() + "/role",
            Map.of("role", "user"))); // 409
    on(role, admin.put(rolePath, Map.of("role", "moderator"))); // 200

    String delete = "DELETE /api/moderation/comments/{commentId}";
    String deletePath = "/api/moderation/comments/" + comment;
    on(delete, mod.send("DELETE", deletePath, Map.of("reason", "r".repeat(1001)))); // 400
    on(delete, anon.delete(deletePath));
    on(delete, other.delete(deletePath));
    on(delete, mod.delete(deletePath)); // 204
    on(delete, mod.delete(deletePath)); // 404

    String disable = "POST /api/moderation/users/{userId}/disable";
    String disablePath = "/api/moderation/users/" + ownerS.userId() + "/disable";
    on(disable, mod.post(disablePath, "{}")); // 400
    on(disable, anon.post(disablePath, why));
    on(disable, other.post(disablePath, why));
    on(disable, mod.post("/api/moderation/users/999999999/disable", why));
    on(disable, mod.post(disablePath, why)); // 200
    on(disable, mod.post(disablePath, why)); // 409

    String enable = "POST /api/admin/users/{userId}/enable";
    String enablePath = "/api/admin/users/" + ownerS.userId() + "/enable";
    on(enable, anon.post(enablePath, "{}"));
    on(enable, mod.post(enablePath, "{}"));
    on(enable, admin.post("/api/admin/users/999999999/enable", "{}"));
    on(enable, admin.post(enablePath, "{}")); // 200
    on(enable, admin.post(enablePath, "{}")); // 409

    String quotas = "PUT /api/admin/users/{userId}/quotas";
    String quotasPath = "/api/admin/users/" + ownerS.userId() + "/quotas";
    on(quotas, admin.put(quotasPath, Map.of("storageBytes", -2))); // 400
    on(quotas, anon.put(quotasPath, Map.of()));
    on(quotas, mod.put(quotasPath, Map.of()));
    on(quotas, admin.put("/api/admin/users/999999999/quotas", Map.of()));
    on(quotas, admin.put(quotasPath, Map.of("storageBytes", 1000))); // 200

    String users = "GET /api/admin/users";
    on(users, admin.get("/api/admin/users"));
    on(users, admin.get("/api/admin/users?limit=0"));
    on(users, anon.get("/api/admin/users"));
    on(users, mod.get("/api/admin/users"));

    String audit = "GET /api/admin/audit";
    on(audit, admin.get("/api/admin/audit"));
    on(audit, admin.get("/api/admin/audit?cursor=bad"));
    on(audit, anon.get("/api/admin/audit"));
    on(audit, mod.get("/api/admin/audit"));

    JsonNode doc = json(app.get("/api/openapi.json"), 200);
    for (var op : seen.entrySet()) {
      String[] parts = op.getKey().split(" ", 2);
      JsonNode operation = doc.get("paths").get(parts[1]).get(parts[0].toLowerCase());
      assertTrue(operation != null, "not documented: " + op.getKey());
      Set<Integer> documented = new TreeSet<>();
      operation
          .get("responses")
          .fieldNames()
          .forEachRemaining(c -> documented.add(Integer.valueOf(c)));
      assertTrue(
          documented.containsAll(op.getValue()),
          op.getKey() + " answered " + op.getValue() + ", documented " + documented);
      for (int code : documented) {
        boolean elsewhere = code == 503 || (code == 429 && op.getKey().equals(reports));
        assertTrue(
            elsewhere || op.getValue().contains(code),
            op.getKey() + " never answered documented " + code + " (saw " + op.getValue() + ")");
      }
    }
    assertTrue(seen.size() == 16, seen.keySet().toString());
  }
}
