package io.reelroute.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.RawHttp;
import io.reelroute.testing.TestApp;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 12: request lines that cannot be parsed as a URI (an absolute form with a broken host, a
 * lone or bad percent escape) are answered 400 problem+json without a stack trace, in the answer or
 * in the log, and with at most one WARN line each.
 */
@IntegrationTest
class MalformedRequestIT {

  private static final List<String> TARGETS =
      List.of(
          "http://[::1/x",
          "http://[::1/api/stream/abc/master.m3u8",
          "http://[::1/api/videos",
          "https://[::1/",
          "http://127.0.0.1",
          "http://[::1]",
          "http:/api/videos",
          "http:",
          "/%",
          "/%zz",
          "/watch/%",
          "/api/stream/%",
          "/api/videos/%",
          "/api/%",
          "/api/videos?q=%",
          "/api/videos?q=%zz",
          "/?x=%e");

  @Test
  void unparsableRequestTargetsAre400WithoutStackTraces(TestApp app) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<String> failures = new java.util.ArrayList<>();
    for (String target : TARGETS) {
      try {
        check(root, app, target);
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n----\n", failures));
  }

  private static void check(Logger root, TestApp app, String target) {
    {
      ListAppender<ILoggingEvent> log = new ListAppender<>();
      log.start();
      root.addAppender(log);
      RawHttp.Response response;
      try {
        response = RawHttp.get(app.baseUrl(), target);
        TestApp.eventually(java.time.Duration.ofMillis(300), () -> false); // let late logs land
      } finally {
        root.detachAppender(log);
      }
      assertEquals(400, response.status(), target + "\n" + response.head() + response.body());
      assertTrue(
          response.head().toLowerCase().contains("content-type: application/problem+json"),
          target + "\n" + response.head());
      assertTrue(response.body().contains("\"status\":400"), target + " " + response.body());
      assertFalse(response.body().contains("Exception"), target + " " + response.body());
      assertFalse(response.body().contains("\tat "), target + " " + response.body());
      List<ILoggingEvent> loud =
          log.list.stream()
              // what the request caused: lines of the HTTP threads (not of timers running
              // meanwhile)
              .filter(e -> e.getThreadName().startsWith("vert.x-"))
              .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
              .toList();
      String lines =
          loud.stream()
              .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage())
              .collect(Collectors.joining("\n"));
      assertTrue(loud.size() <= 1, target + ": more than one WARN line:\n" + lines);
      assertTrue(
          log.list.stream().noneMatch(e -> e.getThrowableProxy() != null),
          target + ": a stack trace was logged:\n" + lines);
      assertTrue(loud.stream().noneMatch(e -> e.getLevel() == Level.ERROR), target + "\n" + lines);
    }
  }
}
