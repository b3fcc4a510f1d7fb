package io.reelroute.catalog;

import static io.reelroute.testing.ApiClient.json;
import static io.reelroute.testing.ApiClient.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: per-user pending reservations (429 too-many-pending-uploads) and quotas as PeerTube has
 * them (413 quota-exceeded), refused before anything is reserved, and shown in GET /api/me. Runs on
 * the shared app with the defaults of application.properties, read from its settings.
 */
@IntegrationTest
class QuotasIT {

  private static String body(long size, boolean multipart) {
    return Json.write(
        Map.of(
            "fileName",
            "q.mp4",
            "contentType",
            "video/mp4",
            "sizeBytes",
            size,
            "multipart",
            multipart));
  }

  private static int maxPending(TestApp app) {
    return app.app().settings().positiveInt("reelroute.upload.max-pending-per-user");
  }

  private static long setting(TestApp app, String key) {
    return app.app().settings().longValue(key);
  }

  private static int multipartUploads(TestApp app) {
    String bucket = app.app().settings().get("reelroute.s3.bucket");
    return app.app()
        .infrastructure()
        .s3()
        .listMultipartUploads(b -> b.bucket(bucket).maxUploads(1000))
        .uploads()
        .size();
  }

  private static long rows(TestApp app, TestUsers.Session user) {
    return app.count("SELECT COUNT(*) FROM videos WHERE owner_id = ?", user.userId());
  }

  /** A finished video of the user, reserved {@code hoursAgo}, in the given state. */
  private static void seed(TestApp app, TestUsers.Session user, String state, long size, int hours)
      throws Exception {
    String key =
        CatalogFixtures.seedReady(app, new Owner(user.userId(), user.email()), "s", null, "PUBLIC");
    CatalogFixtures.sql(
        app,
        "UPDATE videos SET state = ?, isTranscoded = (state = 'READY'), size_bytes = ?,"
            + " uploadTime = NOW() - INTERVAL ? HOUR"
            + " WHERE videoKey = ?",
        state,
        size,
        hours,
        key);
  }

