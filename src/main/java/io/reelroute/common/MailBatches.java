package io.reelroute.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The claim step of a mail digest whose waiting rows sit in a table with {@code batch} and {@code
 * claimed_at} columns (comment_mail, subscription_mail): one process claims up to {@code max} rows
 * under a new batch id and mails them; claims left by a process that died mid-send are free again
 * after an hour.
 */
public final class MailBatches {

  private MailBatches() {}

  /** The new batch id, or null when no row was waiting. Table and order are code, never input. */
  public static String claim(Connection c, String table, String orderBy, int max, Clock clock)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + table
                + " SET batch = NULL, claimed_at = NULL WHERE batch IS NOT NULL AND claimed_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant().minus(Duration.ofHours(1))));
      ps.executeUpdate();
    }
    String batch = UUID.randomUUID().toString();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + table
                + " SET batch = ?, claimed_at = ? WHERE batch IS NULL ORDER BY "
                + orderBy
                + " LIMIT "
                + max)) {
      ps.setString(1, batch);
      ps.setTimestamp(2, Timestamp.from(clock.instant()));
      return ps.executeUpdate() == 0 ? null : batch;
    }
  }
}
