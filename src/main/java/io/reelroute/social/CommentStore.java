package io.reelroute.social;

import io.reelroute.common.Statements;
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

  /**
   * The comments viewers see, as a condition on {@code c} with its author {@code u}, the top-level
   * comment it answers {@code p} and that one's author {@code pu} (left joins): the author's
   * account is not disabled, nor is that of the comment a reply answers (whose replies are
   * unreachable). The video's comment counter counts exactly these; a comment's reply count, its
   * replies whose author is not disabled.
   */
  private static final String SHOWN_FROM =
      " FROM comments c JOIN users u ON u.id = c.user_id"
          + " LEFT JOIN comments p ON p.id = c.parent_id LEFT JOIN users pu ON pu.id = p.user_id"
          + " WHERE u.status <> 'DISABLED' AND (c.parent_id IS NULL OR pu.status <> 'DISABLED')";

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

  /**
   * Holds the author's account (a shared lock on its row, for the comment's transaction) so that a
   * disable waits for the comment and then counts it out, or the comment waits for the disable and
   * is refused (401 like the token's next request).
   */
  static void lockAuthor(Connection c, long userId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT status FROM users WHERE id = ? LOCK IN SHARE MODE")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !"ACTIVE".equals(rs.getString(1))) {
          throw io.reelroute.common.ApiException.unauthorized(
              "invalid-token", "The access token is no longer valid");
        }
      }
    }
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

  /**
   * Deletes a locked comment (and the replies of a top-level one) and fixes the counts. The row is
   * one of a visible author ({@link #find}), so it is counted unless it answers a hidden comment.
   */
  static void remove(Connection c, Row row) throws SQLException {
    long removed = 1;
    if (row.parentId() == null) {
      removed += row.replyCount(); // exact: replies lock this row before they count
    } else {
      update(
          c,
          "UPDATE comments SET reply_count = GREATEST(reply_count - 1, 0) WHERE id = ?",
          row.parentId());
      // the parent is locked now: a disable of its author has committed, or waits for us
      if (find(c, row.parentId()) == null) {
        removed = 0; // a reply to a hidden comment: never in the video's count
      }
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

  /**
   * Counts again, from the rows, what an account's comments on one video hold (the video's comment
   * counter and the reply counts of the top-level comments they are or answer), after the account
   * was disabled or enabled in this transaction. Locks as a new comment does: the top-level
   * comments, then the video's counters; counts are read after the locks, so a comment committed
   * meanwhile is counted once. Returns whether the video's counter changed.
   */
  static boolean recount(Connection c, String videoKey, long userId) throws SQLException {
    List<Long> parents =
        Statements.longs(
            c,
            "SELECT id FROM comments WHERE videoKey = ? AND parent_id IS NULL AND (user_id = ?"
                + " OR id IN (SELECT r.parent_id FROM comments r WHERE r.videoKey = ?"
                + " AND r.user_id = ? AND r.parent_id IS NOT NULL)) ORDER BY id FOR UPDATE",
            videoKey,
            userId,
            videoKey,
            userId);
    for (long parent : parents) {
      long replies =
          Statements.longValue(
              c,
              "SELECT COUNT(*) FROM comments c JOIN users u ON u.id = c.user_id"
                  + " WHERE c.parent_id = ? AND u.status <> 'DISABLED'",
              parent);
      Statements.update(
          c,
          "UPDATE comments SET reply_count = ? WHERE id = ? AND reply_count <> ?",
          replies,
          parent,
          replies);
    }
    if (!Statements.exists(
        c, "SELECT comments FROM video_stats WHERE videoKey = ? FOR UPDATE", videoKey)) {
      return false; // never commented: nothing counted
    }
    long shown =
        Statements.longValue(c, "SELECT COUNT(*)" + SHOWN_FROM + " AND c.videoKey = ?", videoKey);
    return Statements.update(
            c,
            "UPDATE video_stats SET comments = ? WHERE videoKey = ? AND comments <> ?",
            shown,
            videoKey,
            shown)
        == 1;
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
    if (!Statements.exists(c, "SELECT id FROM comments WHERE id = ? FOR UPDATE", id)) {
      return null;
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
    Statements.update(c, sql, id);
  }
}
