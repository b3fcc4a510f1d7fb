package io.reelroute.auth;

import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login and sessions (bean {@code authSessions}, routes/auth.camel.yaml): login gives an access
 * token and a refresh token; refresh rotates the refresh token (a reused one revokes its whole
 * family); logout revokes the family.
 */
public final class Sessions {

  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

  /** Pending sign-ups whose password login checks to answer "unconfirmed". */
  private static final int PENDING_CHECKED = 3;

  record LoginRequest(String email, String password) {}

  record RefreshRequest(String refreshToken) {}

  public record TokenResponse(
      String accessToken, String refreshToken, long expiresIn, String tokenType) {}

  private final DataSource dataSource;
  private final AuthSettings settings;
  private final Passwords passwords;
  private final Tokens tokens;
  private final RateLimiter limiter;
  private final PendingRegistrations pending;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Sessions(
      DataSource dataSource,
      AuthSettings settings,
      Passwords passwords,
      Tokens tokens,
      RateLimiter limiter,
      PendingRegistrations pending,
      Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.passwords = passwords;
    this.tokens = tokens;
    this.limiter = limiter;
    this.pending = pending;
    this.clock = clock;
  }

  /** POST /api/auth/login. */
  public void login(Exchange exchange) {
    AuthRequests.localOnly(settings);
    LoginRequest req = Json.read(AuthRequests.body(exchange), LoginRequest.class);
    String email = req.email() == null ? "" : req.email().strip().toLowerCase(Locale.ROOT);
    String password = req.password() == null ? "" : req.password();
    limiter.hit("login", AuthRequests.ip(exchange, settings), email, settings.loginMax());
    boolean plausible = email.length() <= 254 && password.length() <= 4 * Passwords.MAX_LENGTH;
    Users.User user = plausible ? Db.tx(dataSource, c -> Users.byEmail(c, email, false)) : null;
    if (user == null && plausible) {
      List<String> pendingHashes =
          Db.tx(dataSource, c -> pending.recentPasswordHashes(c, email, PENDING_CHECKED));
      for (String hash : pendingHashes) {
        if (passwords.verify(password, hash)) {
          throw unconfirmed();
        }
      }
      if (!pendingHashes.isEmpty()) {
        throw invalidCredentials();
      }
    }
    if (!passwords.verify(password, user == null ? null : user.passwordHash())) {
      throw invalidCredentials();
    }
    if ("UNCONFIRMED".equals(user.status())) {
      throw unconfirmed();
    }
    if (!"ACTIVE".equals(user.status())) {
      throw ApiException.forbidden("account-disabled", "This account is disabled");
    }
    if (passwords.needsRehash(user.passwordHash())) {
      String rehashed = passwords.hash(password);
      Db.tx(
          dataSource,
          c ->
              Users.update(
                  c, "UPDATE users SET password_hash = ? WHERE id = ?", rehashed, user.id()));
    }
    String refresh =
        Db.tx(dataSource, c -> newRefreshToken(c, user.id(), UUID.randomUUID().toString()));
    AuthRequests.respond(exchange, 200, tokenResponse(user, refresh));
  }

  private static ApiException invalidCredentials() {
    return ApiException.unauthorized("invalid-credentials", "Wrong e-mail or password");
  }

  private static ApiException unconfirmed() {
    return ApiException.forbidden(
        "account-unconfirmed",
        "Confirm your e-mail address first with the code we sent (or ask for a new one)");
  }

