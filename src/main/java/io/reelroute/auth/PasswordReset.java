package io.reelroute.auth;

import static io.reelroute.auth.AuthRequests.MAIL_PROPERTY;

import io.reelroute.common.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Password reset with an e-mailed code (bean {@code authPasswordReset}, routes/auth.camel.yaml):
 * ask for a code, then set a new password with it. Wrong codes count per code, per client address
 * and per address per day ({@link CodeFailures}).
 */
public final class PasswordReset {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(PasswordReset.class);

  private static final Map<String, String> RESET_PENDING =
      Map.of(
          "status",
          "pending",
          "detail",
          "If this address has an account, a message with a reset code is on its way.");

  record EmailRequest(String email) {}

  record ResetRequest(String email, String code, String password) {}

  private final DataSource dataSource;
  private final AuthSettings settings;
  private final Passwords passwords;
  private final RateLimiter limiter;
  private final CodeFailures failures;
  private final Codes codes;
  private final Clock clock;

  PasswordReset(
      DataSource dataSource,
      AuthSettings settings,
      Passwords passwords,
      RateLimiter limiter,
      CodeFailures failures,
      Codes codes,
      Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.passwords = passwords;
    this.limiter = limiter;
    this.failures = failures;
    this.codes = codes;
    this.clock = clock;
  }

  /** Exchange property naming the address whose reset code {@link #issueReset} issues. */
  static final String RESET_FOR_PROPERTY = "authResetFor";

  /**
   * POST /api/auth/forgot-password: 202 in every case, after the same work whether the address has
   * an account or not (parse, rate limits); looking the account up, issuing the code and mailing it
   * happen after the answer ({@link #issueReset}, wire-tapped by the route), so the answer's timing
   * tells nothing about the address.
   */
  public void forgotPassword(Exchange exchange) {
    AuthRequests.localOnly(settings);
    EmailRequest req = Json.read(AuthRequests.body(exchange), EmailRequest.class);
    String email = AuthRequests.email(req.email());
    limiter.hit("forgot", AuthRequests.ip(exchange, settings), email, settings.resendMax());
    exchange.setProperty(RESET_FOR_PROPERTY, email);
    AuthRequests.respond(exchange, 202, RESET_PENDING);
  }

  /**
   * After the answer of forgot-password: a reset code for an active account of the address (the
   * mail goes out next, {@code authMail}); nothing for an unknown or unconfirmed address. A failure
   * is logged: the user can ask again.
   */
  public void issueReset(Exchange exchange) {
    String email = exchange.getProperty(RESET_FOR_PROPERTY, String.class);
    exchange.removeProperty(MAIL_PROPERTY);
    if (email == null) {
      return;
    }
    try {
      OutgoingMail mail =
          Db.tx(
              dataSource,
              c -> {
                Users.User user = Users.byEmail(c, email, true);
                return user != null && "ACTIVE".equals(user.status())
                    ? codes.issueReset(c, user.id(), email)
                    : null;
              });
      if (mail != null) {
        exchange.setProperty(MAIL_PROPERTY, mail);
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not issue a reset code: {}", e.toString());
    }
  }

  /**
   * POST /api/auth/reset-password: a right, live, unused reset code sets the new password and signs
   * the account out everywhere (every refresh token is revoked); the owner is told by mail.
   */
  public void resetPassword(Exchange exchange) {
    AuthRequests.localOnly(settings);
    ResetRequest req = Json.read(AuthRequests.body(exchange), ResetRequest.class);
    String email = AuthRequests.email(req.email());
    String code = AuthRequests.code(req.code());
    limiter.hit("reset", AuthRequests.ip(exchange, settings), null, settings.loginMax());
    failures.checkAllowed(email);
    Passwords.checkPolicy(req.password());
    String hash = passwords.hash(req.password());
    Instant now = clock.instant();
    boolean reset =
        Db.tx(
            dataSource,
            c -> {
              Users.User user = Users.byEmail(c, email, true);
              if (user == null
                  || !"ACTIVE".equals(user.status())
                  || !codes.consumeReset(c, user.id(), code, now)) {
                return false;
              }
              Users.update(c, "UPDATE users SET password_hash = ? WHERE id = ?", hash, user.id());
              Users.endAllSessions(c, user.id(), now);
              return true;
            });
    if (!reset) {
      AuthMail.refuse(exchange, AuthRequests.invalidCode(), failures.recordWrong(email));
      return;
    }
    exchange.setProperty(
        MAIL_PROPERTY,
        new OutgoingMail(
            email,
            "Your Reelroute password was changed",
            "Hello,\n\nThe password of your Reelroute account was just changed with a reset code,"
                + " and every device was signed out. If that was not you, reset it again at "
                + settings.publicUrl()
                + "/forgot-password and check the security of your e-mail account.\n"));
    AuthRequests.respond(exchange, 200, Map.of("status", "password-reset"));
  }
}
