package io.reelroute.moderation;

import io.reelroute.common.MailBatches;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The e-mail to a reporter when their report is decided (bean {@code moderationReportMail},
 * routes/moderation.camel.yaml, timer route moderation-report-mail): a decision queues its report
 * in moderation_report_mail in its own transaction ({@link Outcomes#decide}); each run claims the
 * waiting reports (so two api processes never mail the same one), drops those whose reporter turned
 * the mail off (notification setting reportOutcomeEmail) or has no usable account, and sends one
 * message per report, forgetting it once sent. A failed send releases it for the next run (at least
 * once; a sent report is never queued again).
 */
public final class ReportMail {

  /** One reporter's message about one report. */
  private static final Logger LOG = LoggerFactory.getLogger(ReportMail.class);

  private static final int MAX_ROWS = 500;
  private final DataSource dataSource;
  private final String publicUrl;
  private final String from;
  private final Clock clock;

  ReportMail(DataSource dataSource, String publicUrl, String from, Clock clock) {
    this.dataSource = dataSource;
    this.publicUrl = publicUrl;
    this.from = from;
    this.clock = clock;
  }

  /** Claims the waiting decided reports and builds one message each (the split's body). */
  public List<MailBatches.Mail> claim() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      String batch = MailBatches.claim(c, "moderation_report_mail", "created_at", MAX_ROWS, clock);
      if (batch == null) {
        return List.of();
      }
      // opted out, disabled or without an address: never mailed, and forgotten
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE m FROM moderation_report_mail m JOIN users u ON u.id = m.user_id"
                  + " LEFT JOIN subscription_preferences p ON p.user_id = m.user_id"
                  + " WHERE m.batch = ? AND (p.report_outcome_email = FALSE"
                  + " OR u.status = 'DISABLED' OR u.email IS NULL OR u.email = '')")) {
        ps.setString(1, batch);
        ps.executeUpdate();
      }
      List<MailBatches.Mail> mails = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT m.report_id, u.email, u.display_name, r.target_type, r.excerpt, r.state,"
                  + " r.outcome FROM moderation_report_mail m"
                  + " JOIN moderation_reports r ON r.id = m.report_id"
                  + " JOIN users u ON u.id = m.user_id WHERE m.batch = ? ORDER BY m.created_at")) {
        ps.setString(1, batch);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            mails.add(
                build(
                    rs.getLong(1),
                    batch,
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    "accepted".equals(rs.getString(6)),
                    rs.getString(7)));
          }
        }
      }
      return mails;
    }
  }

  /**
   * The message: what was reported (the video's title or the comment's first words, as the reporter
   * saw them when reporting), the outcome, a link to the site. Nothing about the target's author.
   */
  MailBatches.Mail build(
      long reportId,
      String batch,
      String to,
      String name,
      String targetType,
      String excerpt,
      boolean accepted,
      String outcome) {
    String subject = accepted ? "Your report: action taken" : "Your report: no action taken";
    String shown =
        excerpt == null ? "" : Outcomes.cut(excerpt.replaceAll("\\s+", " ").strip(), 120);
    String what =
        "comment".equals(targetType)
            ? "a comment" + (shown.isEmpty() ? "" : ": \u201c" + shown + "\u201d")
            : "the video" + (shown.isEmpty() ? "" : " \u201c" + shown + "\u201d");
    StringBuilder text = new StringBuilder("Hello ").append(name == null ? "" : name);
    text.append(",\n\nYou reported ").append(what).append(" on Reelroute.\n\n");
    text.append(accepted ? "Outcome: action taken.\n" : "Outcome: no action taken.\n");
    if (outcome != null && !outcome.isBlank()) {
      text.append(outcome.strip()).append('\n');
    }
    text.append("\nThank you for helping keep Reelroute safe: ").append(publicUrl).append("/\n");
    text.append("\nYou get this e-mail because you reported content; turn it off under")
        .append(" E-mail notifications at ")
        .append(publicUrl)
        .append("/me/account\n");
    return new MailBatches.Mail(reportId, batch, to, subject, text.toString());
  }

  /** Turns one mail (the split's body) into the message the smtp endpoint sends. */
  public void prepare(Exchange exchange) {
    MailBatches.prepare(exchange, from);
  }

  /** The message went out: the report is done. */
  public void sent(Exchange exchange) throws SQLException {
    MailBatches.sent(dataSource, "moderation_report_mail", "report_id", exchange);
  }

  /** The send failed: the report waits for the next run. */
  public void failed(Exchange exchange) throws SQLException {
    MailBatches.Mail mail =
        MailBatches.release(dataSource, "moderation_report_mail", "report_id", exchange);
    LOG.warn(
        "Report outcome mail for report {} not sent, retried next run: {}",
        mail == null ? "?" : mail.key(),
        MailBatches.cause(exchange));
  }
}