  @Test
  void theNextReservationOverTheLimitIsRefusedUntilOneIsAborted(TestApp app) {
    TestUsers.Session user = TestUsers.signUp(app);
    ApiClient me = ApiClient.as(app, user);
    int limit = maxPending(app);
    assertEquals(10, limit, "the default of application.properties");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      keys.add(
          json(me.post("/api/upload", body(1000 + i, i % 3 == 0)), 201).get("videoKey").asText());
    }
    int multipartsBefore = multipartUploads(app);
    for (boolean multipart : new boolean[] {false, true}) {
      HttpResponse<String> refused = me.post("/api/upload", body(40_000_000, multipart));
      JsonNode p = problem(refused, 429, null);
      assertEquals("too-many-pending-uploads", p.get("code").asText());
      assertTrue(p.get("detail").asText().contains("(" + limit + ")"), p.toString());
      long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter > 0 && retryAfter <= 24 * 3600, "Retry-After " + retryAfter);
    }
    assertEquals(limit, rows(app, user), "no row for a refused reservation");
    assertEquals(multipartsBefore, multipartUploads(app), "no multipart upload begun");
    // another user is not affected
    json(ApiClient.as(app, TestUsers.signUp(app)).post("/api/upload", body(10, false)), 201);
    // cancelling one frees its slot, for one reservation
    assertEquals(204, me.delete("/api/upload/" + keys.get(0)).statusCode());
    json(me.post("/api/upload", body(10, true)), 201);
    problem(me.post("/api/upload", body(10, false)), 429, null);
    assertEquals(limit, rows(app, user));
  }

  @Test
  void aUserHoldingReservationsIsRefusedWhileAnotherUsersUploadGoesReady(TestApp app)
      throws Exception {
    // the attack of issue 12: one user reserves as much as they can and never uploads
    ApiClient hoarder = ApiClient.as(app, TestUsers.signUp(app));
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 230 && refused == 0; i++) {
      HttpResponse<String> r = hoarder.post("/api/upload", body(1, false));
      if (r.statusCode() == 201) {
        accepted++;
      } else {
        assertEquals("too-many-pending-uploads", problem(r, 429, null).get("code").asText());
        refused++;
      }
    }
    assertEquals(maxPending(app), accepted, "refused long before 230");
    assertEquals(1, refused);
    // meanwhile another user's real upload is noticed and transcoded
    ApiClient other = ApiClient.as(app, TestUsers.signUp(app));
    java.nio.file.Path clip =
        io.reelroute.testing.Clips.make(
            java.nio.file.Files.createTempDirectory("quota-clip"),
            "other.mp4",
            320,
            240,
            2,
            25,
            "stereo");
    String key = io.reelroute.testing.Uploads.viaApi(app, other, clip);
    assertTrue(
        TestApp.eventually(
            java.time.Duration.ofSeconds(120),
            () ->
                app.count("SELECT COUNT(*) FROM videos WHERE videoKey = ? AND state = 'READY'", key)
                    == 1),
        "the other user's upload became READY");
  }

  @Test
  void concurrentReservationsNeverExceedTheLimit(TestApp app) throws Exception {
    TestUsers.Session user = TestUsers.signUp(app);
    ApiClient me = ApiClient.as(app, user);
    int limit = maxPending(app);
    int before = limit - 5;
    for (int i = 0; i < before; i++) {
      json(me.post("/api/upload", body(100, false)), 201);
    }
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        boolean multipart = i % 2 == 0;
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return me.post("/api/upload", body(100, multipart)).statusCode();
                }));
      }
      start.countDown();
      int created = 0;
      int refused = 0;
      for (Future<Integer> answer : answers) {
        int status = answer.get();
        if (status == 201) {
          created++;
        } else {
          assertEquals(429, status);
          refused++;
        }
      }
      assertEquals(5, created);
      assertEquals(threads - 5, refused);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(limit, rows(app, user));
    assertEquals(
        limit,
        app.count(
            "SELECT COUNT(*) FROM videos WHERE owner_id = ? AND state = 'AWAITING_UPLOAD'",
            user.userId()));
  }

  @Test
  void storageQuotaCountsVideosThatAreNotFailedOrExpired(TestApp app) throws Exception {
    long quota = setting(app, "reelroute.quota.storage-bytes");
    assertTrue(quota > 0, "a storage quota by default");
    TestUsers.Session user = TestUsers.signUp(app);
    ApiClient me = ApiClient.as(app, user);
    // stored two days ago (outside the daily window): the quota all but 1,000 bytes
    seed(app, user, "READY", quota - 1000, 48);
    seed(app, user, "FAILED", quota, 48);
    seed(app, user, "EXPIRED", quota, 48);
    long rowsBefore = rows(app, user);
    int multipartsBefore = multipartUploads(app);
    HttpResponse<String> refused = me.post("/api/upload", body(1001, true));
    JsonNode p = problem(refused, 413, null);
    assertEquals("quota-exceeded", p.get("code").asText());
    String detail = p.get("detail").asText();
    assertTrue(detail.startsWith("Storage quota exceeded"), detail);
    assertTrue(detail.contains((quota - 1000) + " of " + quota + " bytes"), detail);
    assertTrue(refused.headers().firstValue("Retry-After").isEmpty(), "waiting does not help");
    assertEquals(rowsBefore, rows(app, user), "no row");
    assertEquals(multipartsBefore, multipartUploads(app), "no multipart upload begun");
    // exactly the rest fits; then nothing more
    json(me.post("/api/upload", body(1000, false)), 201);
    problem(me.post("/api/upload", body(1, false)), 413, null);
  }

  @Test
  void dailyQuotaIsARolling24HourWindow(TestApp app) throws Exception {
    long daily = setting(app, "reelroute.quota.daily-upload-bytes");
    assertTrue(daily > 0, "a daily quota by default");
    TestUsers.Session user = TestUsers.signUp(app);
    ApiClient me = ApiClient.as(app, user);
    String big =
        json(me.post("/api/upload", body(daily - 100, true)), 201).get("videoKey").asText();
    HttpResponse<String> refused = me.post("/api/upload", body(101, false));
    JsonNode p = problem(refused, 413, null);
    assertEquals("quota-exceeded", p.get("code").asText());
    String detail = p.get("detail").asText();
    assertTrue(detail.startsWith("Daily upload quota exceeded"), detail);
    assertTrue(detail.contains((daily - 100) + " of " + daily + " bytes"), detail);
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter > 23 * 3600 && retryAfter <= 24 * 3600, "Retry-After " + retryAfter);
    json(me.post("/api/upload", body(100, false)), 201);
    problem(me.post("/api/upload", body(1, false)), 413, null);
    // the big reservation leaves the window 24 h after it was made
    CatalogFixtures.sql(
        app, "UPDATE videos SET uploadTime = NOW() - INTERVAL 25 HOUR WHERE videoKey = ?", big);
    json(me.post("/api/upload", body(101, false)), 201);
  }

  @Test
  void meShowsQuotaAndUsage(TestApp app) throws Exception {
    TestUsers.Session user = TestUsers.signUp(app);
    ApiClient me = ApiClient.as(app, user);
    JsonNode empty = json(me.get("/api/me"), 200).get("quota");
    assertEquals(0, empty.get("storageBytes").get("used").asLong());
    assertEquals(0, empty.get("pendingUploads").get("used").asLong());
    json(me.post("/api/upload", body(1000, false)), 201);
    json(me.post("/api/upload", body(2000, true)), 201);
    seed(app, user, "READY", 5000, 48);
    seed(app, user, "PROCESSING", 300, 1);
    seed(app, user, "EXPIRED", 70_000, 1);
    JsonNode body = json(me.get("/api/me"), 200);
    assertEquals(user.email(), body.get("email").asText());
    JsonNode quota = body.get("quota");
    assertEquals(8300, quota.get("storageBytes").get("used").asLong());
    assertEquals(
        setting(app, "reelroute.quota.storage-bytes"),
        quota.get("storageBytes").get("limit").asLong());
    assertEquals(3300, quota.get("dailyUploadBytes").get("used").asLong());
    assertEquals(
        setting(app, "reelroute.quota.daily-upload-bytes"),
        quota.get("dailyUploadBytes").get("limit").asLong());
    assertEquals(2, quota.get("pendingUploads").get("used").asLong());
    assertEquals(maxPending(app), quota.get("pendingUploads").get("limit").asInt());
  }
}
