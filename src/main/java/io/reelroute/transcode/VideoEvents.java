package io.reelroute.transcode;

import io.reelroute.config.Settings;
import io.reelroute.video.VideoLifecycle;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The video-events route's bean: on READY or FAILED, stores the owner's in-app notification and
 * prepares the email ("ready" with a link, "failed" with the reason). The event was recorded with
 * the state (VideoLifecycle.markReady/markFailed) in the event outbox, and may be published more
 * than once (at least once): the notification row is keyed by the event id, so it and the email
 * happen once.
 */
public final class VideoEvents {

  /** Exchange property with the SMTP endpoint the route sends to. */
  public static final String MAIL_URI = "mailUri";

  private final VideoLifecycle store;
  private final io.reelroute.social.NotificationStore notifications;
  private final String publicUrl;
  private final String from;
  private final String mailUri;

  public VideoEvents(
      VideoLifecycle store,
      io.reelroute.social.NotificationStore notifications,
      Settings settings) {
    this.store = store;
    this.notifications = notifications;
    this.publicUrl = stripSlash(settings.get("reelroute.public-url"));
    this.from = settings.get("reelroute.smtp.from");
    StringBuilder uri =
        new StringBuilder("smtp://")
            .append(settings.get("reelroute.smtp.host"))
            .append(':')
            .append(settings.get("reelroute.smtp.port"))
            .append("?contentType=text/plain;charset=UTF-8");
    // credentials and STARTTLS are configured on the shared smtp component (Infrastructure.smtp)
    this.mailUri = uri.toString();
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * A video.ready or video.failed event (headers ReelrouteVideoKey, ReelrouteEventType,
   * ReelrouteEventId). Stores the owner's notification once per event id and leaves the email as
   * the message (To, From, Subject headers, text body), or sets property "mailSkip" when there is
   * nobody to tell or the event was handled already.
   */
  public void prepare(Exchange exchange) throws Exception {
    Message message = exchange.getMessage();
    String videoKey = message.getHeader("ReelrouteVideoKey", String.class);
    String eventId = message.getHeader("ReelrouteEventId", String.class);
    String state =
        "video.ready".equals(message.getHeader("ReelrouteEventType", String.class))
            ? "READY"
            : "FAILED";
    Optional<VideoLifecycle.Video> found = store.find(videoKey);
    message.removeHeaders("*");
    if (found.isEmpty()) {
      exchange.setProperty("mailSkip", true);
      return;
    }
    VideoLifecycle.Video video = found.get();
    String name =
        video.displayName() == null || video.displayName().isBlank()
            ? "Your video"
            : "\u201c" + video.displayName() + "\u201d";
    String link = publicUrl + "/watch/" + videoKey; // the web UI's watch page
    String title;
    String text;
    String kind;
    if ("READY".equals(state)) {
      kind = "VIDEO_READY";
      title = name + " is ready";
      text = name + " has been processed and is ready to watch: " + link;
    } else {
      kind = "VIDEO_FAILED";
      String reason = video.failureReason() == null ? "an unknown error" : video.failureReason();
      title = name + " could not be processed";
      text = name + " could not be processed: " + reason;
    }
    if (!notifications.notifyOnce(eventId, videoKey, video.ownerId(), kind, title, text, link)) {
      exchange.setProperty("mailSkip", true); // delivered already: one notification, one email
      return;
    }
    if (video.ownerEmail() == null || video.ownerEmail().isBlank()) {
      exchange.setProperty("mailSkip", true);
      return;
    }
    String greeting =
        video.ownerName() == null || video.ownerName().isBlank()
            ? "Hello,"
            : "Hello " + video.ownerName() + ",";
    String body =
        greeting
            + "\n\n"
            + text
            + "\n\n"
            + ("READY".equals(state)
                ? ""
                : "You can upload the file again, or another file, at " + publicUrl + "\n\n")
            + "-- Reelroute\n";
    message.setHeader("To", video.ownerEmail());
    message.setHeader("From", from);
    message.setHeader("Subject", title);
    message.setBody(body);
    exchange.setProperty(MAIL_URI, mailUri);
  }
}
