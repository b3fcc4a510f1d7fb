package io.reelroute.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Deletes what the identity flows no longer need (bean {@code authHousekeeping}, timer route
 * auth-purge): refresh tokens and reset codes expired over a day ago, sign-up attempts that can no
 * longer be confirmed, and wrong-code counters whose day ended.
 */
public final class AuthHousekeeping {

  private final DataSource dataSource;
  private final Sessions sessions;
  private final PendingRegistrations pending;
  private final CodeFailures failures;
  private final Clock clock;

  AuthHousekeeping(
      DataSource dataSource,
      Sessions sessions,
      PendingRegistrations pending,
      CodeFailures failures,
      Clock clock) {
    this.dataSource = dataSource;
    this.sessions = sessions;
    this.pending = pending;
    this.failures = failures;
    this.clock = clock;
  }

  /** Returns how many rows went. */
  public int purgeExpired() {
    Instant now = clock.instant();
    Instant dayAgo = now.minus(Duration.ofDays(1));
    return Db.tx(
        dataSource,
        c ->
            sessions.purge(c, now)
                + Users.update(
                    c, "DELETE FROM verification_codes WHERE expires_at < ?", Sql.utc(dayAgo))
                + pending.purge(c, now)
                + failures.purge(c, now));
  }
}
