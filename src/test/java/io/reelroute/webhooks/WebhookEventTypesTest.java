package io.reelroute.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelroute.common.ApiException;
import io.reelroute.events.EventType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The webhook API offers exactly the event types of {@link EventType} (one list): the OpenAPI
 * document's WebhookEventType enum is that list, and every type fits the webhooks.events column.
 */
class WebhookEventTypesTest {

  @Test
  void theApiOffersEveryEventTypeOfTheEnum() {
    assertEquals(EventType.values().length, EventType.ids().size());
    assertTrue(EventType.ids().contains("video.taken-down"));
    assertTrue(EventType.ids().contains("video.restored"));
    assertEquals(
        List.of("video.taken-down", "video.restored"),
        WebhooksApi.events(List.of("video.taken-down", "video.restored", "video.taken-down")));
    assertEquals(EventType.ids(), WebhooksApi.events(EventType.ids()));
    ApiException unknown =
        assertThrows(ApiException.class, () -> WebhooksApi.events(List.of("video.exploded")));
    assertEquals(400, unknown.status());
    assertFalse(EventType.known(null));
    // webhooks.events is VARCHAR(255), matched with FIND_IN_SET: every type at once must fit
    assertTrue(String.join(",", EventType.ids()).length() <= 255);
  }

  @Test
  void theOpenApiEnumIsTheEventTypeList() throws Exception {
    JsonNode doc;
    try (InputStream in = getClass().getResourceAsStream("/openapi/reelroute.json")) {
      doc = new ObjectMapper().readTree(in);
    }
    List<String> documented = new ArrayList<>();
    doc.at("/components/schemas/WebhookEventType/enum")
        .forEach(type -> documented.add(type.asText()));
    assertEquals(EventType.ids(), documented);
  }
}
