package io.reelroute.catalog;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.video.VideoKeys;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * At least 1,000 generated bad requests across every catalog and upload endpoint: malformed JSON,
 * wrong types, unknown, missing and duplicate fields, over-long text, control characters, path
 * traversal and slashes, SQL metacharacters in keys and parameters, other users' keys, bad tokens.
 * Every answer must be a 4xx (never 5xx), documented for its operation, problem+json naming the
 * field where one is at fault, and never carry a stack trace.
 */
@IntegrationTest
class CatalogFuzzIT {

  private static final int REQUESTS = 1_500;
  private final Random random = new Random(20261126);

  /** One generated request: the documented operation it targets, and what to send. */
  private record Probe(String op, String method, String path, String body, String auth) {}

  private static final List<String> BAD_KEYS =
      List.of(
          "..%2F..%2Fetc%2Fpasswd",
          "%2e%2e%2f%2e%2e%2fsecret",
          "abc%2Fdefghij",
          "short",
          "AbCdEfGhIjKl",
          "AbCdEfGhIj%00",
          "AbCdEfGhI%20J",
          "'%20OR%201%3D1--",
          "%27%3B%20DROP%20TABLE%20videos%3B--",
          "%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9",
          "x".repeat(300),
          "AbCdEf%0AGhIj",
          "..........%2E");

  private static final List<String> MALFORMED =
      List.of(
          "{",
          "}",
          "[]",
          "[{}]",
          "null",
          "123",
          "\"text\"",
          "true",
          "{\"a\":}",
          "{'single':'quotes'}",
          "{\"unterminated\":\"",
          "a=b&c=d",
          "<xml/>",
          "{\"x\":1}{\"y\":2}",
          "\u0000",
          "{".repeat(2000) + "}".repeat(2000),
          "{\"fileName\":\"a.mp4\",\"fileName\":\"b.mp4\"}",
          "{\"sizeBytes\":NaN}",
          "{\"sizeBytes\":0x10}",
          "{\"a\":1,}");

  private static final List<Object> WRONG_TYPES =
      List.of(12, 1.5, true, List.of(), Map.of(), List.of("a"), Map.of("a", 1));

