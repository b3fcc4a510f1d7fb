package io.reelroute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReelrouteTest {

  private static String routes(String role) {
    return io.reelroute.config.Flows.includePattern(
        Settings.load(
            Map.of(
                "reelroute.role", role,
                "reelroute.routes.common", "errors,observe",
                "reelroute.routes.api", "auth, catalog",
                "reelroute.routes.worker", "transcode")));
  }

  @Test
  void eachRoleLoadsOnlyItsFlows() {
    assertEquals(
        "classpath:routes/errors.camel.yaml,classpath:routes/observe.camel.yaml,"
            + "classpath:routes/auth.camel.yaml,classpath:routes/catalog.camel.yaml",
        routes("api"));
    String worker = routes("worker");
    assertTrue(worker.contains("transcode.camel.yaml"));
    assertFalse(worker.contains("auth.camel.yaml"));
    String all = routes("all");
    assertTrue(all.contains("auth.camel.yaml") && all.contains("transcode.camel.yaml"));
  }

  @Test
  void oneLineNamesTheRootCause() {
    String line =
        Reelroute.oneLine(
            new IllegalStateException("start failed", new java.net.ConnectException("refused")));
    assertEquals("start failed (caused by ConnectException: refused)", line);
    assertFalse(line.contains("\n"));
  }
}
