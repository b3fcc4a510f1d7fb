package io.reelroute.subscriptions;

import io.reelroute.common.MailBatches;
import io.reelroute.video.VideoState;
import io.reelroute.video.Visibility;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription e-mail digest (routes/subscriptions.camel.yaml, timer route
 * subscriptions-digest, daily by default): each run claims the waiting new videos (so two api
 * processes never mail the same ones), writes one message per opted-in subscriber listing the new
 * videos of the channels they follow, and forgets them once the message is sent. A failed send
 * releases them for the next run. Videos no longer public are left out.
 */
public final class SubscriptionDigest {

  /** One subscriber's message. */
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionDigest.class);

  private static final int MAX_ROWS = 5_000;
  private static final int MAX_LISTED = 50;
  private final DataSource dataSource;
  private final String publicUrl;
  private final String from;
  private final Clock clock;

  SubscriptionDigest(DataSource dataSource, String publicUrl, String from, Clock clock) {
    this.dataSource = dataSource;
    this.publicUrl = publicUrl;
    this.from = from;
    this.clock = clock;
  }

  /** Claims the waiting videos and builds one message per subscriber (the split's body). */
  public List<MailBatches.Mail> claim() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      String batch =
          io.reelroute.common.MailBatches.claim(
              c, "subscription_mail", "created_at", MAX_ROWS, clock);
      if (batch == null) {
        return List.of();
      }
      // no longer public: never mailed, and forgotten
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE m FROM subscription_mail m JOIN videos v ON v.videoKey = m.videoKey"
                  + " JOIN users u ON u.id = v.owner_id WHERE m.batch = ? AND NOT ("
                  + Visibility.LISTED
                  + ")")) {
        ps.setString(1, batch);
        ps.executeUpdate();
      }
      Map<Long, List<String[]>> byUser = new LinkedHashMap<>();
      Map<Long, String[]> recipients = new LinkedHashMap<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT m.user_id, r.email, r.display_name, v.videoKey, v.displayName,"
                  + " o.display_name FROM subscription_mail m"
                  + " JOIN videos v ON v.videoKey = m.videoKey JOIN users o ON o.id = v.owner_id"
                  + " JOIN users r ON r.id = m.user_id WHERE m.batch = ? AND v.state = "
                  + VideoState.READY.sql()
                  + " ORDER BY m.user_id, m.created_at")) {
        ps.setString(1, batch);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long user = rs.getLong(1);
            recipients.put(user, new String[] {rs.getString(2), rs.getString(3)});
            byUser
                .computeIfAbsent(user, k -> new ArrayList<>())
                .add(new String[] {rs.getString(4), rs.getString(5), rs.getString(6)});
          }
        }
      }
      List<MailBatches.Mail> mails = new ArrayList<>();
      for (var e : byUser.entrySet()) {
        String[] who = recipients.get(e.getKey());
        if (who[0] != null && !who[0].isBlank()) {
          mails.add(build(e.getKey(), batch, who[0], who[1], e.getValue()));
        }
      }
      return mails;
    }
  }

  MailBatches.Mail build(long userId, String batch, String to, String name, List<String[]> videos) {
    int count = videos.size();
    String subject =
        count == 1
            ? "1 new video from channels you follow"
            : count + " new videos from channels you follow";
    StringBuilder text = new StringBuilder("Hello ").append(name == null ? "" : name);
    text.append(",\n\n").append(subject).append(" on Reelroute:\n\n");
    for (int i = 0; i < Math.min(count, MAX_LISTED); i++) {
      String[] v = videos.get(i);
      String title = v[1] == null || v[1].isBlank() ? "Untitled" : v[1];
      text.append("  ")
          .append(v[2])
          .append(": ")
          .append(SubscriptionEvents.cut(title.replace('\n', ' '), 200))
          .append("\n    ")
          .append(publicUrl)
          .append("/watch/")
          .append(v[0])
          .append('\n');
    }
    if (count > MAX_LISTED) {
      text.append("\n…and ").append(count - MAX_LISTED).append(" more.\n");
    }
    text.append("\nYou asked for this digest; turn it off in your account settings at ")
        .append(publicUrl)
        .append("/subscriptions\n");
    return new MailBatches.Mail(userId, batch, to, subject, text.toString());
  }

  /** Turns one mail (the split's body) into the message the smtp endpoint sends. */
  public void prepare(Exchange exchange) {
    MailBatches.prepare(exchange, from);
  }

  /** The message went out: its videos are done. */
  public void sent(Exchange exchange) throws SQLException {
    MailBatches.sent(dataSource, "subscription_mail", "user_id", exchange);
  }

  /** The send failed: the videos wait for the next run. */
  public void failed(Exchange exchange) throws SQLException {
    MailBatches.Mail mail =
        MailBatches.release(dataSource, "subscription_mail", "user_id", exchange);
    LOG.warn(
        "Subscription digest for user {} not sent, retried next run: {}",
        mail == null ? "?" : mail.key(),
        MailBatches.cause(exchange));
  }
}
