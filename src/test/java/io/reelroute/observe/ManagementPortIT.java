package io.reelroute.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 8: with {@code reelroute.management.port} set, /observe (detailed health, metrics,
 * info) is served on that port only, and the public port keeps the bare liveness and readiness
 * status. Unset (the shared app of this JVM), everything stays on the one port.
 */
@IntegrationTest
class ManagementPortIT {

  private static HttpResponse<String> get(String url) {
    try {
      return TestApp.http()
          .send(
              HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void withoutAManagementPortEverythingIsOnTheOnePort(TestApp app) {
    assertEquals(200, app.get("/observe/metrics").statusCode());
    assertTrue(app.get("/observe/health/ready").body().contains("checks"));
    assertTrue(app.get("/observe/info").body().contains("version"));
  }

  @Test
  void aManagementPortTakesTheOperatorEndpointsOffThePublicPort(TestApp app) throws Exception {
    int management = TestApp.freePort();
    // another api process on this JVM's stack (external mode: no second embedded stack)
    Map<String, String> settings = new HashMap<>(app.app().stack().endpoints().asSettings());
    settings.put("reelroute.stack", "external");
    settings.put("reelroute.role", "api");
    settings.put("reelroute.s3.bucket", app.app().settings().get("reelroute.s3.bucket"));
    settings.put("reelroute.sqs.queue", app.app().settings().get("reelroute.sqs.queue"));
    settings.put("reelroute.management.port", Integer.toString(management));
    try (TestApp other = TestApp.start(settings)) {
      // the public port: bare status only, nothing else under /observe
      HttpResponse<String> live = other.get("/observe/health/live");
      assertEquals(200, live.statusCode(), live.body());
      assertEquals("{\"status\":\"UP\"}", live.body());
      HttpResponse<String> ready = other.get("/observe/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals("{\"status\":\"UP\"}", ready.body());
      for (String path :
          new String[] {"/observe/health", "/observe/metrics", "/observe/info", "/observe"}) {
        HttpResponse<String> hidden = other.get(path);
        assertEquals(404, hidden.statusCode(), path + " " + hidden.body());
        assertFalse(hidden.body().contains("camel_"), path);
      }
      // the management port: everything, as the one port has it without the setting
      String base = "http://127.0.0.1:" + management;
      HttpResponse<String> health = get(base + "/observe/health/ready");
      assertEquals(200, health.statusCode(), health.body());
      assertTrue(
          health.body().contains("checks") && health.body().contains("\"db\""), health.body());
      HttpResponse<String> metrics = get(base + "/observe/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.body().contains("camel_exchanges_total"), "Camel metrics");
      HttpResponse<String> info = get(base + "/observe/info");
      assertEquals(200, info.statusCode(), info.body());
      assertTrue(info.body().contains("\"version\""), info.body());
      // and the API is not served there
      assertEquals(404, get(base + "/api/videos").statusCode());
    }
  }
}
