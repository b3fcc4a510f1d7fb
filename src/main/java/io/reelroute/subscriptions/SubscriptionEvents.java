package io.reelroute.subscriptions;

import io.reelroute.social.NotificationStore;
import io.reelroute.video.Visibility;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber of video.published (routes/subscription-events.camel.yaml): when a channel's video
 * is first READY and public (whichever came last; once per video, see
 * io.reelroute.video.VideoPublication), every subscriber of the channel gets an in-app notification
 * (once per event and subscriber, however often the event is published) and, when they opted in,
 * the video waits for their next e-mail digest. A video no longer listed when the event arrives
 * (made private again, taken down, deleted) notifies nobody.
 */
public final class SubscriptionEvents {

  static final String KIND = "NEW_VIDEO";
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionEvents.class);

  private final DataSource dataSource;
  private final SubscriptionStore store;
  private final NotificationStore notifications;

  SubscriptionEvents(
      DataSource dataSource, SubscriptionStore store, NotificationStore notifications) {
    this.dataSource = dataSource;
    this.store = store;
    this.notifications = notifications;
  }

  private record Published(long channelId, String channelName, String title) {}

  /** Headers ReelrouteVideoKey and ReelrouteEventId; the body is left as it is. */
  public void fanOut(Exchange exchange) throws SQLException {
    Message in = exchange.getIn();
    String videoKey = in.getHeader("ReelrouteVideoKey", String.class);
    String eventId = in.getHeader("ReelrouteEventId", String.class);
    if (videoKey == null || eventId == null) {
      return;
    }
    Published video = published(videoKey);
    if (video == null) {
      return; // gone, or not listed any more (private, hidden): nothing to tell
    }
    List<Long> subscribers = store.subscribersOf(video.channelId());
    if (subscribers.isEmpty()) {
      return;
    }
    String name = video.channelName() == null ? "A channel you follow" : video.channelName();
    String title =
        video.title() == null || video.title().isBlank()
            ? "a new video"
            : "\u201c" + video.title() + "\u201d";
    int stored =
        notifications.notifyEach(
            eventId,
            subscribers,
            KIND,
            videoKey,
            cut(name + " published " + title, 200),
            cut(name + " published " + title + ".", 2000),
            "/watch/" + videoKey);
    int queued = store.queueDigest(video.channelId(), videoKey);
    LOG.debug(
        "New video {}: {} subscriber notifications, {} digest entries", videoKey, stored, queued);
  }

  private Published published(String videoKey) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT v.owner_id, u.display_name, v.displayName FROM videos v"
                    + " JOIN users u ON u.id = v.owner_id"
                    + " WHERE v.videoKey = ? AND "
                    + Visibility.LISTED)) {
      s.setString(1, videoKey);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new Published(r.getLong(1), r.getString(2), r.getString(3)) : null;
      }
    }
  }

  static String cut(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "\u2026";
  }
}
