package io.reelroute.social;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What moderation (issue 15) needs of comments: the comment a user reports, as that user may see
 * it, and its removal by a moderator (replies and counts as when its author deletes it).
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
