package io.reelroute.social;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The notifications table (V4): a user's in-app notifications of their videos' events (stored once
 * per event id) and of comments on them ({@link Notifications}, in the comment's transaction); the
 * list, unread count and mark-read of /api/me/notifications.
 */
public final class NotificationStore {

  private final DataSource dataSource;

  public NotificationStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores the owner's notification of an event once: false if this event id was stored already
   * (the event was published again).
   */
  public boolean notifyOnce(
      String eventId,
      String videoKey,
      long userId,
      String kind,
      String title,
      String body,
      String link)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT IGNORE INTO notifications (event_id, user_id, kind, videoKey, title, body,"
                    + " link) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, eventId);
      s.setLong(2, userId);
      s.setString(3, kind);
      s.setString(4, videoKey);
      s.setString(5, title);
      s.setString(6, body);
      s.setString(7, link);
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Stores one notification of an event for each of the users (a followed channel's new video),
   * once per (event, user): the row's event id is a name-based UUID of both, so a republished event
   * adds nothing. Returns the number of rows stored now.
   */
  public int notifyEach(
      String eventId,
      List<Long> userIds,
      String kind,
      String videoKey,
      String title,
      String body,
      String link)
      throws SQLException {
    if (userIds.isEmpty()) {
      return 0;
    }
    int stored = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT IGNORE INTO notifications (event_id, user_id, kind, videoKey, title, body,"
                    + " link) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      int pending = 0;
      for (long userId : userIds) {
        s.setString(1, perUser(eventId, userId));
        s.setLong(2, userId);
        s.setString(3, kind);
        s.setString(4, videoKey);
        s.setString(5, title);
        s.setString(6, body);
        s.setString(7, link);
        s.addBatch();
        if (++pending == 500) {
          stored += inserted(s.executeBatch());
          pending = 0;
        }
      }
      if (pending > 0) {
        stored += inserted(s.executeBatch());
      }
    }
    return stored;
  }

  /** The 36-character event id of one user's copy of an event's notification. */
  static String perUser(String eventId, long userId) {
    return java.util
        .UUID
        .nameUUIDFromBytes(
            (eventId + ":" + userId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  private static int inserted(int[] counts) {
    int n = 0;
    for (int count : counts) {
      n += count > 0 || count == java.sql.Statement.SUCCESS_NO_INFO ? 1 : 0;
    }
    return n;
  }

  /** A notification as the API returns it. */
  public record Notification(
      long id,
      String kind,
      String videoKey,
      String title,
      String body,
      String link,
      Instant createdAt,
      boolean read) {}

  public List<Notification> notifications(long userId, int limit) throws SQLException {
    List<Notification> list = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, kind, videoKey, title, body, link, created_at, read_at"
                    + " FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC"
                    + " LIMIT ?")) {
      s.setLong(1, userId);
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Timestamp created = r.getTimestamp(7);
          list.add(
              new Notification(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  created == null ? null : created.toInstant(),
                  r.getTimestamp(8) != null));
        }
      }
    }
    return list;
  }

  public int unreadCount(long userId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL")) {
      s.setLong(1, userId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** Marks the given notifications (or all when ids is empty) of this user read. */
  public int markRead(long userId, List<Long> ids) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "UPDATE notifications SET read_at = NOW(3) WHERE user_id = ? AND read_at IS NULL");
    if (!ids.isEmpty()) {
      sql.append(" AND id IN (").append("?,".repeat(ids.size() - 1)).append("?)");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql.toString())) {
      s.setLong(1, userId);
      for (int i = 0; i < ids.size(); i++) {
        s.setLong(i + 2, ids.get(i));
      }
      return s.executeUpdate();
    }
  }

  /**
   * One notification row on the caller's connection (its transaction); also moderation's outcome
   * notices to reporters and owners (issue 15).
   */
  public static void insert(
      Connection c,
      long userId,
      String kind,
      String videoKey,
      String title,
      String body,
      String link)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO notifications (user_id, kind, videoKey, title, body, link)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, userId);
      ps.setString(2, kind);
      ps.setString(3, videoKey);
      ps.setString(4, title);
      ps.setString(5, body);
      ps.setString(6, link);
      ps.executeUpdate();
    }
  }
}
