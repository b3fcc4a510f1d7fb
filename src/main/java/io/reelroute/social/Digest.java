package io.reelroute.social;

import io.reelroute.common.MailBatches;
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
 * The comment e-mail digest (routes/social.camel.yaml, timer route social-digest): each run claims
 * the waiting comments (so two api processes never mail the same ones), writes one message per
 * recipient listing every new comment on their videos and every reply to their comments, and
 * forgets the comments once the message is sent. A failed send releases them for the next run.
 * Deleted comments are never mailed.
 */
public final class Digest {

  /** One owner's message. */
  private static final Logger LOG = LoggerFactory.getLogger(Digest.class);

  private static final int MAX_ROWS = 5_000;
  private static final int MAX_LISTED = 50;
  private final DataSource dataSource;
  private final SocialSettings settings;
  private final Clock clock;

  Digest(DataSource dataSource, SocialSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.clock = clock;
  }

  /** Claims the waiting comments and builds one message per owner (the split's body). */
  public List<MailBatches.Mail> claim() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      String batch =
          io.reelroute.common.MailBatches.claim(c, "comment_mail", "comment_id", MAX_ROWS, clock);
      if (batch == null) {
        return List.of();
      }
      String sql =
          "SELECT m.owner_id, o.email, o.display_name, v.videoKey, v.displayName,"
              + " a.display_name, c.body, c.created_at, v.owner_id"
              + " FROM comment_mail m JOIN comments c ON c.id = m.comment_id"
              + " JOIN videos v ON v.videoKey = c.videoKey JOIN users o ON o.id = m.owner_id"
              + " JOIN users a ON a.id = c.user_id"
              + " WHERE m.batch = ? ORDER BY m.owner_id, v.videoKey, c.id";
      Map<Long, Builder> byOwner = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, batch);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long owner = rs.getLong(1);
            Builder b = byOwner.computeIfAbsent(owner, k -> new Builder());
            b.email = rs.getString(2);
            b.name = rs.getString(3);
            b.add(
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getLong(9) == owner);
          }
        }
      }
      List<MailBatches.Mail> mails = new ArrayList<>();
      for (var e : byOwner.entrySet()) {
        mails.add(e.getValue().build(e.getKey(), batch));
      }
      return mails;
    }
  }

  /** Turns one mail (the split's body) into the message the smtp endpoint sends. */
  public void prepare(Exchange exchange) {
    MailBatches.prepare(exchange, settings.smtpFrom());
  }

  /** The message went out: its comments are done. */
  public void sent(Exchange exchange) throws SQLException {
    MailBatches.sent(dataSource, "comment_mail", "owner_id", exchange);
  }

  /** The send failed: the comments wait for the next run. */
  public void failed(Exchange exchange) throws SQLException {
    MailBatches.Mail mail = MailBatches.release(dataSource, "comment_mail", "owner_id", exchange);
    LOG.warn(
        "Comment digest for user {} not sent, retried next run: {}",
        mail == null ? "?" : mail.key(),
        MailBatches.cause(exchange));
  }

  private final class Builder {
    String email;
    String name;
    int count;
    int replies; // to the recipient's comments on other people's videos
    final StringBuilder text = new StringBuilder();
    String lastVideo;

    void add(String videoKey, String title, String author, String body, boolean ownVideo) {
      count++;
      if (!ownVideo) {
        replies++;
      }
      if (count > MAX_LISTED) {
        return;
      }
      if (!videoKey.equals(lastVideo)) {
        lastVideo = videoKey;
        text.append(ownVideo ? "\nOn " : "\nReplies to your comments on ")
            .append(Notifications.quoted(title))
            .append(" (")
            .append(settings.publicUrl())
            .append("/watch/")
            .append(videoKey)
            .append("):\n");
      }
      text.append("  ")
          .append(author)
          .append(": ")
          .append(Notifications.cut(body.replace('\n', ' '), 300))
          .append('\n');
    }

    MailBatches.Mail build(long ownerId, String batch) {
      String subject;
      if (replies == 0) {
        subject =
            count == 1 ? "1 new comment on your videos" : count + " new comments on your videos";
      } else if (replies == count) {
        subject =
            count == 1 ? "1 new reply to your comments" : count + " new replies to your comments";
      } else {
        subject = count + " new comments and replies";
      }
      StringBuilder body = new StringBuilder("Hello ").append(name).append(",\n\n");
      body.append(subject).append(" on Reelroute:\n").append(text);
      if (count > MAX_LISTED) {
        body.append("\n…and ").append(count - MAX_LISTED).append(" more.\n");
      }
      body.append("\nYou get at most one of these messages every ")
          .append(
              settings.digestInterval().toMinutes() > 0
                  ? settings.digestInterval().toMinutes() + " minutes"
                  : settings.digestInterval().toSeconds() + " seconds")
          .append(".\n");
      return new MailBatches.Mail(ownerId, batch, email, subject, body.toString());
    }
  }
}
