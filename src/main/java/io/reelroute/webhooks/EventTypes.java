package io.reelroute.webhooks;

import java.util.List;

/** The event types a webhook may subscribe to (the event contract of issue 11). */
public final class EventTypes {

  public static final List<String> ALL =
      List.of(
          "video.uploaded",
          "video.processing",
          "video.ready",
          "video.failed",
          "video.deleted",
          "comment.created",
          "user.registered");

  private EventTypes() {}

  public static boolean known(String type) {
    return ALL.contains(type);
  }
}
