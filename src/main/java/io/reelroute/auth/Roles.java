package io.reelroute.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roles of issue 15: {@code user}, {@code moderator}, {@code admin}. An account is an admin
 * when its confirmed address is listed in {@code reelroute.admin.emails} (decided on each request,
 * so the list is the truth), or when it was stored as admin: with that list empty, the first
 * account confirmed on an install becomes one. Moderators are granted by admins (users.role).
 */
public final class Roles {

  public static final String USER = "user";
  public static final String MODERATOR = "moderator";
  public static final String ADMIN = "admin";

  private Roles() {}

  /** The addresses of {@code reelroute.admin.emails}: comma-separated, any case, blanks ignored. */
  public static Set<String> parseAdminEmails(String raw) {
    if (raw == null) {
      return Set.of();
    }
    return Arrays.stream(raw.split(","))
        .map(e -> e.strip().toLowerCase(Locale.ROOT))
        .filter(e -> !e.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The role an account has: admin when its address is listed, else the stored one. */
  public static String effective(String stored, String email, Set<String> adminEmails) {
    if (email != null && adminEmails.contains(email.toLowerCase(Locale.ROOT))) {
      return ADMIN;
    }
    return stored == null ? USER : stored;
  }

  /**
   * On an account's confirmation (in its transaction): with no admin list, the first confirmed
   * account of the install is stored as admin. The admin rows are locked while deciding, so two
   * confirmations at once cannot both become the first. True when this account became admin.
   */
  static boolean onConfirmed(Connection c, long userId, Set<String> adminEmails)
      throws SQLException {
    if (!adminEmails.isEmpty()) {
      return false;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(*) FROM users WHERE id <> ? AND (role = 'admin' OR"
                + " (status <> 'UNCONFIRMED' AND confirmed_at IS NOT NULL)) FOR UPDATE")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return false;
        }
      }
    }
    return Users.update(c, "UPDATE users SET role = 'admin' WHERE id = ?", userId) == 1;
  }
}
