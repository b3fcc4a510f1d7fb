package io.reelroute.events;

import java.util.Arrays;
import java.util.List;

/**
 * The domain events Reelroute publishes, each on its own in-process endpoint (see {@link
 * #endpoint()}) and on {@link #ALL}. The names and endpoint URIs are a public interface (README
 * "Extending Reelroute"): keep them stable. This enum is the one list of event types: webhooks
 * offer exactly these ({@link #ids()}), and the OpenAPI document's {@code WebhookEventType} must
 * list the same (WebhookEventTypesTest).
 */
public enum EventType {
  VIDEO_UPLOADED("video.uploaded"),
  VIDEO_PROCESSING("video.processing"),
  VIDEO_READY("video.ready"),
  /** First READY and public (and not hidden), whichever came last: once per video. */
  VIDEO_PUBLISHED("video.published"),
  VIDEO_FAILED("video.failed"),
  VIDEO_DELETED("video.deleted"),
  VIDEO_TAKEN_DOWN("video.taken-down"),
  VIDEO_RESTORED("video.restored"),
  COMMENT_CREATED("comment.created"),
  USER_REGISTERED("user.registered");

  /** Every event, whatever its type. */
  public static final String ALL = "seda:reelroute.events?multipleConsumers=true";

  private static final List<String> IDS = Arrays.stream(values()).map(EventType::id).toList();

  private final String id;

  EventType(String id) {
    this.id = id;
  }

  /** The type as it appears in the event body and headers, e.g. {@code video.ready}. */
  public String id() {
    return id;
  }

  /** The endpoint a subscriber consumes from: exactly this URI, no other options. */
  public String endpoint() {
    return "seda:reelroute.events." + id + "?multipleConsumers=true";
  }

  /** Every type's id, in declaration order. */
  public static List<String> ids() {
    return IDS;
  }

  /** Whether the text is the id of an event type (null is not). */
  public static boolean known(String id) {
    return id != null && IDS.contains(id);
  }

  public static EventType of(String id) {
    for (EventType type : values()) {
      if (type.id.equals(id)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown event type " + id);
  }
}