  @Test
  void badRequestsAreAlways4xxProblemsWithoutStackTraces(TestApp app) throws Exception {
    TestUsers.Session alice = TestUsers.signUp(app);
    TestUsers.Session bob = TestUsers.signUp(app);
    ApiClient a = ApiClient.as(app, alice);
    ApiClient b = ApiClient.as(app, bob);
    String single = upload(a, false);
    String multipart = upload(a, true);
    CatalogFixtures.markReady(app, single);
    String bobsPrivate = upload(b, false);
    json(b.patch("/api/videos/" + bobsPrivate, "{\"visibility\":\"private\"}"), 200);
    String bobsPublic = upload(b, true);
    Map<String, Set<Integer>> documented = documentedStatuses(app);

    List<Supplier<Probe>> generators = new ArrayList<>();
    // POST /api/upload
    Map<String, Object> uploadBase =
        Map.of("fileName", "clip.mp4", "contentType", "video/mp4", "sizeBytes", 1000);
    Map<String, List<Object>> uploadBad = new LinkedHashMap<>();
    uploadBad.put(
        "fileName",
        List.of(
            "",
            " ",
            "../../etc/passwd",
            "a/b.mp4",
            "a\\b.mp4",
            "..",
            "x".repeat(256),
            "a\u0000b.mp4",
            "a\u001bb.mp4",
            "a\nb.mp4"));
    uploadBad.put(
        "contentType",
        List.of(
            "",
            "video",
            "video/",
            "/mp4",
            "video/mp4; codecs=x",
            "' OR 1=1 --",
            "image/png",
            "application/x-msdownload",
            "text/html",
            "video/mp4/../x"));
    uploadBad.put(
        "sizeBytes",
        List.of(
            0,
            -1,
            -9_223_372_036_854_775_807L,
            "1000",
            1.5,
            10L * 1024 * 1024 * 1024 + 1,
            Long.MAX_VALUE,
            new java.math.BigInteger("99999999999999999999999")));
    uploadBad.put("multipart", List.of("yes", 1, "true"));
    uploadBad.put("displayName", List.of("", "   ", "x".repeat(201), "bell\u0007", "line\nbreak"));
    uploadBad.put("description", List.of("x".repeat(5001), "nul\u0000", "esc\u001b[31m"));
    uploadBad.put("visibility", List.of("secret", "", "PUBLIC; DROP TABLE videos", "publicx"));
    generators.add(
        () ->
            body(
                "POST /api/upload",
                "POST",
                "/api/upload",
                uploadBase,
                uploadBad,
                Set.of("fileName", "contentType", "sizeBytes"),
                alice));
    // POST /api/upload/{videoKey}/parts
    Map<String, List<Object>> partsBad =
        Map.of(
            "partNumbers",
            List.of(
                List.of(),
                List.of(0),
                List.of(-1),
                List.of(99_999),
                List.of("1"),
                List.of(1.5),
                "1",
                List.of(1, 1),
                numbers(101),
                Map.of(),
                true,
                List.of(List.of(1))));
    generators.add(
        () ->
            body(
                "POST /api/upload/{videoKey}/parts",
                "POST",
                "/api/upload/" + multipart + "/parts",
                Map.of("partNumbers", List.of(1)),
                partsBad,
                Set.of(),
                alice));
    generators.add(
        () ->
            key(
                "POST /api/upload/{videoKey}/parts",
                "POST",
                "/api/upload/%s/parts",
                List.of(bobsPublic, single),
                "{}",
                alice));
    // POST /api/upload/{videoKey}/complete
    Map<String, List<Object>> completeBad =
        Map.of(
            "parts",
            List.of(
                "x",
                List.of(),
                List.of(Map.of("partNumber", 1)),
                List.of(Map.of("partNumber", "1", "etag", "abc")),
                List.of(Map.of("partNumber", 1, "etag", "bad etag")),
                List.of(Map.of("partNumber", 2, "etag", "abc")),
                List.of(Map.of("partNumber", 1, "etag", "abc", "extra", 1)),
                List.of("abc"),
                List.of(1, 2),
                parts(5, "0123456789abcdef"),
                parts(4, "x'; DROP TABLE videos; --"),
                parts(5, "")));
    generators.add(
        () ->
            body(
                "POST /api/upload/{videoKey}/complete",
                "POST",
                "/api/upload/" + multipart + "/complete",
                Map.of("parts", parts(5, "abc")),
                completeBad,
                Set.of("parts"),
                alice));
    generators.add(
        () ->
            key(
                "POST /api/upload/{videoKey}/complete",
                "POST",
                "/api/upload/%s/complete",
                List.of(bobsPublic),
                "{}",
                alice));
    // DELETE /api/upload/{videoKey}
    generators.add(
        () ->
            key(
                "DELETE /api/upload/{videoKey}",
                "DELETE",
                "/api/upload/%s",
                List.of(bobsPublic, single),
                null,
                alice));
    // POST /api/metadata
    Map<String, List<Object>> metaBad = new LinkedHashMap<>();
    metaBad.put(
        "videoKey",
        new ArrayList<>(
            List.of(
                "",
                "../../x",
                "short",
                "AbCdEfGhIj/",
                "' OR 1=1",
                bobsPrivate,
                bobsPublic,
                VideoKeys.generate())));
    metaBad.put("displayName", List.of("", "x".repeat(201), "tab\there", "\u0000"));
    metaBad.put("description", List.of("x".repeat(5001), "\u0001"));
    metaBad.put("visibility", List.of("everyone", "", "PRIVATE'--"));
    generators.add(
        () ->
            body(
                "POST /api/metadata",
                "POST",
                "/api/metadata",
                Map.of("videoKey", single, "displayName", "Fine"),
                metaBad,
                Set.of("videoKey"),
                alice));
    // PATCH /api/videos/{videoKey}
    Map<String, List<Object>> patchBad = new LinkedHashMap<>(metaBad);
    patchBad.remove("videoKey");
    generators.add(
        () ->
            body(
                "PATCH /api/videos/{videoKey}",
                "PATCH",
                "/api/videos/" + single,
                Map.of("displayName", "Fine"),
                patchBad,
                Set.of(),
                alice));
    generators.add(
        () ->
            new Probe(
                "PATCH /api/videos/{videoKey}",
                "PATCH",
                "/api/videos/" + single,
                "{}",
                alice.bearer()));
    generators.add(
        () ->
            key(
                "PATCH /api/videos/{videoKey}",
                "PATCH",
                "/api/videos/%s",
                List.of(bobsPrivate, bobsPublic, VideoKeys.generate()),
                "{\"displayName\":\"x\"}",
                alice));
    // GET /api/videos
    List<String> badQueries =
        List.of(
            "limit=0",
            "limit=101",
            "limit=-1",
            "limit=abc",
            "limit=1e2",
            "limit=99999999999",
            "limit=%27",
            "limit=1&limit=2",
            "cursor=abc",
            "cursor=%27%20OR%201%3D1",
            "cursor=" + "A".repeat(80),
            "cursor=MjAyNnxhYmM",
            "cursor=Li4vLi4v",
            "q=" + "x".repeat(201),
            "q=a%00b",
            "q=%07",
            "q=a%0Ab",
            "q=%1B%5B31m",
            "q=a&q=b");
    generators.add(
        () ->
            new Probe(
                "GET /api/videos",
                "GET",
                "/api/videos?" + pick(badQueries),
                null,
                maybeNone(alice)));
    // GET /api/videos/{videoKey}
    generators.add(
        () ->
            key(
                "GET /api/videos/{videoKey}",
                "GET",
                "/api/videos/%s",
                List.of(bobsPrivate, VideoKeys.generate()),
                null,
                alice));
    // GET /api/me/videos
    generators.add(
        () ->
            new Probe(
                "GET /api/me/videos",
                "GET",
                "/api/me/videos?" + pick(badQueries.subList(0, 13)),
                null,
                alice.bearer()));
    generators.add(
        () -> new Probe("GET /api/me/videos", "GET", "/api/me/videos", null, badToken()));
    // DELETE /api/videos/{videoKey}
    generators.add(
        () ->
            key(
                "DELETE /api/videos/{videoKey}",
                "DELETE",
                "/api/videos/%s",
                List.of(bobsPrivate, bobsPublic),
                null,
                alice));
    // no or broken credentials on every protected operation
    generators.add(
        () -> {
          List<Probe> protectedOps =
              List.of(
                  new Probe(
                      "POST /api/upload", "POST", "/api/upload", Json.write(uploadBase), null),
                  new Probe(
                      "POST /api/upload/{videoKey}/parts",
                      "POST",
                      "/api/upload/" + multipart + "/parts",
                      "{}",
                      null),
                  new Probe(
                      "POST /api/upload/{videoKey}/complete",
                      "POST",
                      "/api/upload/" + multipart + "/complete",
                      "{}",
                      null),
                  new Probe(
                      "DELETE /api/upload/{videoKey}",
                      "DELETE",
                      "/api/upload/" + multipart,
                      null,
                      null),
                  new Probe(
                      "POST /api/metadata",
                      "POST",
                      "/api/metadata",
                      "{\"videoKey\":\"" + single + "\",\"displayName\":\"x\"}",
                      null),
                  new Probe(
                      "PATCH /api/videos/{videoKey}",
                      "PATCH",
                      "/api/videos/" + single,
                      "{\"displayName\":\"x\"}",
                      null),
                  new Probe(
                      "DELETE /api/videos/{videoKey}",
                      "DELETE",
                      "/api/videos/" + single,
                      null,
                      null),
                  new Probe(
                      "GET /api/videos/{videoKey}",
                      "GET",
                      "/api/videos/" + single,
                      null,
                      "Bearer x"));
          Probe p = pick(protectedOps);
          return new Probe(
              p.op(), p.method(), p.path(), p.body(), p.auth() == null ? badToken() : p.auth());
        });

    Map<String, Integer> byStatus = new TreeMap<>();
    int sent = 0;
    for (int i = 0; i < REQUESTS; i++) {
      Probe probe = generators.get(i % generators.size()).get();
      HttpResponse<String> r = send(a, probe);
      sent++;
      check(probe, r, documented);
      byStatus.merge(probe.op() + " " + r.statusCode(), 1, Integer::sum);
    }
    assertTrue(sent >= 1_000);
    // the fuzzing changed nothing it should not have
    assertEquals(200, a.get("/api/videos/" + single).statusCode());
    assertEquals(200, b.get("/api/videos/" + bobsPrivate).statusCode());
    assertEquals(200, b.get("/api/videos/" + bobsPublic).statusCode());
    System.out.println("Fuzz answers by operation and status: " + byStatus);
  }

