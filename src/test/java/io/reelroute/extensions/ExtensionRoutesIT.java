package io.reelroute.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.reelroute.Application;
import io.reelroute.config.ExtensionRoutes;
import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Extension routes from reelroute.routes.extra-dir: the shipped example examples/routes/
 * log-ready.camel.yaml in a process of its own (api role, on the shared app's stack), and the ways
 * a start with extension routes fails: exit 2 and one line naming the file.
 */
@IntegrationTest
class ExtensionRoutesIT {

  static final Path EXAMPLE = Path.of("examples/routes/log-ready.camel.yaml");
  static final String READY_URI = "seda:reelroute.events.video.ready?multipleConsumers=true";

  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static TestApp extended;

  /** Settings of another process on the shared app's embedded stack (external mode, api role). */
  static Map<String, String> onSharedStack(TestApp shared) {
    Map<String, String> settings = new HashMap<>(shared.app().stack().endpoints().asSettings());
    settings.put("reelroute.stack", "external");
    settings.put("reelroute.role", "api");
    settings.put("reelroute.s3.bucket", shared.app().settings().get("reelroute.s3.bucket"));
    settings.put("reelroute.sqs.queue", shared.app().settings().get("reelroute.sqs.queue"));
    settings.put("reelroute.auth.issuer", shared.app().settings().get("reelroute.public-url"));
    return settings;
  }

  @BeforeAll
  static void startWithTheExample(TestApp shared) throws Exception {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    Path dir = Files.createTempDirectory(shared.dataDir(), "extensions-");
    Files.copy(EXAMPLE, dir.resolve(EXAMPLE.getFileName()));
    Map<String, String> settings = onSharedStack(shared);
    settings.put(ExtensionRoutes.SETTING, dir.toString());
    extended = TestApp.start(settings);
  }

  @AfterAll
  static void stop() {
    if (extended != null) {
      extended.close();
    }
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    LOGS.stop();
  }

  @Test
  void theExampleLogsEveryReadyVideo() {
    String videoKey = "ext" + UUID.randomUUID().toString().substring(0, 8);
    String id = UUID.randomUUID().toString();
    String body =
        "{\"id\":\""
            + id
            + "\",\"type\":\"video.ready\",\"occurredAt\":\"2026-11-30T00:00:00Z\",\"data\":{\"videoKey\":\""
            + videoKey
            + "\"}}";
    extended
        .app()
        .camelContext()
        .createProducerTemplate()
        .sendBodyAndHeaders(
            READY_URI,
            body,
            Map.of(
                "ReelrouteEventId",
                id,
                "ReelrouteEventType",
                "video.ready",
                "ReelrouteEventUserId",
                42L,
                "ReelrouteVideoKey",
                videoKey));
    String expected = "extension saw READY " + videoKey;
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(10), () -> logged(expected)),
        "no INFO line '" + expected + "'");
  }

  private static boolean logged(String message) {
    synchronized (LOGS) {
      return List.copyOf(LOGS.list).stream()
          .anyMatch(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().equals(message));
    }
  }

  @Test
  void theExtensionRouteIsAddedAfterTheBuiltInFlows() {
    CamelContext context = extended.app().camelContext();
    Route route = context.getRoute("extension-log-ready");
    assertNotNull(route, "the route of the example runs");
    assertTrue(context.getRouteController().getRouteStatus(route.getId()).isStarted());
    List<Route> routes = context.getRoutes();
    assertTrue(routes.size() > 10, "the built-in flows are there too");
    assertEquals("extension-log-ready", routes.get(routes.size() - 1).getId(), "added last");
    assertEquals(READY_URI, route.getEndpoint().getEndpointUri().replace("seda://", "seda:"));
  }

  @Test
  void aMissingDirectoryStopsTheStartNamingTheSetting(TestApp shared) {
    Map<String, String> settings = onSharedStack(shared);
    settings.put(ExtensionRoutes.SETTING, shared.dataDir().resolve("no-such-dir").toString());
    SettingsException e = assertThrows(SettingsException.class, () -> TestApp.start(settings));
    assertEquals(ExtensionRoutes.SETTING, e.key());
    assertTrue(e.getMessage().contains("no-such-dir"), e.getMessage());
  }

  @Test
  void aMissingDirectoryIsExit2AndOneLine(TestApp shared) throws Exception {
    Run run = runToExit(shared, shared.dataDir().resolve("no-such-dir"));
    assertOneLineNaming(run, "no-such-dir");
  }

  @Test
  void aBrokenFileIsExit2AndOneLineNamingTheFile(TestApp shared) throws Exception {
    Path dir = Files.createTempDirectory(shared.dataDir(), "broken-extensions-");
    Files.copy(EXAMPLE, dir.resolve(EXAMPLE.getFileName()));
    Path broken = dir.resolve("z-broken.camel.yaml");
    Files.writeString(broken, "- route:\n    id: broken\n  from: [unclosed\n");
    Run run = runToExit(shared, dir);
    assertOneLineNaming(run, broken.toString());
    assertTrue(run.stderr().contains("ParserException"), run.stderr());
  }

  record Run(int exitCode, String stdout, String stderr) {}

  /** The real {@code java io.reelroute.Application} on the shared stack, until it exits. */
  private static Run runToExit(TestApp shared, Path extraDir) throws Exception {
    Path dir = Files.createTempDirectory(shared.dataDir(), "process-");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), Application.class.getName())
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .redirectError(dir.resolve("stderr.log").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("REELROUTE_"));
    onSharedStack(shared).forEach((key, value) -> env.put(Settings.envName(key), value));
    env.put("REELROUTE_HTTP_PORT", Integer.toString(TestApp.freePort()));
    env.put(Settings.envName(ExtensionRoutes.SETTING), extraDir.toString());
    Process process = builder.start();
    try {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the process exits by itself");
    } finally {
      process.destroyForcibly();
    }
    return new Run(
        process.exitValue(),
        Files.readString(dir.resolve("stdout.log")),
        Files.readString(dir.resolve("stderr.log")));
  }

  private static void assertOneLineNaming(Run run, String file) {
    assertEquals(2, run.exitCode(), run.stderr() + run.stdout());
    List<String> lines = run.stderr().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one error line, got:\n" + run.stderr());
    assertTrue(lines.get(0).contains(ExtensionRoutes.SETTING), lines.get(0));
    assertTrue(lines.get(0).contains(file), lines.get(0));
    assertFalse((run.stdout() + run.stderr()).contains("\tat "), "no stack trace");
  }
}
