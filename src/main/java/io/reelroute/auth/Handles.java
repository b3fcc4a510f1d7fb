package io.reelroute.auth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A user's public handle (the channel page /u/{handle}): derived from the display name (lower case
 * ASCII letters, digits and '-'), unique. The bare slug when it is free, else slug-id, else slug
 * with a random suffix. Assigned once; a later change of the display name keeps the handle.
 */
public final class Handles {

  public static final int MAX_LENGTH = 40;
  private static final int SLUG_LENGTH = 28;
  private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Handles() {}

  /** The slug of a display name: "Zoë O'Brien" -> "zoe-o-brien"; "user" when nothing is left. */
  public static String slug(String displayName) {
    String ascii =
        MARKS
            .matcher(
                Normalizer.normalize(displayName == null ? "" : displayName, Normalizer.Form.NFKD))
            .replaceAll("")
            .toLowerCase(Locale.ROOT);
    String slug = NOT_SLUG.matcher(ascii).replaceAll("-");
    slug = trimDashes(slug);
    if (slug.length() > SLUG_LENGTH) {
      slug = trimDashes(slug.substring(0, SLUG_LENGTH));
    }
    return slug.isEmpty() ? "user" : slug;
  }

  /** Whether a text could be a handle at all (checked before any lookup). */
  public static boolean isValid(String handle) {
    return handle != null && handle.length() <= MAX_LENGTH && VALID.matcher(handle).matches();
  }

  /**
   * Gives the user a handle when they have none, in the caller's transaction or connection; returns
   * the user's handle.
   */
  public static String assign(Connection c, long userId, String displayName) throws SQLException {
    String slug = slug(displayName);
    List<String> candidates = new ArrayList<>();
    candidates.add(slug);
    candidates.add(slug + "-" + userId);
    for (int i = 0; i < 5; i++) {
      candidates.add(slug + "-" + Long.toString(1_000_000 + RANDOM.nextInt(60_000_000), 36));
    }
    for (String candidate : candidates) {
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE users SET handle = ? WHERE id = ? AND handle IS NULL")) {
        ps.setString(1, candidate);
        ps.setLong(2, userId);
        if (ps.executeUpdate() == 1) {
          return candidate;
        }
        return current(c, userId); // had one already
      } catch (SQLIntegrityConstraintViolationException taken) {
        // another user has it: next candidate
      }
    }
    throw new SQLException("no free handle for user " + userId);
  }

  /** The user's handle, assigning one first when the row has none (rows made by other means). */
  public static String ensure(DataSource dataSource, long userId, String displayName)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return assign(c, userId, displayName);
    }
  }

  private static String current(Connection c, long userId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT handle FROM users WHERE id = ?")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static String trimDashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }
}
