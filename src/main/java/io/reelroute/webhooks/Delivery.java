package io.reelroute.webhooks;

import java.time.Instant;

/**
 * A delivery claimed for one attempt: the event JSON exactly as published, to the webhook's URL,
 * signed with its secret (already opened). {@code attempts} counts the attempts made before this
 * one.
 */
public record Delivery(
    long id,
    long webhookId,
    String url,
    String secret,
    String eventId,
    String eventType,
    String payload,
    int attempts,
    Instant createdAt) {

  @Override
  public String toString() { // never the secret in a log line
    return "Delivery[" + id + " of " + eventType + " " + eventId + " to webhook " + webhookId + "]";
  }
}
