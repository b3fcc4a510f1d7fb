package io.reelroute.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  private static Settings load(Map<String, String> env) {
    return Settings.load(Map.of(), env, new Properties());
  }

  @Test
  void defaultsAreTheZeroConfigurationEmbeddedStack() {
    Settings settings = load(Map.of());
    assertEquals(Settings.Role.ALL, settings.role());
    assertEquals(Settings.StackMode.EMBEDDED, settings.stackMode());
    assertEquals(8080, settings.port("reelroute.http.port"));
    assertEquals("127.0.0.1", settings.get("reelroute.http.host"));
  }

  @Test
  void environmentVariablesOverrideProperties() {
    assertEquals("REELROUTE_DB_PASSWORD_FILE", Settings.envName("reelroute.db.password-file"));
    Settings settings = load(Map.of("REELROUTE_ROLE", "worker", "REELROUTE_HTTP_PORT", "9999"));
    assertEquals(Settings.Role.WORKER, settings.role());
    assertEquals(9999, settings.port("reelroute.http.port"));
  }

  @Test
  void systemPropertiesBeatEnvironmentAndOverridesBeatBoth() {
    Properties sys = new Properties();
    sys.setProperty("reelroute.http.port", "7001");
    assertEquals(
        7001,
        Settings.load(Map.of(), Map.of("REELROUTE_HTTP_PORT", "7000"), sys)
            .port("reelroute.http.port"));
    assertEquals(
        7002,
        Settings.load(
                Map.of("reelroute.http.port", "7002"), Map.of("REELROUTE_HTTP_PORT", "7000"), sys)
            .port("reelroute.http.port"));
  }

  @Test
  void wrongValuesNameTheSetting() {
    SettingsException role =
        assertThrows(SettingsException.class, () -> load(Map.of("REELROUTE_ROLE", "boss")));
    assertEquals("reelroute.role", role.key());
    assertTrue(role.getMessage().contains("all, api, worker, stack"), role.getMessage());
    assertEquals(
        "reelroute.http.port",
        assertThrows(SettingsException.class, () -> load(Map.of("REELROUTE_HTTP_PORT", "80800")))
            .key());
    assertEquals(
        "reelroute.http.port",
        assertThrows(SettingsException.class, () -> load(Map.of("REELROUTE_HTTP_PORT", "http")))
            .key());
    assertEquals(
        "reelroute.stack",
        assertThrows(SettingsException.class, () -> load(Map.of("REELROUTE_STACK", "cloud")))
            .key());
  }

  @Test
  void externalModeNeedsADatabaseUrl() {
    SettingsException e =
        assertThrows(SettingsException.class, () -> load(Map.of("REELROUTE_STACK", "external")));
    assertEquals("reelroute.db.url", e.key());
    assertTrue(e.getMessage().contains("REELROUTE_DB_URL"));
  }

  @Test
  void databasePasswordComesFromAFileWhenNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("db-password");
    Files.writeString(file, "s3cret\n");
    Settings settings = load(Map.of("REELROUTE_DB_PASSWORD_FILE", file.toString()));
    assertEquals("s3cret", settings.dbPassword());
    Settings missing = load(Map.of("REELROUTE_DB_PASSWORD_FILE", dir.resolve("nope").toString()));
    assertEquals(
        "reelroute.db.password-file",
        assertThrows(SettingsException.class, missing::dbPassword).key());
  }
}
