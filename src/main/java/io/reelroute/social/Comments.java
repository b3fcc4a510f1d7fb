package io.reelroute.social;

import io.reelroute.auth.Handles;
import io.reelroute.auth.RateLimiter;
import io.reelroute.common.ApiException;
import io.reelroute.common.Transactions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
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

  static final int MAX_CHARS = 2_000;

  /** One page of a listing and the next page's cursor (null at the end). */
  record Page(List<Map<String, Object>> items, String nextCursor) {}

  private static final String SELECT =
      "SELECT c.id, c.videoKey, c.parent_id, c.body, c.reply_count, c.created_at, c.edited_at,"
          + " c.user_id, u.handle, u.display_name FROM comments c JOIN users u ON u.id = c.user_id";

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
    boolean top = sort(sort);
    int size = limit(limit);
    long[] after = decode(cursor, top ? "t" : "n", top ? 2 : 1);
    try (Connection c = dataSource.getConnection()) {
      VideoAccess video = VideoAccess.require(c, videoKey, callerId);
      StringBuilder sql =
          new StringBuilder(SELECT).append(" WHERE c.videoKey = ? AND c.parent_id IS NULL");
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
        List<Row> rows = rows(ps);
        return page(rows, size, callerId, video.ownerId(), top);
      }
    }
  }

  /** GET /api/comments/{commentId}/replies?cursor&limit: replies, oldest first. */
  Page replies(Long callerId, long commentId, String cursor, String limit) throws SQLException {
    int size = limit(limit);
    long[] after = decode(cursor, "r", 1);
    try (Connection c = dataSource.getConnection()) {
      Row parent = find(c, commentId);
      if (parent == null || parent.parentId() != null) {
        throw notFound();
      }
      VideoAccess video = visible(c, parent, callerId);
      String sql =
          SELECT
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
        List<Row> rows = rows(ps);
        boolean more = rows.size() > size;
        List<Row> shown = more ? rows.subList(0, size) : rows;
        List<Map<String, Object>> items = new ArrayList<>();
        for (Row row : shown) {
          items.add(render(row, callerId, video.ownerId()));
        }
        String next = more ? encode("r", shown.get(shown.size() - 1).id()) : null;
        return new Page(items, next);
      }
    }
  }

  // --- writes ----------------------------------------------------------------------------------

  /** POST /api/videos/{videoKey}/comments {body, parentId?}. */
  Map<String, Object> post(
      long callerId, String callerName, String videoKey, String body, Long parentId)
      throws SQLException {
    String text = body(body);
    long wait = limiter.count("comment:user:" + callerId, settings.commentRateMax());
    if (wait > 0) {
      throw ApiException.tooManyRequests(
          "rate-limited", "Too many comments; try again in " + wait + " seconds", (int) wait);
    }
    long id =
        Transactions.readCommitted(
            dataSource,
            c -> {
              VideoAccess video = VideoAccess.requireReady(c, videoKey, callerId);
              Long parentAuthor = null;
              if (parentId != null) {
                Row parent = lock(c, parentId);
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
              long newId;
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO comments (videoKey, user_id, parent_id, body) VALUES (?, ?, ?, ?)",
                      Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, videoKey);
                ps.setLong(2, callerId);
                ps.setObject(3, parentId);
                ps.setString(4, text);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                  keys.next();
                  newId = keys.getLong(1);
                }
              }
              if (parentId != null) {
                update(
                    c, "UPDATE comments SET reply_count = reply_count + 1 WHERE id = ?", parentId);
              }
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO video_stats (videoKey, comments) VALUES (?, 1)"
                          + " ON DUPLICATE KEY UPDATE comments = comments + 1")) {
                ps.setString(1, videoKey);
                ps.executeUpdate();
              }
              if (video.ownerId() != callerId) {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "INSERT INTO comment_mail (comment_id, owner_id) VALUES (?, ?)")) {
                  ps.setLong(1, newId);
                  ps.setLong(2, video.ownerId());
                  ps.executeUpdate();
                }
                if (parentAuthor == null || parentAuthor != video.ownerId()) {
                  notifications.comment(c, video, callerName, text);
                }
              }
              // one notification per event: a reply to the owner's own comment is told as a reply
              if (parentAuthor != null && parentAuthor != callerId) {
                notifications.reply(c, video, parentAuthor, callerName, text);
                if (parentAuthor != video.ownerId()) {
                  // the owner's digest has it already; the comment's author gets it in theirs
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "INSERT INTO comment_mail (comment_id, owner_id) VALUES (?, ?)")) {
                    ps.setLong(1, newId);
                    ps.setLong(2, parentAuthor);
                    ps.executeUpdate();
                  }
                }
              }
              return newId;
            });
    try (Connection c = dataSource.getConnection()) {
      VideoAccess video = VideoAccess.require(c, videoKey, callerId);
      return render(find(c, id), callerId, video.ownerId());
    }
  }

  /** PATCH /api/comments/{commentId} {body}: the author alone. */
  Map<String, Object> edit(long callerId, long commentId, String body) throws SQLException {
    String text = body(body);
    return Transactions.readCommitted(
        dataSource,
        c -> {
          Row row = lock(c, commentId);
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
          return render(find(c, commentId), callerId, video.ownerId());
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
          Row row = lock(c, commentId);
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
          remove(c, row);
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
                Row row = lock(c, id);
                if (row == null) {
                  return null; // went with its top-level comment
                }
                remove(c, row);
                return row.videoKey();
              });
      if (key != null) {
        touched.add(key);
      }
    }
    return touched;
  }

  /** Deletes a locked comment (and the replies of a top-level one) and fixes the counts. */
  private static void remove(Connection c, Row row) throws SQLException {
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

  // --- rules -----------------------------------------------------------------------------------

  /** A comment body: plain text, 1 to 2,000 characters after trimming, no control characters. */
  static String body(String value) {
    if (value == null) {
      throw ApiException.invalidField("body", "Field 'body' is required");
    }
    String text = value.replace("\r\n", "\n").strip();
    if (text.isEmpty()) {
      throw ApiException.invalidField("body", "A comment must not be empty");
    }
    if (text.codePointCount(0, text.length()) > MAX_CHARS) {
      throw ApiException.invalidField(
          "body", "A comment must be at most " + MAX_CHARS + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      boolean allowed = ch == '\n' || ch == '\t';
      boolean badSurrogate =
          Character.isHighSurrogate(ch)
              ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
              : Character.isLowSurrogate(ch)
                  && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
      if ((Character.isISOControl(ch) && !allowed) || badSurrogate) {
        throw ApiException.invalidField("body", "A comment must not contain control characters");
      }
    }
    return text;
  }

  private static boolean sort(String sort) {
    if (sort == null || sort.isEmpty() || sort.equals("newest")) {
      return false;
    }
    if (sort.equals("top")) {
      return true;
    }
    throw ApiException.invalidField("sort", "sort must be newest or top");
  }

  private int limit(String raw) {
    int max = settings.commentMaxPageSize();
    if (raw == null || raw.isEmpty()) {
      return settings.commentPageSize();
    }
    if (raw.length() > 4 || !raw.chars().allMatch(Character::isDigit)) {
      throw ApiException.invalidField("limit", "limit must be a whole number from 1 to " + max);
    }
    int limit = Integer.parseInt(raw);
    if (limit < 1 || limit > max) {
      throw ApiException.invalidField("limit", "limit must be a whole number from 1 to " + max);
    }
    return limit;
  }

  static String encode(String kind, long... values) {
    StringBuilder text = new StringBuilder(kind);
    for (long v : values) {
      text.append(':').append(v);
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Null for no cursor; 400 for one we did not issue for this listing. */
  static long[] decode(String raw, String kind, int count) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      if (raw.length() > 64) {
        throw new IllegalArgumentException();
      }
      String[] parts =
          new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8).split(":", -1);
      if (parts.length != count + 1 || !parts[0].equals(kind)) {
        throw new IllegalArgumentException();
      }
      long[] values = new long[count];
      for (int i = 0; i < count; i++) {
        values[i] = Long.parseLong(parts[i + 1]);
        if (values[i] < 0) {
          throw new IllegalArgumentException();
        }
      }
      return values;
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField("cursor", "cursor is not one this API issued");
    }
  }

  private static ApiException notFound() {
    return new ApiException(404, "not-found", "No such comment", "commentId", null);
  }

  /** The comment's video, if the caller may see it; else the comment does not exist for them. */
  private static VideoAccess visible(Connection c, Row row, Long callerId) throws SQLException {
    try {
      return VideoAccess.require(c, row.videoKey(), callerId);
    } catch (ApiException hidden) {
      throw notFound();
    }
  }

  // --- rows ------------------------------------------------------------------------------------

  private record Row(
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

  private Page page(List<Row> rows, int size, Long callerId, long ownerId, boolean top)
      throws SQLException {
    boolean more = rows.size() > size;
    List<Row> shown = more ? rows.subList(0, size) : rows;
    List<Map<String, Object>> items = new ArrayList<>();
    for (Row row : shown) {
      items.add(render(row, callerId, ownerId));
    }
    String next = null;
    if (more) {
      Row last = shown.get(shown.size() - 1);
      next = top ? encode("t", last.replyCount(), last.id()) : encode("n", last.id());
    }
    return new Page(items, next);
  }

  private Map<String, Object> render(Row row, Long callerId, long ownerId) throws SQLException {
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

  private static Row find(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE c.id = ?")) {
      ps.setLong(1, id);
      List<Row> rows = rows(ps);
      return rows.isEmpty() ? null : rows.get(0);
    }
  }

  private static Row lock(Connection c, long id) throws SQLException {
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

  private static List<Row> rows(PreparedStatement ps) throws SQLException {
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

  private static void update(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }
}
