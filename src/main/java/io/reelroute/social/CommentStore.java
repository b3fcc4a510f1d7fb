package io.reelroute.social;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of comments: reading rows with their authors, locking one, adding one with the counts it
 * changes (reply count, the video's comment count, the owners' mail digest queue), and removing one
 * with the replies of a top-level comment.
 */
final class CommentStore {

  static final String SELECT =
      "SELECT c.id, c.videoKey, c.parent_id, c.body, c.reply_count, c.created_at, c.edited_at,"
          + " c.user_id, u.handle, u.display_name FROM comments c JOIN users u ON u.id = c.user_id"
          // the comments of a disabled account are hidden (issue 15)
          + " AND u.status <> 'DISABLED'";

  private CommentStore() {}

  /** One comment with its author. */
  record Row(
      long id,
      String videoKey,
      Long parentId,
      String body,
      int replyCount,
      Timestamp createdAt,
      Timestamp editedAt,
      long userId,
      String handle,
      String displayName) {}

  /** Adds a comment and counts it (parent's replies, the video's comments); returns its id. */
  static long insert(Connection c, String videoKey, long userId, Long parentId, String text)
      throws SQLException {
    long newId;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO comments (videoKey, user_id, parent_id, body) VALUES (?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, videoKey);
      ps.setLong(2, userId);
      ps.setObject(3, parentId);
      ps.setString(4, text);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        newId = keys.getLong(1);
      }
    }
    if (parentId != null) {
      update(c, "UPDATE comments SET reply_count = reply_count + 1 WHERE id = ?", parentId);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO video_stats (videoKey, comments) VALUES (?, 1)"
                + " ON DUPLICATE KEY UPDATE comments = comments + 1")) {
      ps.setString(1, videoKey);
      ps.executeUpdate();
    }
    return newId;
  }

  /** Queues the comment for the user's e-mail digest. */
  static void queueMail(Connection c, long commentId, long userId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO comment_mail (comment_id, owner_id) VALUES (?, ?)")) {
      ps.setLong(1, commentId);
      ps.setLong(2, userId);
      ps.executeUpdate();
    }
  }

  /** Deletes a locked comment (and the replies of a top-level one) and fixes the counts. */
  static void remove(Connection c, Row row) throws SQLException {
    long removed = 1;
    if (row.parentId() == null) {
      removed += row.replyCount(); // exact: replies lock this row before they count
    } else {
      update(
          c,
          "UPDATE comments SET reply_count = GREATEST(reply_count - 1, 0) WHERE id = ?",
          row.parentId());
    }
    update(c, "DELETE FROM comments WHERE id = ?", row.id());
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE video_stats SET comments = GREATEST(CAST(comments AS SIGNED) - ?, 0)"
                + " WHERE videoKey = ?")) {
      ps.setLong(1, removed);
      ps.setString(2, row.videoKey());
      ps.executeUpdate();
    }
  }

  static Row find(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE c.id = ?")) {
      ps.setLong(1, id);
      List<Row> rows = rows(ps);
      return rows.isEmpty() ? null : rows.get(0);
    }
  }

  /** Locks the comment row (FOR UPDATE) and reads it; null when it is gone. */
  static Row lock(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM comments WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
      }
    }
    return find(c, id);
  }

  static List<Row> rows(PreparedStatement ps) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long parent = rs.getLong(3);
        Long parentId = rs.wasNull() ? null : parent;
        rows.add(
            new Row(
                rs.getLong(1),
                rs.getString(2),
                parentId,
                rs.getString(4),
                rs.getInt(5),
                rs.getTimestamp(6),
                rs.getTimestamp(7),
                rs.getLong(8),
                rs.getString(9),
                rs.getString(10)));
      }
    }
    return rows;
  }

  static void update(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }
}
