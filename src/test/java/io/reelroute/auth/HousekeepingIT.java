package io.reelroute.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The purge beans of the auth-purge timer route remove only what has long expired. */
@IntegrationTest
class HousekeepingIT {

  private static int count(TestApp app, String sql, Object arg) throws Exception {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void expiredTokensAndOldWindowsArePurged(TestApp app) throws Exception {
    TestUsers.Session live = TestUsers.signUp(app);
    TestUsers.Session old = TestUsers.signUp(app);
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE refresh_tokens SET expires_at = ? WHERE user_id = ?")) {
      ps.setObject(1, LocalDateTime.now(ZoneOffset.UTC).minusDays(2));
      ps.setLong(2, old.userId());
      assertEquals(1, ps.executeUpdate());
    }
    var registry = app.app().camelContext().getRegistry();
    AuthHousekeeping auth =
        registry.lookupByNameAndType("authHousekeeping", AuthHousekeeping.class);
    assertTrue(auth.purgeExpired() >= 1);
    assertEquals(
        0, count(app, "SELECT COUNT(*) FROM refresh_tokens WHERE user_id = ?", old.userId()));
    assertEquals(
        1, count(app, "SELECT COUNT(*) FROM refresh_tokens WHERE user_id = ?", live.userId()));

    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO auth_rate_limits (bucket, window_start, hits) VALUES (?, ?, 3)")) {
      ps.setString(1, "test:ancient");
      ps.setObject(2, LocalDateTime.now(ZoneOffset.UTC).minusHours(1));
      ps.executeUpdate();
    }
    registry.lookupByNameAndType("authRateLimiter", RateLimiter.class).purge();
    assertEquals(
        0, count(app, "SELECT COUNT(*) FROM auth_rate_limits WHERE bucket = ?", "test:ancient"));
  }

  private static void exec(TestApp app, String sql, Object... args) throws Exception {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  @Test
  void deadSignUpsAndEndedWrongCodeDaysArePurged(TestApp app) throws Exception {
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
    String insert =
        "INSERT INTO pending_registrations (email, display_name, password_hash, code_hash,"
            + " code_expires_at, created_at) VALUES (?, 'P', 'h', 'c', ?, ?)";
    exec(app, insert, "purge-dead@example.test", now.minusDays(1), now.minusDays(2));
    exec(app, insert, "purge-live@example.test", now.plusMinutes(5), now.minusMinutes(5));
    String failure =
        "INSERT INTO auth_code_failures (account, window_start, failures) VALUES (?, ?, 3)";
    exec(app, failure, "a".repeat(64), now.minusDays(2));
    exec(app, failure, "b".repeat(64), now.minusHours(1));

    var registry = app.app().camelContext().getRegistry();
    registry.lookupByNameAndType("authHousekeeping", AuthHousekeeping.class).purgeExpired();

    String pending = "SELECT COUNT(*) FROM pending_registrations WHERE email = ?";
    assertEquals(0, count(app, pending, "purge-dead@example.test"));
    assertEquals(1, count(app, pending, "purge-live@example.test"));
    String failures = "SELECT COUNT(*) FROM auth_code_failures WHERE account = ?";
    assertEquals(0, count(app, failures, "a".repeat(64)));
    assertEquals(1, count(app, failures, "b".repeat(64)));
  }
}
