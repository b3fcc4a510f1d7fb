package io.reelroute.auth;

import static io.reelroute.auth.AuthRequests.MAIL_PROPERTY;

import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed-in user's own account (bean {@code authAccount}): who am I, change the password, and
 * the identity steps of the account deletion (routes/account.camel.yaml).
 */
public final class Account {

  private static final Logger LOG = LoggerFactory.getLogger(Account.class);

  record PasswordChange(String currentPassword, String newPassword) {}

  record DeletionRequest(String password) {}

  private final DataSource dataSource;
  private final AuthSettings settings;
  private final Passwords passwords;
  private final RateLimiter limiter;
  private final Sessions sessions;
  private final Clock clock;

  Account(
      DataSource dataSource,
      AuthSettings settings,
      Passwords passwords,
      RateLimiter limiter,
      Sessions sessions,
      Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.passwords = passwords;
    this.limiter = limiter;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** GET /api/me (behind requireUser). */
  public void me(Exchange exchange, @ExchangeProperty("caller") Caller caller) {
    Map<String, Object> me =
        Db.tx(
            dataSource,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, email, display_name, status, created_at FROM users WHERE id = ?")) {
                ps.setLong(1, caller.id());
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    throw TokenVerifier.invalid();
                  }
                  Map<String, Object> body = new LinkedHashMap<>();
                  body.put("id", rs.getLong(1));
                  body.put("email", rs.getString(2));
                  body.put("displayName", rs.getString(3));
                  body.put("status", rs.getString(4));
                  body.put("role", caller.role()); // issue 15: user | moderator | admin
                  body.put("createdAt", rs.getObject(5, LocalDateTime.class).toString() + "Z");
                  return body;
                }
              }
            });
    AuthRequests.respond(exchange, 200, me);
  }

  /**
   * POST /api/me/password: the signed-in user changes the password, proving the current one. Every
   * other session ends (all refresh tokens are revoked); this one continues with the new token pair
   * of the answer. A wrong current password counts against the login limit.
   */
  public void changePassword(Exchange exchange, @ExchangeProperty("caller") Caller caller) {
    AuthRequests.localOnly(settings);
    PasswordChange req = Json.read(AuthRequests.body(exchange), PasswordChange.class);
    Users.User user =
        proveIdentity(
            exchange,
            caller,
            req.currentPassword(),
            "The current password is not right",
            "currentPassword");
    Passwords.checkPolicy(req.newPassword(), "newPassword");
    String hash = passwords.hash(req.newPassword());
    Instant now = clock.instant();
    String refresh =
        Db.tx(
            dataSource,
            c -> {
              Users.update(c, "UPDATE users SET password_hash = ? WHERE id = ?", hash, user.id());
              Users.endAllSessions(c, user.id(), now);
              return sessions.newRefreshToken(c, user.id(), UUID.randomUUID().toString());
            });
    exchange.setProperty(
        MAIL_PROPERTY,
        new OutgoingMail(
            user.email(),
            "Your Reelroute password was changed",
            "Hello,\n\nThe password of your Reelroute account was just changed, and your other"
                + " devices were signed out. If that was not you, reset it at "
                + settings.publicUrl()
                + "/forgot-password and check the security of your e-mail account.\n"));
    AuthRequests.respond(exchange, 200, sessions.tokenResponse(user, refresh));
  }

  /**
   * First step of POST /api/me/deletion {password}: the current password proves it is the owner
   * (local accounts; an external identity provider's token suffices in oidc mode). Wrong tries
   * count against the login limit.
   */
  public void confirmDeletion(Exchange exchange, @ExchangeProperty("caller") Caller caller) {
    DeletionRequest req = Json.read(AuthRequests.body(exchange), DeletionRequest.class);
    if (settings.mode() != AuthSettings.Mode.LOCAL) {
      return;
    }
    proveIdentity(exchange, caller, req.password(), "The password is not right", "password");
  }

  /**
   * The caller's current password, checked before a change only the owner may make (new password,
   * deletion); counts against the login rate limit. 400 {@code wrong-password} naming the field.
   */
  private Users.User proveIdentity(
      Exchange exchange, Caller caller, String presented, String wrongMessage, String field) {
    String password = presented == null ? "" : presented;
    limiter.hit(
        "password", AuthRequests.ip(exchange, settings), caller.email(), settings.loginMax());
    Users.User user =
        password.length() > 4 * Passwords.MAX_LENGTH
            ? null
            : Db.tx(dataSource, c -> Users.byEmail(c, caller.email(), false));
    if (user == null
        || user.id() != caller.id()
        || !passwords.verify(password, user.passwordHash())) {
      throw new ApiException(400, "wrong-password", wrongMessage, field, null);
    }
    return user;
  }

  /**
   * Last step of the account deletion, after the videos, reactions and comments went: the user row,
   * and with it (foreign keys) codes, refresh tokens, notifications and pending mail. 204.
   */
  public void deleteAccount(Exchange exchange, @ExchangeProperty("caller") Caller caller) {
    try {
      Db.tx(dataSource, c -> Users.update(c, "DELETE FROM users WHERE id = ?", caller.id()));
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof SQLIntegrityConstraintViolationException) {
        // a video was created meanwhile (another tab): the caller can simply try again
        throw new ApiException(
            409, "account-busy", "Something was added to the account meanwhile; try again");
      }
      throw e;
    }
    LOG.info("Account {} deleted at its owner's request", caller.id());
    exchange.setProperty(
        MAIL_PROPERTY,
        new OutgoingMail(
            caller.email(),
            "Your Reelroute account was deleted",
            "Hello,\n\nYour Reelroute account, its videos, comments and reactions were deleted"
                + " as you asked. This address can be used to sign up again.\n"));
    AuthRequests.noContent(exchange);
  }
}
