package io.reelroute.social;

import io.reelroute.common.ApiException;
import io.reelroute.common.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Likes and dislikes: one row per user and video (the primary key), and the video's counters in
 * video_stats changed in the same transaction. Every change of one video first locks that video's
 * counter row, so concurrent clicks are applied one after another: the counters always equal the
 * rows (no double counts, no lost updates).
 */
final class Reactions {

  private final DataSource dataSource;

  Reactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** PUT /api/videos/{videoKey}/reaction {reaction: like|dislike|none}. */
  Map<String, Object> set(long userId, String videoKey, String reaction) throws SQLException {
    String wanted = parse(reaction);
    return Transactions.readCommitted(
        dataSource,
        c -> {
          VideoAccess.requireReady(c, videoKey, userId);
          lockCounters(c, videoKey);
          String old = current(c, videoKey, userId);
          if (!java.util.Objects.equals(old, wanted)) {
            if (wanted == null) {
              update(
                  c,
                  "DELETE FROM video_reactions WHERE videoKey = ? AND user_id = ?",
                  videoKey,
                  userId);
            } else if (old == null) {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO video_reactions (videoKey, user_id, reaction) VALUES (?, ?, ?)")) {
                ps.setString(1, videoKey);
                ps.setLong(2, userId);
                ps.setString(3, wanted);
                ps.executeUpdate();
              }
            } else {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE video_reactions SET reaction = ?, updated_at = CURRENT_TIMESTAMP(3)"
                          + " WHERE videoKey = ? AND user_id = ?")) {
                ps.setString(1, wanted);
                ps.setString(2, videoKey);
                ps.setLong(3, userId);
                ps.executeUpdate();
              }
            }
            int likes = ("LIKE".equals(wanted) ? 1 : 0) - ("LIKE".equals(old) ? 1 : 0);
            int dislikes = ("DISLIKE".equals(wanted) ? 1 : 0) - ("DISLIKE".equals(old) ? 1 : 0);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE video_stats SET likes = likes + ?, dislikes = dislikes + ?"
                        + " WHERE videoKey = ?")) {
              ps.setInt(1, likes);
              ps.setInt(2, dislikes);
              ps.setString(3, videoKey);
              ps.executeUpdate();
            }
          }
          return answer(c, videoKey, wanted);
        });
  }

  /**
   * Account deletion: takes back every reaction of the user and its count, whatever the videos'
   * visibility now. Returns the videos touched.
   */
  java.util.Set<String> removeAllOf(long userId) throws SQLException {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT videoKey FROM video_reactions WHERE user_id = ?")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
    }
    for (String videoKey : keys) {
      Transactions.readCommitted(
          dataSource,
          c -> {
            try {
              lockCounters(c, videoKey);
            } catch (io.reelroute.common.ApiException gone) {
              return null; // the video was deleted: its reactions went with it
            }
            String old = current(c, videoKey, userId);
            if (old != null) {
              update(
                  c,
                  "DELETE FROM video_reactions WHERE videoKey = ? AND user_id = ?",
                  videoKey,
                  userId);
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE video_stats SET likes = GREATEST(CAST(likes AS SIGNED) - ?, 0),"
                          + " dislikes = GREATEST(CAST(dislikes AS SIGNED) - ?, 0)"
                          + " WHERE videoKey = ?")) {
                ps.setInt(1, "LIKE".equals(old) ? 1 : 0);
                ps.setInt(2, "DISLIKE".equals(old) ? 1 : 0);
                ps.setString(3, videoKey);
                ps.executeUpdate();
              }
            }
            return null;
          });
    }
    return keys;
  }

  /** GET /api/videos/{videoKey}/reaction: the caller's reaction and the counts. */
  Map<String, Object> get(long userId, String videoKey) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      VideoAccess.require(c, videoKey, userId);
      return answer(c, videoKey, current(c, videoKey, userId));
    }
  }

  /** Creates the counter row if needed and locks it for the rest of the transaction. */
  static void lockCounters(Connection c, String videoKey) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO video_stats (videoKey) VALUES (?)"
                + " ON DUPLICATE KEY UPDATE videoKey = videoKey")) {
      ps.setString(1, videoKey);
      ps.executeUpdate();
    } catch (SQLIntegrityConstraintViolationException deleted) {
      throw VideoAccess.notFound(); // the video went away meanwhile
    }
  }

  private static String current(Connection c, String videoKey, long userId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT reaction FROM video_reactions WHERE videoKey = ? AND user_id = ?")) {
      ps.setString(1, videoKey);
      ps.setLong(2, userId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static Map<String, Object> answer(Connection c, String videoKey, String reaction)
      throws SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("videoKey", videoKey);
    out.put("reaction", reaction == null ? "none" : reaction.toLowerCase(Locale.ROOT));
    long likes = 0;
    long dislikes = 0;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT likes, dislikes FROM video_stats WHERE videoKey = ?")) {
      ps.setString(1, videoKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          likes = rs.getLong(1);
          dislikes = rs.getLong(2);
        }
      }
    }
    out.put("likes", likes);
    out.put("dislikes", dislikes);
    return out;
  }

  /** like | dislike | none (any case) -> LIKE | DISLIKE | null; anything else is a 400. */
  static String parse(String reaction) {
    if (reaction != null) {
      switch (reaction.toLowerCase(Locale.ROOT)) {
        case "like":
          return "LIKE";
        case "dislike":
          return "DISLIKE";
        case "none":
          return null;
        default:
          break;
      }
    }
    throw ApiException.invalidField("reaction", "reaction must be like, dislike or none");
  }

  private static void update(Connection c, String sql, String videoKey, long userId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, videoKey);
      ps.setLong(2, userId);
      ps.executeUpdate();
    }
  }
}
