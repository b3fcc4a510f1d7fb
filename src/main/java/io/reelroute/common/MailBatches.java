package io.reelroute.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Mails sent in batches from a table of waiting rows with {@code batch} and {@code claimed_at}
 * columns (comment_mail, subscription_mail, moderation_report_mail): one process claims up to
 * {@code max} rows under a new batch id ({@link #claim}); each mail is then prepared for the smtp
 * endpoint ({@link #prepare}) and its row deleted once sent ({@link #sent}) or released for the
 * next run when the send failed ({@link #release}). Claims left by a process that died mid-send are
 * free again after an hour.
 */
public final class MailBatches {

  /**
   * One mail of a batch.
   *
   * @param key the waiting row's key (the owner, user or report id)
   * @param batch the batch that claimed the row
   */
  public record Mail(long key, String batch, String to, String subject, String text) {}

  /** Exchange property holding the mail being sent (set by {@link #prepare}). */
  public static final String PROPERTY = "batchMail";

  private MailBatches() {}

  /** Turns one Mail (the split's body) into the plain-text message the smtp endpoint sends. */
  public static void prepare(Exchange exchange, String from) {
    Mail mail = exchange.getMessage().getBody(Mail.class);
    exchange.setProperty(PROPERTY, mail);
    Message m = exchange.getMessage();
    m.removeHeaders("*");
    m.setHeader("To", mail.to());
    m.setHeader("From", from);
    m.setHeader("Subject", mail.subject());
    m.setHeader("Content-Type", "text/plain; charset=UTF-8");
    m.setBody(mail.text());
  }

  /** The message went out: its row is done. Table and key column are code, never input. */
  public static void sent(DataSource dataSource, String table, String keyColumn, Exchange exchange)
      throws SQLException {
    Mail mail = exchange.getProperty(PROPERTY, Mail.class);
    try (Connection c = dataSource.getConnection()) {
      Statements.update(
          c,
          "DELETE FROM " + table + " WHERE batch = ? AND " + keyColumn + " = ?",
          mail.batch(),
          mail.key());
    }
  }

  /**
   * The send failed: its row waits for the next run. Returns the mail (null if the failure came
   * before {@link #prepare}), for the caller's log line.
   */
  public static Mail release(
      DataSource dataSource, String table, String keyColumn, Exchange exchange)
      throws SQLException {
    Mail mail = exchange.getProperty(PROPERTY, Mail.class);
    if (mail != null) {
      try (Connection c = dataSource.getConnection()) {
        Statements.update(
            c,
            "UPDATE "
                + table
                + " SET batch = NULL, claimed_at = NULL WHERE batch = ? AND "
                + keyColumn
                + " = ?",
            mail.batch(),
            mail.key());
      }
    }
    return mail;
  }

  /** What a failed send's log line says of its cause. */
  public static String cause(Exchange exchange) {
    Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    return cause == null ? "unknown" : cause.toString();
  }

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
