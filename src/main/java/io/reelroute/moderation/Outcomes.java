package io.reelroute.moderation;

import io.reelroute.social.NotificationStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deciding reports and telling people (in-app notifications, in the decision's transaction): the
 * reporters of a target learn the outcome (also by e-mail, queued here and sent by ReportMail),
 * owners learn what happened to their video or comment.
 */
final class Outcomes {

  static final String REPORT_KIND = "REPORT_OUTCOME";

  private Outcomes() {}

  /**
   * Accepts every open report matching {@code where} (a condition on moderation_reports with one
   * parameter) and tells each reporter; returns how many.
   */
  static int accept(Connection c, long actorId, String where, Object arg, String outcome)
      throws SQLException {
    List<long[]> open = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, reporter_id, videoKey FROM moderation_reports WHERE state = 'open' AND "
                + where
                + " FOR UPDATE")) {
      ps.setObject(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          open.add(new long[] {rs.getLong(1), rs.getLong(2)});
          keys.add(rs.getString(3));
        }
      }
    }
    for (int i = 0; i < open.size(); i++) {
      decide(c, open.get(i)[0], actorId, "accepted", outcome);
      tellReporter(c, open.get(i)[1], keys.get(i), "Your report: action taken", outcome);
    }
    return open.size();
  }

  /**
   * Marks one open report decided and queues the reporter's e-mail about it (ReportMail, sent after
   * the commit); false if it was not open.
   */
  static boolean decide(Connection c, long reportId, long actorId, String state, String outcome)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE moderation_reports SET state = ?, open_marker = NULL, decided_at = NOW(3),"
                + " decided_by = ?, outcome = ? WHERE id = ? AND state = 'open'")) {
      ps.setString(1, state);
      ps.setLong(2, actorId);
      ps.setString(3, cut(outcome, 500));
      ps.setLong(4, reportId);
      if (ps.executeUpdate() != 1) {
        return false;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT IGNORE INTO moderation_report_mail (report_id, user_id)"
                + " SELECT id, reporter_id FROM moderation_reports WHERE id = ?")) {
      ps.setLong(1, reportId);
      ps.executeUpdate();
    }
    return true;
  }

  static void tellReporter(
      Connection c, long reporterId, String videoKey, String title, String text)
      throws SQLException {
    NotificationStore.insert(c, reporterId, REPORT_KIND, null, title, cut(text, 2000), null);
  }

  static void tellOwner(
      Connection c, long ownerId, String kind, String videoKey, String title, String text)
      throws SQLException {
    NotificationStore.insert(
        c, ownerId, kind, videoKey, cut(title, 200), cut(text, 2000), "/watch/" + videoKey);
  }

  static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - 1) + "\u2026";
  }
}
