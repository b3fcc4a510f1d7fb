package io.reelroute.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {

  @Test
  void jsonLayoutIsOneLineWithTheFieldsAndMdc() throws Exception {
    LoggerContext context = new LoggerContext();
    var encoder = LogFormat.encoder(context);
    LoggingEvent event =
        new LoggingEvent(
            "io.reelroute.Test",
            context.getLogger("io.reelroute.transcode.VideoJobs"),
            Level.INFO,
            "Transcoding {} as {}\nsecond line \"quoted\"",
            null,
            new Object[] {"abc123", "claim-1"});
    event.setMDCPropertyMap(
        Map.of(
            RequestIds.KEY_REQUEST_ID,
            "req-1",
            RequestIds.KEY_VIDEO_KEY,
            "abc123",
            RequestIds.KEY_ROUTE_ID,
            "transcode"));
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertTrue(line.endsWith("\n"), "ends a line");
    assertFalse(line.strip().contains("\n"), "one line: " + line);
    JsonNode json = Json.MAPPER.readTree(line);
    assertEquals("INFO", json.get("level").asText());
    assertEquals("io.reelroute.transcode.VideoJobs", json.get("loggerName").asText());
    assertTrue(json.has("timestamp"), line);
    assertTrue(json.has("threadName"), line);
    assertEquals(
        "Transcoding abc123 as claim-1\nsecond line \"quoted\"",
        json.get("formattedMessage").asText());
    assertEquals("req-1", json.get("mdc").get("requestId").asText());
    assertEquals("abc123", json.get("mdc").get("videoKey").asText());
    assertEquals("transcode", json.get("mdc").get("routeId").asText());
  }

  @Test
  void onlyTextOrJson() {
    LogFormat.apply(Settings.load(Map.of(LogFormat.SETTING, "text")));
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> LogFormat.apply(Settings.load(Map.of(LogFormat.SETTING, "xml"))));
    assertEquals(LogFormat.SETTING, e.key());
  }

  @Test
  void requestIdsAreEchoedOnlyWhenValid() {
    assertEquals("abc-1.2_3", RequestIds.choose("abc-1.2_3"));
    assertEquals("x".repeat(128), RequestIds.choose("x".repeat(128)));
    for (String invalid : new String[] {null, "", "x".repeat(129), "a b", "a/b", "ü"}) {
      String chosen = RequestIds.choose(invalid);
      assertEquals(36, chosen.length(), "a UUID instead of " + invalid);
    }
  }
}
