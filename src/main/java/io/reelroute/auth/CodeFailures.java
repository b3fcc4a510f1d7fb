package io.reelroute.auth;

import io.reelroute.common.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/**
 * A per-address cap on wrong confirmation and reset codes (table auth_code_failures, V14): after
 * {@code reelroute.auth.code-max-failures-per-day} wrong tries within a day, every code check of
 * the address is refused (429 {@code rate-limited} with Retry-After) until that day is over,
 * whatever client addresses the guesses come from; the address is told by mail once per day.
 */
final class CodeFailures {

  static final Duration WINDOW = Duration.ofDays(1);

  private final DataSource dataSource;
  private final AuthSettings settings;
  private final Clock clock;

  CodeFailures(DataSource dataSource, AuthSettings settings, Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.clock = clock;
  }

  /** 429 while the address is cooling down after too many wrong codes. */
  void checkAllowed(String email) {
    Instant now = clock.instant();
    Instant windowStart =
        Db.tx(
            dataSource,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT failures, window_start FROM auth_code_failures WHERE account = ?")) {
                ps.setString(1, key(email));
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() && rs.getInt(1) >= settings.codeMaxFailuresPerDay()
                      ? Sql.instant(rs.getObject(2, LocalDateTime.class))
                      : null;
                }
              }
            });
    if (windowStart != null && windowStart.plus(WINDOW).isAfter(now)) {
      long wait = Math.max(1, Duration.between(now, windowStart.plus(WINDOW)).toSeconds() + 1);
      throw ApiException.tooManyRequests(
          "rate-limited",
          "Too many wrong codes for this address; try again in " + wait + " seconds",
          (int) wait);
    }
  }

  /**
   * Counts a wrong code for the address; returns the mail to its owner when this try reached the
   * cap (once per day, and only for an address that has an account or a pending sign-up), else
   * null.
   */
  OutgoingMail recordWrong(String email) {
    Instant now = clock.instant();
    LocalDateTime windowEnded = Sql.utc(now.minus(WINDOW));
    return Db.tx(
        dataSource,
        c -> {
          // assignments run left to right: window_start last, so the others see the old one
          Users.update(
              c,
              "INSERT INTO auth_code_failures (account, window_start, failures) VALUES (?, ?, 1)"
                  + " ON DUPLICATE KEY UPDATE"
                  + " failures = IF(window_start <= ?, 1, failures + 1),"
                  + " notified_at = IF(window_start <= ?, NULL, notified_at),"
                  + " window_start = IF(window_start <= ?, VALUES(window_start), window_start)",
              key(email),
              Sql.utc(now),
              windowEnded,
              windowEnded,
              windowEnded);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT failures, notified_at, window_start FROM auth_code_failures"
                      + " WHERE account = ? FOR UPDATE")) {
            ps.setString(1, key(email));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (rs.getInt(1) < settings.codeMaxFailuresPerDay() || rs.getObject(2) != null) {
                return null;
              }
              Instant until = Sql.instant(rs.getObject(3, LocalDateTime.class)).plus(WINDOW);
              Users.update(
                  c,
                  "UPDATE auth_code_failures SET notified_at = ? WHERE account = ?",
                  Sql.utc(now),
                  key(email));
              return Users.byEmail(c, email, false) != null || PendingRegistrations.exists(c, email)
                  ? notice(email, until)
                  : null;
            }
          }
        });
  }

  /** Deletes counters whose day ended; returns how many went. */
  int purge(Connection c, Instant now) throws SQLException {
    return Users.update(
        c, "DELETE FROM auth_code_failures WHERE window_start < ?", Sql.utc(now.minus(WINDOW)));
  }

  private OutgoingMail notice(String email, Instant until) {
    return new OutgoingMail(
        email,
        "Too many wrong Reelroute codes for your address",
        "Hello,\n\nSomeone entered "
            + settings.codeMaxFailuresPerDay()
            + " wrong confirmation or password reset codes for this address today. To protect"
            + " it, codes for this address are not accepted until "
            + until.truncatedTo(ChronoUnit.MINUTES)
            + " (UTC). Your password has not changed.\nIf this was you, wait until then and ask"
            + " for a new code. If it was not, nothing needs doing; you can still log in with"
            + " your password as usual.\n");
  }

  private static String key(String email) {
    return AuthRequests.sha256(email);
  }
}