  private static String upload(ApiClient api, boolean multipart) {
    return json(
            api.post(
                "/api/upload",
                Json.write(
                    Map.of(
                        "fileName",
                        "f.mp4",
                        "contentType",
                        "video/mp4",
                        "sizeBytes",
                        multipart ? 40_000_000 : 1000,
                        "multipart",
                        multipart))),
            201)
        .get("videoKey")
        .asText();
  }

  private static HttpResponse<String> send(ApiClient api, Probe probe) {
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api.app().baseUrl() + probe.path()))
            .method(
                probe.method(),
                probe.body() == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(probe.body()));
    if (probe.body() != null) {
      request.header("Content-Type", "application/json");
    }
    if (probe.auth() != null) {
      request.header("Authorization", probe.auth());
    }
    return api.app().send(request);
  }

  private static void check(
      Probe probe, HttpResponse<String> r, Map<String, Set<Integer>> documented) {
    String what = probe + " -> " + r.statusCode() + " " + r.body();
    int status = r.statusCode();
    if (status < 400 || status > 499) {
      fail("not a 4xx: " + what);
    }
    String body = r.body();
    for (String leak : List.of("Exception", "\tat ", "java.", "org.apache", "SQLSyntax", "stack")) {
      if (body.contains(leak)) {
        fail("leaks '" + leak + "': " + what);
      }
    }
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (!type.equals("application/problem+json")) {
      // only the HTTP server's own refusals (no route matched) may be anything else
      assertTrue(status == 404 || status == 405, "not problem+json: " + what);
      return;
    }
    JsonNode problem;
    try {
      problem = Json.MAPPER.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("unparsable problem: " + what);
    }
    assertEquals(status, problem.get("status").asInt(), what);
    assertTrue(problem.hasNonNull("code") && problem.hasNonNull("detail"), what);
    String code = problem.get("code").asText();
    if (Set.of(400, 403, 404, 413, 415).contains(status)
        && !Set.of("malformed-json", "missing-body").contains(code)) {
      assertTrue(problem.hasNonNull("field"), "names no field: " + what);
    }
    if ("invalid-field".equals(problem.get("code").asText())) {
      assertTrue(problem.hasNonNull("field") && !problem.get("field").asText().isBlank(), what);
    }
    Set<Integer> allowed = documented.get(probe.op());
    assertTrue(allowed != null && allowed.contains(status), "undocumented status: " + what);
  }

  /** A body with exactly one thing wrong with it. */
  private Probe body(
      String op,
      String method,
      String path,
      Map<String, Object> base,
      Map<String, List<Object>> bad,
      Set<String> required,
      TestUsers.Session session) {
    int kind = random.nextInt(10);
    String body;
    if (kind == 0) {
      body = pick(MALFORMED);
    } else if (kind == 1) {
      String valid = Json.write(base);
      body = valid.substring(0, 1 + random.nextInt(valid.length() - 1)); // truncated
    } else if (kind == 2) {
      Map<String, Object> extra = new HashMap<>(base);
      extra.put(
          pick(
              List.of(
                  "admin",
                  "owner_id",
                  "state",
                  "isTranscoded",
                  "videoKey'",
                  "__proto__",
                  "email",
                  "ownerId")),
          pick(List.of(1, "x", true)));
      if (extra.size() == base.size()) {
        extra.put("zzUnknown", 1);
      }
      body = Json.write(extra);
    } else if (kind == 3 && !required.isEmpty()) {
      Map<String, Object> missing = new HashMap<>(base);
      missing.remove(pick(new ArrayList<>(required)));
      body = Json.write(missing);
    } else if (kind == 4) {
      Map<String, Object> wrong = new HashMap<>(base);
      String field = pick(new ArrayList<>(bad.keySet()));
      Object value = pick(WRONG_TYPES);
      if (field.equals("sizeBytes") && value instanceof Integer) {
        value = "12";
      }
      if (field.equals("multipart") && value instanceof Boolean) {
        value = "false";
      }
      if (field.equals("parts") && value instanceof List<?> list && list.isEmpty()) {
        value = 3;
      }
      wrong.put(field, value);
      body = Json.write(wrong);
    } else {
      Map<String, Object> changed = new HashMap<>(base);
      String field = pick(new ArrayList<>(bad.keySet()));
      changed.put(field, pick(bad.get(field)));
      body = Json.write(changed);
    }
    return new Probe(op, method, path, body, session.bearer());
  }

  /** A path with a bad, foreign or unknown key. */
  private Probe key(
      String op,
      String method,
      String template,
      List<String> foreign,
      String body,
      TestUsers.Session session) {
    String key = random.nextInt(3) == 0 ? pick(foreign) : pick(BAD_KEYS);
    return new Probe(op, method, String.format(template, key), body, session.bearer());
  }

  private String maybeNone(TestUsers.Session session) {
    return random.nextBoolean() ? null : session.bearer();
  }

  private String badToken() {
    return pick(
        List.of(
            "Bearer ",
            "Bearer x",
            "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
            "Basic dXNlcjpwYXNz",
            "Bearer " + "a".repeat(5000),
            "Bearer ' OR 1=1 --"));
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private static List<Integer> numbers(int n) {
    List<Integer> list = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      list.add(i);
    }
    return list;
  }

  private static List<Map<String, Object>> parts(int n, String etag) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      list.add(Map.of("partNumber", i, "etag", etag));
    }
    return list;
  }

  /** "METHOD /path" → documented status codes, from the served OpenAPI document. */
  static Map<String, Set<Integer>> documentedStatuses(TestApp app) {
    JsonNode doc = json(app.get("/api/openapi.json"), 200);
    Map<String, Set<Integer>> ops = new TreeMap<>();
    doc.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          Set<Integer> codes = new java.util.TreeSet<>();
                          op.getValue()
                              .get("responses")
                              .fieldNames()
                              .forEachRemaining(c -> codes.add(Integer.parseInt(c)));
                          ops.put(op.getKey().toUpperCase() + " " + path.getKey(), codes);
                        }));
    return ops;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
