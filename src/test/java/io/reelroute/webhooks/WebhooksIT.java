package io.reelroute.webhooks;

import static io.reelroute.testing.ApiClient.json;
import static io.reelroute.testing.ApiClient.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reelroute.common.Json;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.Clips;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Signed webhooks (issue 11 item 5) on the real stack: the API with its refusals, and deliveries of
 * synthetic events published on the event endpoint to a receiver on 127.0.0.1 (private targets are
 * allowed on the embedded stack; the shared test app retries after 1 s, 2 s, 4 s ...).
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhooksIT {

  static final String EVENTS = "seda:reelroute.events?multipleConsumers=true";

  /** One request a receiver got. */
  record Received(Instant at, Map<String, String> headers, String body) {}

  private static HttpServer receiver;
  private static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();
  private static final Map<String, IntUnaryOperator> BEHAVIOUR = new ConcurrentHashMap<>();

  @BeforeAll
  static void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.createContext("/", WebhooksIT::receive);
    receiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop(0);
  }

  /**
   * Records the request, then answers what the path's behaviour gives for the n-th request (from
   * 1); a negative answer -s means: sleep s seconds first, then answer 200.
   */
  private static void receive(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
    List<Received> list = RECEIVED.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>());
    list.add(new Received(Instant.now(), headers, body));
    int status = BEHAVIOUR.getOrDefault(path, n -> 204).applyAsInt(list.size());
    if (status < 0) {
      try {
        Thread.sleep(-status * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      status = 200;
    }
    try {
      exchange.sendResponseHeaders(status, -1);
    } catch (IOException e) {
      // the sender gave up on us (timeout): fine
    }
    exchange.close();
  }

  private static String receiverUrl(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private static List<Received> received(String path) {
    return RECEIVED.getOrDefault(path, List.of());
  }

  private static String uniquePath(String name) {
    return "/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonNode create(ApiClient client, String url, String... events) {
    return json(
        client.post("/api/me/webhooks", Map.of("url", url, "events", List.of(events))), 201);
  }

  /** Publishes an event as the dispatcher does; returns its JSON. */
  static String publish(TestApp app, String type, long userId, String videoKey) {
    String id = UUID.randomUUID().toString();
    String data = videoKey == null ? "{}" : "{\"videoKey\":\"" + videoKey + "\"}";
    String event =
        "{\"id\":\""
            + id
            + "\",\"type\":\""
            + type
            + "\",\"occurredAt\":\""
            + Instant.now()
            + "\",\"data\":"
            + data
            + "}";
    publish(app, event, id, type, userId, videoKey);
    return event;
  }

  static void publish(
      TestApp app, String event, String id, String type, long userId, String videoKey) {
    Map<String, Object> headers = new HashMap<>();
    headers.put("ReelrouteEventId", id);
    headers.put("ReelrouteEventType", type);
    headers.put("ReelrouteEventUserId", userId);
    if (videoKey != null) {
      headers.put("ReelrouteVideoKey", videoKey);
    }
    ProducerTemplate template = app.app().camelContext().createProducerTemplate();
    try {
      template.sendBodyAndHeaders(EVENTS, event, headers);
    } finally {
      try {
        template.close();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The signature header checked the way a receiver should (HMAC of "t.body", fresh t). */
  private static void assertSigned(Received r, String secret) {
    String header = r.headers().get("reelroute-signature");
    assertTrue(
        header != null && header.matches("t=[0-9]+,v1=[0-9a-f]{64}"), String.valueOf(header));
    String t = header.substring(2, header.indexOf(','));
    String v1 = header.substring(header.indexOf("v1=") + 3);
    assertEquals(WebhookSignature.hmacHex(secret, t + "." + r.body()), v1, "signature");
    long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t));
    assertTrue(age < 120, "timestamp " + t);
  }

  private static JsonNode deliveries(ApiClient client, long webhookId) {
    return json(client.get("/api/me/webhooks/" + webhookId + "/deliveries"), 200).get("items");
  }

  @Test
  @Order(1)
  void privateTargetsAreRefusedInExternalModeByDefault(TestApp app) throws Exception {
    // another api process on the same stack, external mode: allow-private-targets empty = false
    Map<String, String> settings = new HashMap<>(app.app().stack().endpoints().asSettings());
    settings.put("reelroute.stack", "external");
    settings.put("reelroute.role", "api");
    settings.put("reelroute.s3.bucket", app.app().settings().get("reelroute.s3.bucket"));
    settings.put("reelroute.sqs.queue", app.app().settings().get("reelroute.sqs.queue"));
    settings.put("reelroute.auth.issuer", app.app().settings().get("reelroute.public-url"));
    TestUsers.Session alice = TestUsers.signUp(app);
    try (TestApp external = TestApp.start(settings)) {
      ApiClient a = ApiClient.as(external, alice);
      for (String url :
          List.of(
              receiverUrl("/private"),
              "http://localhost:9/",
              "http://10.0.0.1/",
              "http://169.254.169.254/latest/meta-data/",
              "http://[::1]/",
              "http://0.0.0.0/")) {
        JsonNode p =
            problem(
                a.post("/api/me/webhooks", Map.of("url", url, "events", List.of("video.ready"))),
                400,
                "url");
        assertEquals("private-webhook-target", p.get("code").asText(), url);
      }
      json(a.get("/api/me/webhooks"), 200);
    }
    // the embedded stack (auto = true) accepts the same loopback receiver
    create(ApiClient.as(app, alice), receiverUrl("/private"), "video.ready");
  }

  @Test
  @Order(2)
  void createListDeleteAndRefusals(TestApp app) {
    TestUsers.Session alice = TestUsers.signUp(app);
    TestUsers.Session bob = TestUsers.signUp(app);
    ApiClient a = ApiClient.as(app, alice);
    ApiClient b = ApiClient.as(app, bob);
    ApiClient anon = ApiClient.anonymous(app);

    JsonNode created =
        create(a, receiverUrl("/crud"), "video.ready", "comment.created", "video.ready");
    long id = created.get("id").asLong();
    String secret = created.get("secret").asText();
    assertTrue(secret.matches("whsec_[A-Za-z0-9_-]{43}"), secret);
    assertEquals(receiverUrl("/crud"), created.get("url").asText());
    assertEquals("[\"video.ready\",\"comment.created\"]", created.get("events").toString());
    assertTrue(
        Instant.parse(created.get("createdAt").asText()).isAfter(Instant.now().minusSeconds(60)));

    JsonNode list = json(a.get("/api/me/webhooks"), 200).get("items");
    assertEquals(1, list.size());
    assertEquals(id, list.get(0).get("id").asLong());
    assertNull(list.get(0).get("secret"));
    assertFalse(a.get("/api/me/webhooks").body().contains(secret));
    assertEquals(created.get("createdAt").asText(), list.get(0).get("createdAt").asText());
    assertEquals(0, json(b.get("/api/me/webhooks"), 200).get("items").size());
    assertEquals(0, deliveries(a, id).size());

    // someone else's webhook does not exist for them
    assertEquals(
        "not-found", problem(b.delete("/api/me/webhooks/" + id), 404, null).get("code").asText());
    problem(b.get("/api/me/webhooks/" + id + "/deliveries"), 404, null);
    problem(a.delete("/api/me/webhooks/abc"), 404, null);
    problem(anon.get("/api/me/webhooks"), 401, null);
    problem(
        anon.post(
            "/api/me/webhooks", Map.of("url", receiverUrl("/x"), "events", List.of("video.ready"))),
        401,
        null);

    // bad input: stable codes, the field named
    String hook = "/api/me/webhooks";
    Map<String, Object> ok = Map.of("url", receiverUrl("/x"), "events", List.of("video.ready"));
    assertEquals(
        "invalid-webhook-url",
        problem(
                a.post(hook, Map.of("url", "ftp://example.com/", "events", List.of("video.ready"))),
                400,
                "url")
            .get("code")
            .asText());
    assertEquals(
        "invalid-webhook-url",
        problem(
                a.post(hook, Map.of("url", "not a url", "events", List.of("video.ready"))),
                400,
                "url")
            .get("code")
            .asText());
    assertEquals(
        "webhook-url-too-long",
        problem(
                a.post(
                    hook,
                    Map.of(
                        "url",
                        receiverUrl("/" + "a".repeat(2000)),
                        "events",
                        List.of("video.ready"))),
                400,
                "url")
            .get("code")
            .asText());
    assertEquals(
        "invalid-field",
        problem(a.post(hook, Map.of("url", receiverUrl("/x"), "events", List.of())), 400, "events")
            .get("code")
            .asText());
    assertEquals(
        "invalid-field",
        problem(a.post(hook, Map.of("url", receiverUrl("/x"))), 400, "events")
            .get("code")
            .asText());
    assertEquals(
        "invalid-field",
        problem(a.post(hook, Map.of("events", List.of("video.ready"))), 400, "url")
            .get("code")
            .asText());
    assertEquals(
        "unknown-event-type",
        problem(
                a.post(
                    hook,
                    Map.of(
                        "url",
                        receiverUrl("/x"),
                        "events",
                        List.of("video.ready", "video.exploded"))),
                400,
                "events")
            .get("code")
            .asText());
    assertEquals(
        "invalid-field",
        problem(
                a.post(hook, Map.of("url", receiverUrl("/x"), "events", "video.ready")),
                400,
                "events")
            .get("code")
            .asText());
    problem(
        a.post(
            hook,
            "{\"url\":\""
                + receiverUrl("/x")
                + "\",\"events\":[\"video.ready\"],\"secret\":\"mine\"}"),
        400,
        "secret");
    problem(a.post(hook, "{"), 400, null);

    // at most 10 per user
    for (int i = 2; i <= 10; i++) {
      json(a.post(hook, ok), 201);
    }
    assertEquals("too-many-webhooks", problem(a.post(hook, ok), 409, null).get("code").asText());
    assertEquals(10, json(a.get(hook), 200).get("items").size());
    json(b.post(hook, ok), 201); // another user is not affected

    assertEquals(204, a.delete("/api/me/webhooks/" + id).statusCode());
    problem(a.delete("/api/me/webhooks/" + id), 404, null);
    problem(a.get("/api/me/webhooks/" + id + "/deliveries"), 404, null);
    json(a.post(hook, ok), 201); // room again
  }

  @Test
  @Order(3)
  void aFailedDeliveryIsRetriedWithTheSameSignedEventAndOnlyTheOwnerGetsIt(TestApp app) {
    TestUsers.Session alice = TestUsers.signUp(app);
    TestUsers.Session bob = TestUsers.signUp(app);
    ApiClient a = ApiClient.as(app, alice);
    ApiClient b = ApiClient.as(app, bob);
    String alicePath = uniquePath("alice");
    String bobPath = uniquePath("bob");
    BEHAVIOUR.put(alicePath, n -> n == 1 ? 500 : 204);
    JsonNode aliceHook = create(a, receiverUrl(alicePath), "video.ready");
    JsonNode bobHook = create(b, receiverUrl(bobPath), "video.ready", "comment.created");
    String secret = aliceHook.get("secret").asText();

    String event = publish(app, "video.ready", alice.userId(), "abcdefghijk");
    publish(app, "comment.created", alice.userId(), "abcdefghijk"); // alice did not subscribe
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(15), () -> received(alicePath).size() >= 2),
        "retried: " + received(alicePath));
    List<Received> got = received(alicePath);
    for (Received r : got) {
      assertEquals(event, r.body()); // the exact event JSON
      assertSigned(r, secret);
      assertEquals("application/json", r.headers().get("content-type"));
      assertEquals("Reelroute-Webhooks/1", r.headers().get("user-agent"));
      assertEquals("video.ready", r.headers().get("reelroute-event-type"));
      assertEquals(Json.read(event, Map.class).get("id"), r.headers().get("reelroute-event-id"));
    }
    long gap = Duration.between(got.get(0).at(), got.get(1).at()).toMillis();
    assertTrue(gap >= 900, "back-off before the retry: " + gap + " ms");

    long id = aliceHook.get("id").asLong();
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(5),
            () -> "delivered".equals(deliveries(a, id).get(0).get("status").asText())));
    JsonNode list = deliveries(a, id);
    assertEquals(1, list.size()); // the comment event was not for this webhook
    JsonNode d = list.get(0);
    assertEquals(Json.read(event, Map.class).get("id"), d.get("eventId").asText());
    assertEquals("video.ready", d.get("eventType").asText());
    assertEquals(2, d.get("attempts").asInt());
    assertEquals(204, d.get("lastResponseCode").asInt());
    assertTrue(d.get("nextAttemptAt").isNull());
    assertTrue(d.has("lastError") && d.has("createdAt") && d.has("id"));

    // the same event published again is not delivered again
    Map<?, ?> parsed = Json.read(event, Map.class);
    publish(app, event, (String) parsed.get("id"), "video.ready", alice.userId(), "abcdefghijk");
    sleep(2500);
    assertEquals(2, received(alicePath).size());
    assertEquals(1, deliveries(a, id).size());
    // bob's webhook never saw alice's events
    assertEquals(0, received(bobPath).size());
    assertEquals(0, deliveries(b, bobHook.get("id").asLong()).size());
  }

  @Test
  @Order(4)
  void aFailingReceiverShowsItsAttemptsAndIsGivenUpWhenDeleted(TestApp app) {
    TestUsers.Session carol = TestUsers.signUp(app);
    ApiClient c = ApiClient.as(app, carol);
    String path = uniquePath("always-500");
    BEHAVIOUR.put(path, n -> 503);
    // a type the real system does not produce for carol meanwhile (her own user.registered is real)
    long id = create(c, receiverUrl(path), "video.deleted").get("id").asLong();
    publish(app, "video.deleted", carol.userId(), "abcdefghijk");
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(15),
            () -> {
              JsonNode items = deliveries(c, id);
              return items.size() == 1 && items.get(0).get("attempts").asInt() >= 2;
            }));
    JsonNode d = deliveries(c, id).get(0);
    assertEquals("pending", d.get("status").asText());
    assertEquals(503, d.get("lastResponseCode").asInt());
    assertEquals("video.deleted", d.get("eventType").asText());
    assertFalse(d.get("nextAttemptAt").isNull());
    Instant next = Instant.parse(d.get("nextAttemptAt").asText());
    assertTrue(next.isAfter(Instant.now().minusSeconds(5)), next.toString());
    String metrics = app.get("/observe/metrics").body();
    assertTrue(metrics.contains("reelroute_webhook_deliveries_total{outcome=\"retry\""), metrics);
    assertEquals(204, c.delete("/api/me/webhooks/" + id).statusCode());
    int seen = received(path).size();
    sleep(5000);
    assertTrue(received(path).size() <= seen + 1, "no deliveries after delete");
    assertEquals(0, app.count("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = ?", id));
  }

  @Test
  @Order(5)
  void aHangingReceiverIsCutAt5sAndRetriedWithoutHoldingUpOthers(TestApp app) {
    TestUsers.Session dave = TestUsers.signUp(app);
    TestUsers.Session erin = TestUsers.signUp(app);
    ApiClient d = ApiClient.as(app, dave);
    ApiClient e = ApiClient.as(app, erin);
    String hang = uniquePath("hang");
    String fast = uniquePath("fast");
    BEHAVIOUR.put(hang, n -> n == 1 ? -10 : 200); // the first request sleeps 10 s
    long hangId = create(d, receiverUrl(hang), "video.processing").get("id").asLong();
    create(e, receiverUrl(fast), "video.processing");

    publish(app, "video.processing", dave.userId(), "hhhhhhhhhhh");
    assertTrue(TestApp.eventually(Duration.ofSeconds(5), () -> received(hang).size() == 1));
    // while that receiver hangs, another user's delivery goes out at once
    publish(app, "video.processing", erin.userId(), "fffffffffff");
    assertTrue(TestApp.eventually(Duration.ofSeconds(3), () -> received(fast).size() == 1));
    assertEquals(1, received(hang).size());

    // the attempt is cut at 5 s and recorded, then retried after the back-off
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(10),
            () -> {
              JsonNode items = deliveries(d, hangId);
              return items.get(0).get("attempts").asInt() >= 1;
            }));
    JsonNode first = deliveries(d, hangId).get(0);
    if ("pending".equals(first.get("status").asText())) {
      assertTrue(first.get("lastError").asText().contains("timed out"), first.toString());
      assertTrue(first.get("lastResponseCode").isNull());
    }
    assertTrue(TestApp.eventually(Duration.ofSeconds(10), () -> received(hang).size() >= 2));
    long cut = Duration.between(received(hang).get(0).at(), received(hang).get(1).at()).toMillis();
    assertTrue(cut >= 5000 && cut < 9500, "cut at 5 s, retried 1 s later: " + cut + " ms");
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(5),
            () -> "delivered".equals(deliveries(d, hangId).get(0).get("status").asText())));
    JsonNode done = deliveries(d, hangId).get(0);
    assertEquals(2, done.get("attempts").asInt());
    assertEquals(200, done.get("lastResponseCode").asInt());
  }

  /**
   * A real upload that becomes READY produces a video.ready delivery from the event outbox; the
   * receiver answers 500 first, and gets the same event again, signed.
   */
  @Test
  @Order(6)
  void aRealUploadThatBecomesReadyIsDeliveredAgainAfterA500(TestApp app) throws Exception {
    TestUsers.Session frank = TestUsers.signUp(app);
    ApiClient f = ApiClient.as(app, frank);
    String path = uniquePath("ready");
    BEHAVIOUR.put(path, n -> n == 1 ? 500 : 204);
    JsonNode hook = create(f, receiverUrl(path), "video.ready");
    Path clip =
        Clips.make(
            Files.createTempDirectory("webhook-clip"), "clip.mp4", 320, 240, 2, 25, "stereo");
    String videoKey = io.reelroute.testing.Uploads.viaApi(app, f, clip);
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(90),
            () -> received(path).stream().filter(r -> r.body().contains(videoKey)).count() >= 2),
        "no second video.ready delivery for " + videoKey + ": " + received(path));
    List<Received> got = received(path).stream().filter(x -> x.body().contains(videoKey)).toList();
    assertEquals(got.get(0).body(), got.get(1).body(), "the same event again");
    assertEquals(
        got.get(0).headers().get("reelroute-event-id"),
        got.get(1).headers().get("reelroute-event-id"));
    for (Received r : got) {
      assertEquals("video.ready", r.headers().get("reelroute-event-type"));
      assertSigned(r, hook.get("secret").asText());
    }
    JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(got.get(1).body());
    assertEquals("video.ready", event.get("type").asText());
    assertEquals(videoKey, event.get("data").get("videoKey").asText());
    assertTrue(event.hasNonNull("id") && event.hasNonNull("occurredAt"), got.get(1).body());
  }

  @Test
  @Order(7)
  void answeredStatusesAreDocumentedInOpenApi(TestApp app) throws Exception {
    JsonNode paths = json(app.get("/api/openapi.json"), 200).get("paths");
    TestUsers.Session gina = TestUsers.signUp(app);
    TestUsers.Session hank = TestUsers.signUp(app);
    ApiClient g = ApiClient.as(app, gina);
    ApiClient anon = ApiClient.anonymous(app);
    Map<String, Object> ok = Map.of("url", receiverUrl("/doc"), "events", List.of("video.ready"));
    long id = create(g, receiverUrl("/doc"), "video.ready").get("id").asLong();
    long hanks =
        create(ApiClient.as(app, hank), receiverUrl("/doc"), "video.ready").get("id").asLong();
    Map<String, List<HttpResponse<String>>> seen = new HashMap<>();
    java.util.function.BiConsumer<String, HttpResponse<String>> on =
        (op, r) -> seen.computeIfAbsent(op, k -> new ArrayList<>()).add(r);
    on.accept("get /api/me/webhooks", g.get("/api/me/webhooks"));
    on.accept("get /api/me/webhooks", anon.get("/api/me/webhooks"));
    on.accept("post /api/me/webhooks", g.post("/api/me/webhooks", ok));
    on.accept("post /api/me/webhooks", g.post("/api/me/webhooks", Map.of("url", "x")));
    on.accept("post /api/me/webhooks", anon.post("/api/me/webhooks", ok));
    String one = "/api/me/webhooks/{webhookId}";
    String deliveries = one + "/deliveries";
    on.accept("get " + deliveries, g.get("/api/me/webhooks/" + id + "/deliveries"));
    on.accept("get " + deliveries, g.get("/api/me/webhooks/" + hanks + "/deliveries"));
    on.accept("get " + deliveries, anon.get("/api/me/webhooks/" + id + "/deliveries"));
    on.accept("delete " + one, g.delete("/api/me/webhooks/" + id));
    on.accept("delete " + one, g.delete("/api/me/webhooks/" + hanks));
    on.accept("delete " + one, anon.delete("/api/me/webhooks/" + id));
    for (int i = 0; i < 10; i++) {
      on.accept("post /api/me/webhooks", g.post("/api/me/webhooks", ok));
    }
    for (Map.Entry<String, List<HttpResponse<String>>> e : seen.entrySet()) {
      String[] op = e.getKey().split(" ");
      JsonNode responses = paths.get(op[1]).get(op[0]).get("responses");
      for (HttpResponse<String> r : e.getValue()) {
        assertTrue(
            responses.has(Integer.toString(r.statusCode())),
            e.getKey() + " answered undocumented " + r.statusCode() + ": " + r.body());
      }
    }
    assertEquals(
        List.of(201, 400, 401, 409),
        seen.get("post /api/me/webhooks").stream()
            .map(HttpResponse::statusCode)
            .distinct()
            .sorted()
            .toList());
  }

  /**
   * A moderator takes a READY video down and restores it (issue 15): the owner's webhook gets a
   * signed video.taken-down delivery from the real event outbox, then video.restored; the event's
   * account is the video's owner, so the moderator's own webhook of the same types gets nothing.
   */
  @Test
  @Order(8)
  void theOwnersWebhookHearsOfATakedownAndTheRestore(TestApp app) throws Exception {
    TestUsers.Session ownerSession = TestUsers.signUp(app);
    TestUsers.Session modSession = TestUsers.signUp(app);
    ApiClient owner = ApiClient.as(app, ownerSession);
    ApiClient moderator = ApiClient.as(app, modSession);
    json(
        ApiClient.as(app, TestUsers.admin(app))
            .put("/api/admin/users/" + modSession.userId() + "/role", Map.of("role", "moderator")),
        200);
    String ownerPath = uniquePath("owner-moderation");
    String modPath = uniquePath("moderator-moderation");
    JsonNode hook = create(owner, receiverUrl(ownerPath), "video.taken-down", "video.restored");
    JsonNode modHook =
        create(moderator, receiverUrl(modPath), "video.taken-down", "video.restored");
    assertEquals("[\"video.taken-down\",\"video.restored\"]", hook.get("events").toString());
    String key = io.reelroute.testing.Viewers.row(app, ownerSession, "Reviewed", "PUBLIC");

    json(
        moderator.post(
            "/api/moderation/videos/" + key + "/takedown", Map.of("reason", "Spam links")),
        200);
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(15), () -> received(ownerPath).size() >= 1),
        "no video.taken-down delivery");
    json(moderator.post("/api/moderation/videos/" + key + "/restore", Map.of()), 200);
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(15), () -> received(ownerPath).size() >= 2),
        "no video.restored delivery: " + received(ownerPath));

    String secret = hook.get("secret").asText();
    List<String> types = new ArrayList<>();
    for (Received r : received(ownerPath)) {
      assertSigned(r, secret);
      JsonNode event = Json.MAPPER.readTree(r.body());
      assertEquals(event.get("type").asText(), r.headers().get("reelroute-event-type"));
      assertEquals(event.get("id").asText(), r.headers().get("reelroute-event-id"));
      assertEquals(key, event.get("data").get("videoKey").asText());
      types.add(event.get("type").asText());
      if ("video.taken-down".equals(event.get("type").asText())) {
        assertEquals("Spam links", event.get("data").get("takedownReason").asText());
      }
    }
    assertEquals(List.of("video.taken-down", "video.restored"), types);
    long id = hook.get("id").asLong();
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(5),
            () -> {
              JsonNode items = deliveries(owner, id);
              return items.size() == 2
                  && "delivered".equals(items.get(0).get("status").asText())
                  && "delivered".equals(items.get(1).get("status").asText());
            }),
        deliveries(owner, id).toString());
    // the moderator acted, but the events are the owner's
    assertEquals(0, received(modPath).size());
    assertEquals(0, deliveries(moderator, modHook.get("id").asLong()).size());
  }

  private static boolean hasMigration(int version) throws Exception {
    URI dir = WebhooksIT.class.getResource("/db/migration").toURI();
    if (!"file".equals(dir.getScheme())) {
      return false;
    }
    List<String> names = new ArrayList<>();
    try (var files = Files.list(Path.of(dir))) {
      files.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names.stream().anyMatch(n -> n.startsWith("V" + version + "__"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
