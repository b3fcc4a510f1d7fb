package io.reelroute.social;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * In-app notifications of comments and replies, written into the pipeline's notifications table
 * (V4) in the comment's own transaction: a comment and its notification exist together or not at
 * all.
 */
final class Notifications {

  static final String KIND = "COMMENT";
  static final String REPLY_KIND = "COMMENT_REPLY";

  /** The video's owner: someone commented on their video. */
  void comment(Connection c, VideoAccess video, String authorName, String text)
      throws SQLException {
    insert(
        c,
        video.ownerId(),
        KIND,
        video,
        "New comment on " + quoted(video.title()),
        authorName + ": " + text);
  }

  /** A comment's author: someone replied to their comment. */
  void reply(Connection c, VideoAccess video, long parentAuthor, String authorName, String text)
      throws SQLException {
    insert(
        c,
        parentAuthor,
        REPLY_KIND,
        video,
        authorName + " replied to your comment on " + quoted(video.title(), "a video"),
        authorName + ": " + text);
  }

  private void insert(
      Connection c, long userId, String kind, VideoAccess video, String title, String body)
      throws SQLException {
    NotificationStore.insert(
        c,
        userId,
        kind,
        video.videoKey(),
        cut(title, 200),
        cut(body, 2000),
        "/watch/" + video.videoKey());
  }

  static String quoted(String title) {
    return quoted(title, "your video");
  }

  static String quoted(String title, String untitled) {
    return title == null || title.isBlank() ? untitled : "\u201c" + title + "\u201d";
  }

  static String cut(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "\u2026";
  }
}
