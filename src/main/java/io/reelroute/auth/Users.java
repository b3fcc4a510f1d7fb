package io.reelroute.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The SQL on {@code users} and its sessions that several identity beans share. */
final class Users {

  /** A row of {@code users} as the identity beans need it. */
  record User(long id, String email, String displayName, String status, String passwordHash) {}

  private Users() {}

  static User byEmail(Connection c, String email, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, email, display_name, status, password_hash FROM users WHERE email = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, email);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new User(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))
            : null;
      }
    }
  }

  /**
   * Ends every session of a user: the refresh tokens are revoked and the access tokens issued until
   * now are refused by the guard (users.sessions_valid_after).
   */
  static void endAllSessions(Connection c, long userId, Instant now) throws SQLException {
    update(
        c,
        "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        Sql.utc(now),
        userId);
    update(
        c,
        "UPDATE users SET sessions_valid_after = ? WHERE id = ?",
        Sql.utc(now.truncatedTo(ChronoUnit.SECONDS)),
        userId);
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    return io.reelroute.common.Statements.update(c, sql, args);
  }
}
