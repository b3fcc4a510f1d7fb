package io.reelroute.social;

import io.reelroute.auth.Handles;
import io.reelroute.auth.RateLimiter;
import io.reelroute.common.ApiException;
import io.reelroute.common.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Comments on videos: top-level comments listed newest first or top (most replies) with keyset
 * cursors, one level of replies listed oldest first, edit by the author, delete by the author or
 * the video's owner. Bodies are plain text kept as written (clients render them as text, never as
 * HTML). A comment on someone else's video notifies the owner in the app at once and queues the
 * owner's e-mail digest. Posting is rate-limited per user (counted in the database).
 */
final class Comments {

  /** One page of a listing and the next page's cursor (null at the end). */
  record Page(List<Map<String, Object>> items, String nextCursor) {}

  private final DataSource dataSource;
  private final SocialSettings settings;
  private final RateLimiter limiter;
  private final Notifications notifications;

  Comments(
      DataSource dataSource,
      SocialSettings settings,
      RateLimiter limiter,
      Notifications notifications) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.limiter = limiter;
    this.notifications = notifications;
  }

  // --- reads -----------------------------------------------------------------------------------

  /** GET /api/videos/{videoKey}/comments?sort=newest|top&cursor&limit: top-level comments. */
  Page list(Long callerId, String videoKey, String sort, String cursor, String limit)
      throws SQLException {
    boolean top = CommentRules.sort(sort);
    int size = CommentRules.limit(settings, limit);
    long[] after = CommentRules.decode(cursor, top ? "t" : "n", top ? 2 : 1);
    try (Connection c = dataSource.getConnection()) {
      VideoAccess video = VideoAccess.require(c, videoKey, callerId);
      StringBuilder sql =
          new StringBuilder(CommentStore.SELECT)
              .append(" WHERE c.videoKey = ? AND c.parent_id IS NULL");
      if (after != null) {
        sql.append(
            top ? " AND (c.reply_count < ? OR (c.reply_count = ? AND c.id < ?))" : " AND c.id < ?");
      }
      sql.append(top ? " ORDER BY c.reply_count DESC, c.id DESC" : " ORDER BY c.id DESC");
      sql.append(" LIMIT ?");
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 1;
        ps.setString(i++, videoKey);
        if (after != null) {
          if (top) {
            ps.setLong(i++, after[0]);
            ps.setLong(i++, after[0]);
            ps.setLong(i++, after[1]);
          } else {
            ps.setLong(i++, after[0]);
          }
        }
        ps.setInt(i, size + 1);
        List<CommentStore.Row> rows = CommentStore.rows(ps);
        return page(rows, size, callerId, video.ownerId(), top);
      }
    }
  }

  /** GET /api/comments/{commentId}/replies?cursor&limit: replies, oldest first. */
  Page replies(Long callerId, long commentId, String cursor, String limit) throws SQLException {
    int size = CommentRules.limit(settings, limit);
    long[] after = CommentRules.decode(cursor, "r", 1);
    try (Connection c = dataSource.getConnection()) {
      CommentStore.Row parent = CommentStore.find(c, commentId);
      if (parent == null || parent.parentId() != null) {
        throw notFound();
      }
      VideoAccess video = visible(c, parent, callerId);
      String sql =
          CommentStore.SELECT
              + " WHERE c.parent_id = ?"
              + (after == null ? "" : " AND c.id > ?")
              + " ORDER BY c.id ASC LIMIT ?";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setLong(i++, commentId);
        if (after != null) {
          ps.setLong(i++, after[0]);
        }
        ps.setInt(i, size + 1);
        List<CommentStore.Row> rows = CommentStore.rows(ps);
        boolean more = rows.size() > size;
        List<CommentStore.Row> shown = more ? rows.subList(0, size) : rows;
        List<Map<String, Object>> items = new ArrayList<>();
        for (CommentStore.Row row : shown) {
          items.add(render(row, callerId, video.ownerId()));
        }
        String next = more ? CommentRules.encode("r", shown.get(shown.size() - 1).id()) : null;
        return new Page(items, next);
      }
    }
  }

  // --- writes ----------------------------------------------------------------------------------

  /** POST /api/videos/{videoKey}/comments {body, parentId?}. */
  Map<String, Object> post(
      long callerId, String callerName, String videoKey, String body, Long parentId)
      throws SQLException {
    String text = CommentRules.body(body);
    long wait = limiter.count("comment:user:" + callerId, settings.commentRateMax());
    if (wait > 0) {
      throw ApiException.tooManyRequests(
          "rate-limited", "Too many comments; try again in " + wait + " seconds", (int) wait);
    }
    long id =
        Transactions.readCommitted(
            dataSource,
            c -> {
              CommentStore.lockAuthor(c, callerId);
              VideoAccess video = VideoAccess.requireReady(c, videoKey, callerId);
              Long parentAuthor = null;
              if (parentId != null) {
                CommentStore.Row parent = CommentStore.lock(c, parentId);
                if (parent == null || !parent.videoKey().equals(videoKey)) {
                  throw ApiException.invalidField(
                      "parentId", "parentId is not a comment of this video");
                }
                if (parent.parentId() != null) {
                  throw ApiException.invalidField(
                      "parentId", "Replies are one level deep: reply to the top-level comment");
                }
                parentAuthor = parent.userId();
              }
              long newId = CommentStore.insert(c, videoKey, callerId, parentId, text);
              Map<String, Object> event = new java.util.LinkedHashMap<>();
              event.put("commentId", newId);
              event.put("videoKey", videoKey);
              event.put("parentId", parentId);
              event.put("authorName", callerName);
              event.put("text", text);
              // the video's owner hears of it (their webhooks), in the comment's own transaction
              io.reelroute.events.Events.record(
                  c,
                  io.reelroute.events.EventType.COMMENT_CREATED,
                  video.ownerId(),
                  videoKey,
                  event);
              if (video.ownerId() != callerId) {
                CommentStore.queueMail(c, newId, video.ownerId());
                if (parentAuthor == null || parentAuthor != video.ownerId()) {
                  notifications.comment(c, video, callerName, text);
                }
              }
              // one notification per event: a reply to the owner's own comment is told as a reply
              if (parentAuthor != null && parentAuthor != callerId) {
                notifications.reply(c, video, parentAuthor, callerName, text);
                if (parentAuthor != video.ownerId()) {
                  // the owner's digest has it already; the comment's author gets it in theirs
                  CommentStore.queueMail(c, newId, parentAuthor);
                }
              }
              return newId;
            });
    try (Connection c = dataSource.getConnection()) {
      VideoAccess video = VideoAccess.require(c, videoKey, callerId);
      return render(CommentStore.find(c, id), callerId, video.ownerId());
    }
  }

  /** PATCH /api/comments/{commentId} {body}: the author alone. */
  Map<String, Object> edit(long callerId, long commentId, String body) throws SQLException {
    String text = CommentRules.body(body);
    return Transactions.readCommitted(
        dataSource,
        c -> {
          CommentStore.Row row = CommentStore.lock(c, commentId);
          if (row == null) {
            throw notFound();
          }
          VideoAccess video = visible(c, row, callerId);
          if (row.userId() != callerId) {
            throw new ApiException(
                403, "not-author", "Only the author may edit a comment", "commentId", null);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE comments SET body = ?, edited_at = CURRENT_TIMESTAMP(3) WHERE id = ?")) {
            ps.setString(1, text);
            ps.setLong(2, commentId);
            ps.executeUpdate();
          }
          return render(CommentStore.find(c, commentId), callerId, video.ownerId());
        });
  }

  /**
   * DELETE /api/comments/{commentId}: the author or the video's owner; replies go with it. Returns
   * the video's key.
   */
  String delete(long callerId, long commentId) throws SQLException {
    return Transactions.readCommitted(
        dataSource,
        c -> {
          CommentStore.Row row = CommentStore.lock(c, commentId);
          if (row == null) {
            throw notFound();
          }
          VideoAccess video = visible(c, row, callerId);
          if (row.userId() != callerId && video.ownerId() != callerId) {
            throw new ApiException(
                403,
                "not-author",
                "Only the author or the video's owner may delete a comment",
                "commentId",
                null);
          }
          CommentStore.remove(c, row);
          return row.videoKey();
        });
  }

  /**
   * Account deletion: every comment of the user, with the replies of the top-level ones and the
   * counts they held, whatever the videos' visibility now. Returns the videos touched.
   */
  java.util.Set<String> removeAllOf(long userId) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                // top-level comments first: their replies go with them
                "SELECT id FROM comments WHERE user_id = ? ORDER BY parent_id IS NOT NULL, id")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    java.util.Set<String> touched = new java.util.TreeSet<>();
    for (long id : ids) {
      String key =
          Transactions.readCommitted(
              dataSource,
              c -> {
                CommentStore.Row row = CommentStore.lock(c, id);
                if (row == null) {
                  return null; // went with its top-level comment
                }
                CommentStore.remove(c, row);
                return row.videoKey();
              });
      if (key != null) {
        touched.add(key);
      }
    }
    return touched;
  }

  private static ApiException notFound() {
    return new ApiException(404, "not-found", "No such comment", "commentId", null);
  }

  /** The comment's video, if the caller may see it; else the comment does not exist for them. */
  private static VideoAccess visible(Connection c, CommentStore.Row row, Long callerId)
      throws SQLException {
    try {
      return VideoAccess.require(c, row.videoKey(), callerId);
    } catch (ApiException hidden) {
      throw notFound();
    }
  }

  private Page page(List<CommentStore.Row> rows, int size, Long callerId, long ownerId, boolean top)
      throws SQLException {
    boolean more = rows.size() > size;
    List<CommentStore.Row> shown = more ? rows.subList(0, size) : rows;
    List<Map<String, Object>> items = new ArrayList<>();
    for (CommentStore.Row row : shown) {
      items.add(render(row, callerId, ownerId));
    }
    String next = null;
    if (more) {
      CommentStore.Row last = shown.get(shown.size() - 1);
      next =
          top
              ? CommentRules.encode("t", last.replyCount(), last.id())
              : CommentRules.encode("n", last.id());
    }
    return new Page(items, next);
  }

  private Map<String, Object> render(CommentStore.Row row, Long callerId, long ownerId)
      throws SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", row.id());
    out.put("videoKey", row.videoKey());
    out.put("parentId", row.parentId());
    out.put("body", row.body());
    String handle =
        row.handle() != null
            ? row.handle()
            : Handles.ensure(dataSource, row.userId(), row.displayName());
    out.put("author", Map.of("handle", handle, "displayName", row.displayName()));
    out.put("createdAt", row.createdAt().toInstant().toString());
    out.put("editedAt", row.editedAt() == null ? null : row.editedAt().toInstant().toString());
    out.put("replyCount", row.replyCount());
    boolean mine = callerId != null && callerId == row.userId();
    out.put("mine", mine);
    out.put("canDelete", mine || (callerId != null && callerId == ownerId));
    return out;
  }
}
