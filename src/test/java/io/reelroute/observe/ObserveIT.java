package io.reelroute.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

@IntegrationTest
class ObserveIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, String> checks(HttpResponse<String> response) throws Exception {
    JsonNode body = JSON.readTree(response.body());
    return StreamSupport.stream(body.get("checks").spliterator(), false)
        .collect(
            Collectors.toMap(
                c -> c.get("name").asText(), c -> c.get("status").asText(), (a, b) -> a));
  }

  @Test
  void readinessHasOwnChecksForDbS3AndSqs(TestApp app) throws Exception {
    HttpResponse<String> ready = app.get("/observe/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    Map<String, String> checks = checks(ready);
    assertEquals("UP", checks.get("db"));
    assertEquals("UP", checks.get("s3"));
    assertEquals("UP", checks.get("sqs"));
    HttpResponse<String> live = app.get("/observe/health/live");
    assertEquals(200, live.statusCode());
    assertTrue(!checks(live).containsKey("db"), "a lost dependency never fails liveness");
  }

  @Test
  void readinessGoesDownWithTheDatabaseAndRecoversWithoutRestart(TestApp app) throws Exception {
    app.app().stack().stopDatabase();
    try {
      HttpResponse<String> down = app.get("/observe/health/ready");
      assertEquals(503, down.statusCode(), down.body());
      Map<String, String> checks = checks(down);
      assertEquals("DOWN", checks.get("db"), down.body());
      assertEquals("UP", checks.get("s3"));
      JsonNode db =
          StreamSupport.stream(JSON.readTree(down.body()).get("checks").spliterator(), false)
              .filter(c -> c.get("name").asText().equals("db"))
              .findFirst()
              .orElseThrow();
      assertTrue(
          db.has("message") && !db.get("message").asText().isBlank(), "DOWN names a reason: " + db);
      assertTrue(!down.body().contains("\tat "), "no stack trace in the health body");
      assertEquals(200, app.get("/observe/health/live").statusCode(), "the process stays alive");
    } finally {
      app.app().stack().restartDatabase();
    }
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(20), () -> app.get("/observe/health/ready").statusCode() == 200),
        "readiness is UP again once the database is back");
  }

  @Test
  void metricsHaveTheDatabasePool(TestApp app) {
    String metrics = app.get("/observe/metrics").body();
    for (String name :
        new String[] {
          "hikaricp_connections{",
          "hikaricp_connections_active{",
          "hikaricp_connections_idle{",
          "hikaricp_connections_pending{",
          "hikaricp_connections_max{",
          "hikaricp_connections_timeout_total{",
          "hikaricp_connections_acquire_seconds_count{"
        }) {
      assertTrue(metrics.contains(name), name + " in /observe/metrics");
    }
    assertTrue(metrics.contains("pool=\"reelroute-db\""), "tagged with the pool's name");
  }

  @Test
  void metricsHaveTheCachesHitsAndMisses(TestApp app) {
    // the public catalog page: the first read of the round misses, the others within the cache's
    // TTL (reelroute.catalog.cache-ttl-ms, 1 s) hit; each page of a new search text misses once
    String query = "/api/videos?q=cache" + System.nanoTime();
    double hitsBefore = sample(app, "cache_gets_total", "catalog.pages", "hit");
    double missesBefore = sample(app, "cache_gets_total", "catalog.pages", "miss");
    for (int i = 0; i < 10; i++) {
      assertEquals(200, app.get(query).statusCode());
    }
    double hits = sample(app, "cache_gets_total", "catalog.pages", "hit") - hitsBefore;
    double misses = sample(app, "cache_gets_total", "catalog.pages", "miss") - missesBefore;
    assertTrue(misses >= 1 && hits >= 5, "hits " + hits + ", misses " + misses);
    String metrics = app.get("/observe/metrics").body();
    for (String cache :
        new String[] {"catalog.videos", "catalog.urls", "playback.urls", "playback.templates"}) {
      assertTrue(metrics.contains("cache=\"" + cache + "\""), cache + " in /observe/metrics");
    }
    assertTrue(metrics.contains("cache_size"), "cache sizes");
    System.out.printf(
        "cache catalog.pages: %d hits, %d misses over 10 reads (hit ratio %.2f)%n",
        (long) hits, (long) misses, hits / (hits + misses));
  }

  /** The value of a Prometheus sample with the given cache and result labels (0 when absent). */
  static double sample(TestApp app, String metric, String cache, String result) {
    return app.get("/observe/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith(metric + "{"))
        .filter(
            l -> l.contains("cache=\"" + cache + "\"") && l.contains("result=\"" + result + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void metricsArePrometheusTextWithRouteAndJvmMetrics(TestApp app) {
    assertEquals(200, app.get("/observe/info").statusCode());
    HttpResponse<String> metrics = app.get("/observe/metrics");
    assertEquals(200, metrics.statusCode());
    String body = metrics.body();
    assertTrue(body.contains("camel_exchanges_total{"), "exchanges per route");
    assertTrue(body.contains("routeId=\"observe-info\""), "labelled by route id");
    assertTrue(body.contains("camel_exchanges_failed_total"), "failures per route");
    assertTrue(body.contains("camel_route_policy_seconds"), "processing time per route");
    assertTrue(body.contains("jvm_memory_used_bytes"), "JVM metrics");
  }

  @Test
  void infoHasVersionAndGitCommit(TestApp app) throws Exception {
    HttpResponse<String> info = app.get("/observe/info");
    assertEquals(200, info.statusCode());
    JsonNode body = JSON.readTree(info.body());
    assertEquals("0.1.0-SNAPSHOT", body.get("version").asText());
    assertTrue(body.get("git").get("commit").asText().matches("[0-9a-f]{7,}"), info.body());
  }
}
