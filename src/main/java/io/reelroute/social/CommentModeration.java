package io.reelroute.social;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What moderation (issue 15) needs of comments: the comment a user reports, as that user may see
 * it, its removal by a moderator (replies and counts as when its author deletes it), and the counts
 * of an account's comments once it is disabled or enabled (hidden comments are not counted).
 */
public final class CommentModeration {

  /** A comment with its video and author. */
  public record Target(long id, String videoKey, long authorId, String body) {}

  private CommentModeration() {}

  /** The comment as the caller sees it, or null when it is unknown or not visible to them. */
  public static Target visible(Connection c, long commentId, long callerId) throws SQLException {
    CommentStore.Row row = CommentStore.find(c, commentId);
    if (row == null) {
      return null;
    }
    try {
      VideoAccess.require(c, row.videoKey(), callerId);
    } catch (io.reelroute.common.ApiException hidden) {
      return null;
    }
    return new Target(row.id(), row.videoKey(), row.userId(), row.body());
  }

  /**
   * After the account was disabled or enabled in the caller's transaction: the comment counts its
   * comments touch are counted again, so that viewers' counts (the video's comments in its detail
   * and listings, a comment's replies) hold only the comments they can see. Returns the videos
   * whose comment counter changed (their cached views are stale).
   */
  public static Set<String> recount(Connection c, long userId) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT videoKey FROM comments WHERE user_id = ? ORDER BY videoKey")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
    }
    Set<String> changed = new TreeSet<>();
    for (String key : keys) { // in key order: two recounts never wait for each other in a circle
      if (CommentStore.recount(c, key, userId)) {
        changed.add(key);
      }
    }
    return changed;
  }

  /** Removes the comment (and its replies) in the caller's transaction; null when gone. */
  public static Target remove(Connection c, long commentId) throws SQLException {
    CommentStore.Row row = CommentStore.lock(c, commentId);
    if (row == null) {
      return null;
    }
    CommentStore.remove(c, row);
    return new Target(row.id(), row.videoKey(), row.userId(), row.body());
  }
}
