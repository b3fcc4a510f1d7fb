package io.reelroute.catalog;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.video.VideoKeys;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.spi.RestRegistry;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at /api/openapi.json against the running app: every REST route is
 * documented, every documented operation is a route (same method and path), and the statuses the
 * operations answer are the documented ones.
 */
@IntegrationTest
class OpenApiIT {

  /** Test-only flows, not part of the product's API. */
  private static final Set<String> TEST_ONLY = Set.of("/api/it-probe");

  private static final java.util.regex.Pattern CATALOG_OPS =
      java.util.regex.Pattern.compile(
          "[A-Z]+ /api/(upload|videos|metadata|me/videos|openapi\\.json)(/.*)?");

  @Test
  void everyRouteIsDocumentedAndEveryOperationExists(TestApp app) {
    HttpResponse<String> served = app.get("/api/openapi.json");
    JsonNode doc = json(served, 200);
    assertEquals("application/json", served.headers().firstValue("Content-Type").orElse(""));
    assertEquals("3.1.0", doc.get("openapi").asText());
    Set<String> documented = new TreeSet<>(CatalogFuzzIT.documentedStatuses(app).keySet());
    Set<String> routes = new TreeSet<>();
    for (RestRegistry.RestService service :
        app.app().camelContext().getRestRegistry().listAllRestServices()) {
      String path =
          (service.getBasePath()
                  + "/"
                  + (service.getUriTemplate() == null ? "" : service.getUriTemplate()))
              .replaceAll("/+", "/");
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      String finalPath = path;
      if (TEST_ONLY.stream().noneMatch(finalPath::startsWith)) {
        routes.add(service.getMethod().toUpperCase() + " " + path);
      }
    }
    assertTrue(routes.size() >= 11, routes.toString());
    Set<String> undocumented = new TreeSet<>(routes);
    undocumented.removeAll(documented);
    Set<String> missing = new TreeSet<>(documented);
    missing.removeAll(routes);
    assertTrue(undocumented.isEmpty(), "routes missing from the document: " + undocumented);
    assertTrue(missing.isEmpty(), "documented operations without a route: " + missing);
    // every schema reference resolves
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    for (String ref : refs) {
      assertTrue(ref.startsWith("#/components/schemas/"), ref);
      assertTrue(doc.get("components").get("schemas").has(ref.substring(21)), "dangling " + ref);
    }
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equals("$ref")) {
                  refs.add(e.getValue().asText());
                } else {
                  collectRefs(e.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }

  @Test
  void answeredStatusesAreDocumented(TestApp app) throws Exception {
    Map<String, Set<Integer>> documented = CatalogFuzzIT.documentedStatuses(app);
    Map<String, Set<Integer>> seen = new TreeMap<>();
    TestUsers.Session alice = TestUsers.signUp(app);
    TestUsers.Session bob = TestUsers.signUp(app);
    ApiClient a = ApiClient.as(app, alice);
    ApiClient b = ApiClient.as(app, bob);
    ApiClient anon = ApiClient.anonymous(app);
    Recorder r = new Recorder(seen);

    String upload = "{\"fileName\":\"a.mp4\",\"contentType\":\"video/mp4\",\"sizeBytes\":10}";
    String mp =
        "{\"fileName\":\"a.mp4\",\"contentType\":\"video/mp4\",\"sizeBytes\":20000000,\"multipart\":true}";
    String single =
        json(r.on("POST /api/upload", a.post("/api/upload", upload)), 201).get("videoKey").asText();
    String multi =
        json(r.on("POST /api/upload", a.post("/api/upload", mp)), 201).get("videoKey").asText();
    String bobs = json(b.post("/api/upload", upload), 201).get("videoKey").asText();
    r.on("POST /api/upload", anon.post("/api/upload", upload));
    r.on("POST /api/upload", a.post("/api/upload", "{"));
    r.on("POST /api/upload", a.post("/api/upload", upload.replace("10}", "99999999999999}")));
    r.on("POST /api/upload", a.post("/api/upload", upload.replace("video/mp4", "text/plain")));
    // one reservation over the pending limit (429 too-many-pending-uploads)
    ApiClient carol = ApiClient.as(app, TestUsers.signUp(app));
    int pending = app.app().settings().positiveInt("reelroute.upload.max-pending-per-user");
    for (int i = 0; i < pending; i++) {
      json(carol.post("/api/upload", upload), 201);
    }
    r.on("POST /api/upload", carol.post("/api/upload", upload));

    String parts = "/api/upload/" + multi + "/parts";
    r.on("POST /api/upload/{videoKey}/parts", a.post(parts, null));
    r.on("POST /api/upload/{videoKey}/parts", a.post(parts, "{\"partNumbers\":[0]}"));
    r.on("POST /api/upload/{videoKey}/parts", anon.post(parts, null));
    r.on("POST /api/upload/{videoKey}/parts", b.post(parts, null));
    r.on(
        "POST /api/upload/{videoKey}/parts",
        a.post("/api/upload/" + VideoKeys.generate() + "/parts", null));
    r.on("POST /api/upload/{videoKey}/parts", a.post("/api/upload/" + single + "/parts", null));

    String complete = "/api/upload/" + single + "/complete";
    r.on("POST /api/upload/{videoKey}/complete", a.post(complete, null)); // 409, not uploaded
    r.on(
        "POST /api/upload/{videoKey}/complete",
        a.post("/api/upload/" + multi + "/complete", "{\"parts\":[]}"));
    r.on("POST /api/upload/{videoKey}/complete", anon.post(complete, null));
    r.on("POST /api/upload/{videoKey}/complete", b.post(complete, null));
    r.on(
        "POST /api/upload/{videoKey}/complete",
        a.post("/api/upload/" + VideoKeys.generate() + "/complete", null));
    app.app()
        .infrastructure()
        .s3()
        .putObject(
            x -> x.bucket("reelroute").key("uploads/" + single + "/source"),
            software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[10]));
    r.on("POST /api/upload/{videoKey}/complete", a.post(complete, null)); // 200

    String meta = "{\"videoKey\":\"" + single + "\",\"displayName\":\"Fine\"}";
    r.on("POST /api/metadata", a.post("/api/metadata", meta));
    r.on("POST /api/metadata", a.post("/api/metadata", "{}"));
    r.on("POST /api/metadata", anon.post("/api/metadata", meta));
    r.on("POST /api/metadata", b.post("/api/metadata", meta));
    r.on("POST /api/metadata", a.post("/api/metadata", meta.replace(single, VideoKeys.generate())));

    String video = "/api/videos/" + single;
    r.on("PATCH /api/videos/{videoKey}", a.patch(video, "{\"description\":\"d\"}"));
    r.on("PATCH /api/videos/{videoKey}", a.patch(video, "{\"visibility\":1}"));
    r.on("PATCH /api/videos/{videoKey}", anon.patch(video, "{\"description\":\"d\"}"));
    r.on("PATCH /api/videos/{videoKey}", b.patch(video, "{\"description\":\"d\"}"));
    r.on(
        "PATCH /api/videos/{videoKey}",
        a.patch("/api/videos/" + VideoKeys.generate(), "{\"description\":\"d\"}"));

    r.on("GET /api/videos", anon.get("/api/videos"));
    r.on("GET /api/videos", anon.get("/api/videos?limit=0"));
    r.on("GET /api/videos/{videoKey}", anon.get(video));
    r.on("GET /api/videos/{videoKey}", anon.get("/api/videos/short"));
    r.on("GET /api/videos/{videoKey}", anon.get("/api/videos/" + VideoKeys.generate()));
    r.on(
        "GET /api/videos/{videoKey}",
        ApiClient.as(app, new TestUsers.Session(0, "x", "bad", "bad")).get(video));
    r.on("GET /api/me/videos", a.get("/api/me/videos"));
    r.on("GET /api/me/videos", a.get("/api/me/videos?cursor=zz"));
    r.on("GET /api/me/videos", anon.get("/api/me/videos"));
    r.on("GET /api/openapi.json", anon.get("/api/openapi.json"));

    // notifications (issue 5)
    r.on("GET /api/me/notifications", a.get("/api/me/notifications"));
    r.on("GET /api/me/notifications", a.get("/api/me/notifications?limit=0"));
    r.on("GET /api/me/notifications", anon.get("/api/me/notifications"));
    r.on("POST /api/me/notifications/read", a.post("/api/me/notifications/read", "{}"));
    r.on("POST /api/me/notifications/read", a.post("/api/me/notifications/read", "{\"ids\":1}"));
    r.on("POST /api/me/notifications/read", anon.post("/api/me/notifications/read", "{}"));

    // playback (issue 6): not ready, unknown, bad token, then READY
    String playback = video + "/playback";
    r.on("GET /api/videos/{videoKey}/playback", a.get(playback)); // 409
    r.on(
        "GET /api/videos/{videoKey}/playback",
        anon.get("/api/videos/" + VideoKeys.generate() + "/playback"));
    r.on(
        "GET /api/videos/{videoKey}/playback",
        ApiClient.as(app, new TestUsers.Session(0, "x", "bad", "bad")).get(playback));
    try (var c = app.app().infrastructure().dataSource().getConnection();
        var s =
            c.prepareStatement(
                "UPDATE videos SET state = 'READY', isTranscoded = 1 WHERE videoKey = ?")) {
      s.setString(1, single);
      s.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    r.on("GET /api/videos/{videoKey}/playback", a.get(playback)); // 200

    // captions of the READY video (playback capability)
    json(a.patch(video, "{\"visibility\":\"public\"}"), 200);
    String captions = video + "/captions";
    String cue = "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n";
    String nobodys = "/api/videos/" + VideoKeys.generate() + "/captions";
    ApiClient badToken = ApiClient.as(app, new TestUsers.Session(0, "x", "bad", "bad"));
    r.on("PUT /api/videos/{videoKey}/captions/{lang}", a.put(captions + "/en", cue)); // 201
    r.on("PUT /api/videos/{videoKey}/captions/{lang}", a.put(captions + "/en", cue)); // 200
    r.on("PUT /api/videos/{videoKey}/captions/{lang}", a.put(captions + "/e_n", cue));
    r.on("PUT /api/videos/{videoKey}/captions/{lang}", anon.put(captions + "/en", cue));
    r.on("PUT /api/videos/{videoKey}/captions/{lang}", b.put(captions + "/en", cue));
    r.on("PUT /api/videos/{videoKey}/captions/{lang}", a.put(nobodys + "/en", cue));
    r.on(
        "PUT /api/videos/{videoKey}/captions/{lang}",
        a.put("/api/videos/" + multi + "/captions/en", cue)); // 409 not ready
    r.on("PUT /api/videos/{videoKey}/captions/{lang}", a.put(captions + "/de", "nope"));
    r.on("GET /api/videos/{videoKey}/captions", anon.get(captions));
    r.on("GET /api/videos/{videoKey}/captions", anon.get(nobodys));
    r.on("GET /api/videos/{videoKey}/captions", badToken.get(captions));
    r.on("DELETE /api/videos/{videoKey}/captions/{lang}", a.delete(captions + "/e_n"));
    r.on("DELETE /api/videos/{videoKey}/captions/{lang}", anon.delete(captions + "/en"));
    r.on("DELETE /api/videos/{videoKey}/captions/{lang}", b.delete(captions + "/en"));
    r.on("DELETE /api/videos/{videoKey}/captions/{lang}", a.delete(nobodys + "/en"));
    r.on("DELETE /api/videos/{videoKey}/captions/{lang}", a.delete(captions + "/en"));

    // the owner's appeal of a takedown (issue 15; the other moderation operations: ModerationIT)
    String appeal = video + "/appeal";
    String appealOp = "/api/videos/{videoKey}/appeal";
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    r.on("GET " + appealOp, a.get(appeal)); // 404 no appeal
    r.on("GET " + appealOp, anon.get(appeal)); // 401
    r.on("POST " + appealOp, a.post(appeal, "{\"text\":\"x\"}")); // 409 not taken down
    json(admin.post("/api/moderation/videos/" + single + "/takedown", "{\"reason\":\"t\"}"), 200);
    r.on("POST " + appealOp, a.post(appeal, "{}")); // 400
    r.on("POST " + appealOp, anon.post(appeal, "{\"text\":\"x\"}")); // 401
    r.on("POST " + appealOp, b.post(appeal, "{\"text\":\"x\"}")); // 404
    r.on("POST " + appealOp, a.post(appeal, "{\"text\":\"please\"}")); // 201
    r.on("GET " + appealOp, a.get(appeal)); // 200
    json(admin.post("/api/moderation/videos/" + single + "/restore", "{}"), 200);

    r.on("DELETE /api/upload/{videoKey}", a.delete("/api/upload/" + single)); // 409 complete
    r.on("DELETE /api/upload/{videoKey}", a.delete("/api/upload/bad"));
    r.on("DELETE /api/upload/{videoKey}", anon.delete("/api/upload/" + multi));
    r.on("DELETE /api/upload/{videoKey}", b.delete("/api/upload/" + multi));
    r.on("DELETE /api/upload/{videoKey}", a.delete("/api/upload/" + multi));
    json(b.patch("/api/videos/" + bobs, "{\"visibility\":\"private\"}"), 200);
    r.on("DELETE /api/upload/{videoKey}", a.delete("/api/upload/" + bobs)); // 404 private
    r.on("DELETE /api/videos/{videoKey}", a.delete("/api/videos/" + bobs)); // 404 private
    r.on("DELETE /api/videos/{videoKey}", a.delete("/api/videos/x"));
    r.on("DELETE /api/videos/{videoKey}", anon.delete(video));
    json(a.patch(video, "{\"visibility\":\"public\"}"), 200);
    r.on("DELETE /api/videos/{videoKey}", b.delete(video)); // 403
    r.on("DELETE /api/videos/{videoKey}", a.delete(video));

    // notifications (transcode stream)
    r.on("GET /api/me/notifications", a.get("/api/me/notifications"));
    r.on("GET /api/me/notifications", a.get("/api/me/notifications?limit=0"));
    r.on("GET /api/me/notifications", anon.get("/api/me/notifications"));
    r.on("POST /api/me/notifications/read", a.post("/api/me/notifications/read", null));
    r.on("POST /api/me/notifications/read", a.post("/api/me/notifications/read", "{\"x\":1}"));
    r.on("POST /api/me/notifications/read", anon.post("/api/me/notifications/read", null));

    for (var op : seen.entrySet()) {
      Set<Integer> allowed = documented.get(op.getKey());
      assertTrue(allowed != null, "not documented: " + op.getKey());
      assertTrue(
          allowed.containsAll(op.getValue()),
          op.getKey() + " answered " + op.getValue() + ", documented " + allowed);
    }
    for (var op : documented.entrySet()) {
      // this test exercises the catalog and upload operations; other flows test their own
      if (CATALOG_OPS.matcher(op.getKey()).matches()
          && !SocialOpenApiIT.OPERATIONS.contains(op.getKey()) // checked there
          && !ViewersOpenApiIT.OPERATIONS.contains(op.getKey())) { // and there
        assertTrue(seen.containsKey(op.getKey()), "not exercised: " + op.getKey());
        Set<Integer> answered = seen.get(op.getKey());
        for (int code : op.getValue()) {
          boolean limits = code == 413 || code == 415;
          if (code != 503 && (!limits || op.getKey().equals("POST /api/upload"))) {
            assertTrue(
                answered.contains(code),
                op.getKey() + " never answered documented " + code + " (saw " + answered + ")");
          }
        }
      }
    }
  }

  /** Records which status each operation answered. */
  private record Recorder(Map<String, Set<Integer>> seen) {
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
