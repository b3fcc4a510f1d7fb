package io.reelroute.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The accounts as admins and moderators see and change them (issue 15, bean {@code authMembers}):
 * find and list with the effective role, grant and revoke moderator, disable and enable, per-user
 * quotas. Each change runs on the caller's connection, so moderation records its audit entry in the
 * same transaction. A disabled account's sessions end at once (refresh tokens revoked; access
 * tokens refused by the guard, which reads the row on every request).
 */
public final class Members {

  /** An account as the admin page shows it; quotas null = the default. */
  public record Member(
      long id,
      String email,
      String displayName,
      String handle,
      String role,
      String status,
      Long quotaStorageBytes,
      Long quotaDailyBytes,
      Instant createdAt,
      String disabledReason) {

    public boolean disabled() {
      return "DISABLED".equals(status);
    }
  }

  private static final String SELECT =
      "SELECT id, email, display_name, handle, role, status, quota_storage_bytes,"
          + " quota_daily_bytes, created_at, disabled_reason FROM users";

  private final Set<String> adminEmails;

  public Members(Set<String> adminEmails) {
    this.adminEmails = adminEmails;
  }

  public Member find(Connection c, long id, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(SELECT + " WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setLong(1, id);
      List<Member> rows = rows(ps);
      return rows.isEmpty() ? null : rows.get(0);
    }
  }

  /** Whether the account is active and a moderator or admin (its effective role, read now). */
  public boolean reviewer(Connection c, long id) throws SQLException {
    Member m = find(c, id, false);
    return m != null
        && "ACTIVE".equals(m.status())
        && (Roles.MODERATOR.equals(m.role()) || Roles.ADMIN.equals(m.role()));
  }

  /**
   * Accounts by id (ascending, after {@code afterId}), optionally those whose address, name or
   * handle contains {@code query}; unconfirmed sign-ups are left out.
   */
  public List<Member> list(Connection c, String query, long afterId, int limit)
      throws SQLException {
    boolean filtered = query != null && !query.isBlank();
    String sql =
        SELECT
            + " WHERE id > ? AND status <> 'UNCONFIRMED'"
            + (filtered ? " AND (email LIKE ? OR display_name LIKE ? OR handle LIKE ?)" : "")
            + " ORDER BY id LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setLong(i++, afterId);
      if (filtered) {
        String like =
            "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        ps.setString(i++, like);
        ps.setString(i++, like);
        ps.setString(i++, like);
      }
      ps.setInt(i, limit);
      return rows(ps);
    }
  }

  /** Stores the role (user or moderator) of a non-admin account. */
  public void setRole(Connection c, long id, String role) throws SQLException {
    if (!Roles.USER.equals(role) && !Roles.MODERATOR.equals(role)) {
      throw new IllegalArgumentException("role " + role);
    }
    Users.update(c, "UPDATE users SET role = ? WHERE id = ? AND role <> 'admin'", role, id);
  }

  /** ACTIVE → DISABLED with the reason; every session ends. False if it was not active. */
  public boolean disable(Connection c, long id, String reason, Instant now) throws SQLException {
    int changed =
        Users.update(
            c,
            "UPDATE users SET status = 'DISABLED', disabled_at = ?, disabled_reason = ?"
                + " WHERE id = ? AND status = 'ACTIVE'",
            Sql.utc(now),
            reason,
            id);
    if (changed == 1) {
      Users.endAllSessions(c, id, now);
    }
    return changed == 1;
  }

  /** DISABLED → ACTIVE. False if it was not disabled. */
  public boolean enable(Connection c, long id) throws SQLException {
    return Users.update(
            c,
            "UPDATE users SET status = 'ACTIVE', disabled_at = NULL, disabled_reason = NULL"
                + " WHERE id = ? AND status = 'DISABLED'",
            id)
        == 1;
  }

  /** The account's own quotas (null = the default of reelroute.quota.*, -1 = unlimited). */
  public void setQuotas(Connection c, long id, Long storageBytes, Long dailyBytes)
      throws SQLException {
    Users.update(
        c,
        "UPDATE users SET quota_storage_bytes = ?, quota_daily_bytes = ? WHERE id = ?",
        storageBytes,
        dailyBytes,
        id);
  }

  private List<Member> rows(PreparedStatement ps) throws SQLException {
    List<Member> list = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        list.add(
            new Member(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Roles.effective(rs.getString(5), rs.getString(2), adminEmails),
                rs.getString(6),
                (Long) rs.getObject(7),
                (Long) rs.getObject(8),
                Sql.instant(rs.getObject(9, LocalDateTime.class)),
                rs.getString(10)));
      }
    }
    return list;
  }
}
