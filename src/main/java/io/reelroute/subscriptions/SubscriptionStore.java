package io.reelroute.subscriptions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The subscriptions tables (V18): who follows which channel, the subscribers' e-mail digest choice.
 * Parameterised JDBC only.
 */
public final class SubscriptionStore {

  /** A channel: an active user with a handle. */
  public record Channel(long id, String handle, String displayName) {}

  private final DataSource dataSource;

  public SubscriptionStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Optional<Channel> channel(String handle) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, handle, display_name FROM users"
                    + " WHERE handle = ? AND status = 'ACTIVE'")) {
      s.setString(1, handle);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(new Channel(r.getLong(1), r.getString(2), r.getString(3)))
            : Optional.empty();
      }
    }
  }

  /**
   * Follows the channel unless the subscriber already follows {@code max} channels; true when
   * followed now or before, false when refused for the limit.
   */
  public boolean subscribe(long subscriberId, long channelId, int max) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT IGNORE INTO subscriptions (subscriber_id, channel_id)"
                    + " SELECT ?, ? FROM DUAL WHERE (SELECT COUNT(*) FROM subscriptions"
                    + " WHERE subscriber_id = ?) < ?")) {
      s.setLong(1, subscriberId);
      s.setLong(2, channelId);
      s.setLong(3, subscriberId);
      s.setInt(4, max);
      if (s.executeUpdate() == 1) {
        return true;
      }
    }
    return subscribed(subscriberId, channelId);
  }

  public void unsubscribe(long subscriberId, long channelId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM subscriptions WHERE subscriber_id = ? AND channel_id = ?")) {
      s.setLong(1, subscriberId);
      s.setLong(2, channelId);
      s.executeUpdate();
    }
  }

  public boolean subscribed(long subscriberId, long channelId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT 1 FROM subscriptions WHERE subscriber_id = ? AND channel_id = ?")) {
      s.setLong(1, subscriberId);
      s.setLong(2, channelId);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  public long subscriberCount(long channelId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT COUNT(*) FROM subscriptions WHERE channel_id = ?")) {
      s.setLong(1, channelId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The channels the user follows, most recently followed first. */
  public List<Map<String, Object>> list(long subscriberId) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT u.handle, u.display_name, s.created_at,"
                    + " (SELECT COUNT(*) FROM subscriptions x WHERE x.channel_id = u.id)"
                    + " FROM subscriptions s JOIN users u ON u.id = s.channel_id"
                    + " WHERE s.subscriber_id = ? AND u.status = 'ACTIVE'"
                    + " ORDER BY s.created_at DESC, u.id DESC")) {
      s.setLong(1, subscriberId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("handle", r.getString(1));
          item.put("displayName", r.getString(2));
          item.put("subscribedAt", r.getTimestamp(3).toInstant().toString());
          item.put("subscribers", r.getLong(4));
          out.add(item);
        }
      }
    }
    return out;
  }

  /** Everyone who follows the channel (the fan-out of its new video). */
  public List<Long> subscribersOf(long channelId) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT subscriber_id FROM subscriptions WHERE channel_id = ?"
                    + " ORDER BY subscriber_id")) {
      s.setLong(1, channelId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getLong(1));
        }
      }
    }
    return ids;
  }

  /** Queues the video for the next digest of every opted-in subscriber of the channel. */
  public int queueDigest(long channelId, String videoKey) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT IGNORE INTO subscription_mail (user_id, videoKey)"
                    + " SELECT s.subscriber_id, ? FROM subscriptions s"
                    + " JOIN subscription_preferences p ON p.user_id = s.subscriber_id"
                    + " WHERE s.channel_id = ? AND p.email_digest = TRUE")) {
      s.setString(1, videoKey);
      s.setLong(2, channelId);
      return s.executeUpdate();
    }
  }

  /** A user's e-mail choices: the digest (off by default), report outcomes (on by default). */
  public record EmailChoices(boolean digest, boolean reportOutcomes) {}

  public EmailChoices emailChoices(long userId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT email_digest, report_outcome_email FROM subscription_preferences"
                    + " WHERE user_id = ?")) {
      s.setLong(1, userId);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? new EmailChoices(r.getBoolean(1), r.getBoolean(2))
            : new EmailChoices(false, true);
      }
    }
  }

  /** Whether reporters get an e-mail when their report is decided (moderation's ReportMail). */
  public void reportOutcomeEmail(long userId, boolean enabled) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO subscription_preferences (user_id, report_outcome_email)"
                    + " VALUES (?, ?) ON DUPLICATE KEY UPDATE"
                    + " report_outcome_email = VALUES(report_outcome_email),"
                    + " updated_at = CURRENT_TIMESTAMP(3)")) {
      s.setLong(1, userId);
      s.setBoolean(2, enabled);
      s.executeUpdate();
    }
  }

  public void emailDigest(long userId, boolean enabled) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO subscription_preferences (user_id, email_digest) VALUES (?, ?)"
                    + " ON DUPLICATE KEY UPDATE email_digest = VALUES(email_digest),"
                    + " updated_at = CURRENT_TIMESTAMP(3)")) {
      s.setLong(1, userId);
      s.setBoolean(2, enabled);
      s.executeUpdate();
    }
    if (!enabled) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM subscription_mail WHERE user_id = ? AND batch IS NULL")) {
        s.setLong(1, userId);
        s.executeUpdate();
      }
    }
  }
}
