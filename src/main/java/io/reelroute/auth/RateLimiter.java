package io.reelroute.auth;

import io.reelroute.common.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * Fixed-window counters kept in the database, so a limit holds however many api processes serve the
 * traffic. Each attempt adds one hit to its bucket; over the limit the request is refused with 429
 * and Retry-After until the window ends (a real user is never locked out longer than that).
 */
public final class RateLimiter {

  private final DataSource dataSource;
  private final Duration window;
  private final Clock clock;

  public RateLimiter(DataSource dataSource, Duration window, Clock clock) {
    this.dataSource = dataSource;
    this.window = window;
    this.clock = clock;
  }

  /** Counts one attempt of {@code action} for the client address and the account. */
  public void hit(String action, String clientIp, String account, int max) {
    long ipWait = count(action + ":ip:" + clientIp, max);
    long accountWait = account == null ? 0 : count(action + ":account:" + digest(account), max);
    long wait = Math.max(ipWait, accountWait);
    if (wait > 0) {
      throw ApiException.tooManyRequests(
          "rate-limited", "Too many attempts; try again in " + wait + " seconds", (int) wait);
    }
  }

  /** Adds a hit; returns 0 when within the limit, else the seconds until the window ends. */
  public long count(String bucket, int max) {
    Instant now = clock.instant();
    LocalDateTime windowStartsAfter = Sql.utc(now.minus(window));
    try (Connection c = dataSource.getConnection()) {
      // One atomic statement: a fresh window restarts at 1, an open one counts up. Assignments in
      // ON DUPLICATE KEY UPDATE run left to right, so hits is decided on the old window_start.
      try (PreparedStatement up =
          c.prepareStatement(
              "INSERT INTO auth_rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)"
                  + " ON DUPLICATE KEY UPDATE"
                  + " hits = IF(window_start <= ?, 1, hits + 1),"
                  + " window_start = IF(window_start <= ?, VALUES(window_start), window_start)")) {
        up.setString(1, bucket);
        up.setObject(2, Sql.utc(now));
        up.setObject(3, windowStartsAfter);
        up.setObject(4, windowStartsAfter);
        up.executeUpdate();
      }
      try (PreparedStatement read =
          c.prepareStatement("SELECT hits, window_start FROM auth_rate_limits WHERE bucket = ?")) {
        read.setString(1, bucket);
        try (ResultSet rs = read.executeQuery()) {
          if (!rs.next()) {
            return 0;
          }
          int hits = rs.getInt(1);
          if (hits <= max) {
            return 0;
          }
          Instant ends = Sql.instant(rs.getObject(2, LocalDateTime.class)).plus(window);
          return Math.max(1, Duration.between(now, ends).toSeconds() + 1);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("rate limit store failed: " + e.getMessage(), e);
    }
  }

  /** Removes windows that ended long ago (called now and then). */
  public int purge() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM auth_rate_limits WHERE window_start < ?")) {
      ps.setObject(1, Sql.utc(clock.instant().minus(window.multipliedBy(2))));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("rate limit purge failed: " + e.getMessage(), e);
    }
  }

  static String digest(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
