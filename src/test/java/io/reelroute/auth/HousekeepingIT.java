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
}
