package io.reelroute.events;

/**
 * The domain events Reelroute publishes, each on its own in-process endpoint (see {@link
 * #endpoint()}) and on {@link #ALL}. The names and endpoint URIs are a public interface (README
 * "Extending Reelroute"): keep them stable.
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

  public static EventType of(String id) {
    for (EventType type : values()) {
      if (type.id.equals(id)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown event type " + id);
  }
}