  /**
   * POST /api/auth/refresh: rotates the refresh token. A token that was already used means it
   * leaked (or was replayed): the whole family is revoked and the caller must log in again.
   */
  public void refresh(Exchange exchange) {
    AuthRequests.localOnly(settings);
    RefreshRequest req = Json.read(AuthRequests.body(exchange), RefreshRequest.class);
    String presented = req.refreshToken() == null ? "" : req.refreshToken();
    Instant now = clock.instant();
    record Outcome(Users.User user, String refreshToken, boolean reused) {}
    Outcome outcome =
        Db.tx(
            dataSource,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT r.id, r.family_id, r.expires_at, r.used_at, r.revoked_at, u.id,"
                          + " u.email, u.display_name, u.status, u.password_hash"
                          + " FROM refresh_tokens r JOIN users u ON u.id = r.user_id"
                          + " WHERE r.token_hash = ? FOR UPDATE")) {
                ps.setString(1, AuthRequests.sha256(presented));
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    return null;
                  }
                  long tokenId = rs.getLong(1);
                  String family = rs.getString(2);
                  Instant expires = Sql.instant(rs.getObject(3, LocalDateTime.class));
                  boolean used = rs.getObject(4) != null;
                  boolean revoked = rs.getObject(5) != null;
                  Users.User user =
                      new Users.User(
                          rs.getLong(6),
                          rs.getString(7),
                          rs.getString(8),
                          rs.getString(9),
                          rs.getString(10));
                  if (used && !revoked) {
                    revokeFamily(c, family, now);
                    return new Outcome(user, null, true);
                  }
                  if (used || revoked || !expires.isAfter(now) || !"ACTIVE".equals(user.status())) {
                    return null;
                  }
                  Users.update(
                      c,
                      "UPDATE refresh_tokens SET used_at = ? WHERE id = ?",
                      Sql.utc(now),
                      tokenId);
                  return new Outcome(user, newRefreshToken(c, user.id(), family), false);
                }
              }
            });
    if (outcome == null) {
      throw ApiException.unauthorized(
          "invalid-token", "The refresh token is unknown, expired or revoked; log in again");
    }
    if (outcome.reused()) {
      LOG.warn(
          "Refresh token reused for user {}: its session family is revoked", outcome.user().id());
      throw ApiException.unauthorized(
          "invalid-token",
          "This refresh token was already used; for safety the session is revoked, log in again");
    }
    AuthRequests.respond(exchange, 200, tokenResponse(outcome.user(), outcome.refreshToken()));
  }

  /** POST /api/auth/logout: revokes the presented refresh token's family; 204 always. */
  public void logout(Exchange exchange) {
    AuthRequests.localOnly(settings);
    RefreshRequest req = Json.read(AuthRequests.body(exchange), RefreshRequest.class);
    String presented = req.refreshToken() == null ? "" : req.refreshToken();
    Instant now = clock.instant();
    Db.tx(
        dataSource,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT family_id FROM refresh_tokens WHERE token_hash = ?")) {
            ps.setString(1, AuthRequests.sha256(presented));
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                revokeFamily(c, rs.getString(1), now);
              }
            }
          }
          return null;
        });
    AuthRequests.noContent(exchange);
  }

  /** A new refresh token of the family (a new login starts a new family). */
  String newRefreshToken(Connection c, long userId, String family) throws SQLException {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, created_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setLong(1, userId);
      ps.setString(2, family);
      ps.setString(3, AuthRequests.sha256(token));
      ps.setObject(4, Sql.utc(now.plus(settings.refreshTokenTtl())));
      ps.setObject(5, Sql.utc(now));
      ps.executeUpdate();
    }
    return token;
  }

  TokenResponse tokenResponse(Users.User user, String refreshToken) {
    return new TokenResponse(
        tokens.issue(user.id(), user.email()), refreshToken, tokens.expiresInSeconds(), "Bearer");
  }

  private static void revokeFamily(Connection c, String family, Instant now) throws SQLException {
    Users.update(
        c,
        "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
        Sql.utc(now),
        family);
  }

  /**
   * Deletes refresh tokens expired more than a day ago (part of the timer route auth-purge);
   * returns how many rows went.
   */
  int purge(Connection c, Instant now) throws SQLException {
    return Users.update(
        c,
        "DELETE FROM refresh_tokens WHERE expires_at < ?",
        Sql.utc(now.minus(java.time.Duration.ofDays(1))));
  }
}
