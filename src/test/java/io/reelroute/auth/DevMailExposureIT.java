package io.reelroute.auth;

import static io.reelroute.auth.AuthFlowIT.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.reelroute.testing.TestApp;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, item 7, end to end: an app on the embedded stack whose HTTP server listens on every
 * address (0.0.0.0) hides /dev/mail (404) and says so with one WARN at start; its mail box holds
 * confirmation codes that anyone on the network could otherwise read.
 */
@Tag("integration")
class DevMailExposureIT {

  @Test
  void anEmbeddedAppBoundToEveryAddressHidesTheMailBox() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(AuthCapability.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try (TestApp app = TestApp.start(Map.of("reelroute.http.host", "0.0.0.0"))) {
      assertEquals(
          1,
          log.list.stream()
              .filter(e -> e.getLevel() == Level.WARN)
              .filter(e -> e.getFormattedMessage().startsWith("/dev/mail is off"))
              .count(),
          "one WARN at start");
      problem(app.get("/dev/mail"), 404, "not-found");
      problem(app.get("/dev/mail.json"), 404, "not-found");
      // the app itself works: the mail box is the only thing withheld
      assertEquals(200, app.get("/api/videos").statusCode());
    } finally {
      logger.detachAppender(log);
    }
  }
}
