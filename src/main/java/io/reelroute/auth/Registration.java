package io.reelroute.auth;

import static io.reelroute.auth.AuthRequests.MAIL_PROPERTY;

import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Sign-up (bean {@code authRegistration}, routes/auth.camel.yaml): register, resend the code,
 * confirm. Every sign-up attempt is its own pending registration ({@link PendingRegistrations});
 * the account is created when an attempt is confirmed with the mailed code and that attempt's
 * password, so an address never gets a password from someone who cannot read its mail.
 */
public final class Registration {

  private static final Map<String, String> PENDING =
      Map.of(
          "status",
          "pending",
          "detail",
          "If this address can be registered, a message with a confirmation code is on its way.");

  record RegisterRequest(String email, String password, String displayName) {}

  record ConfirmRequest(String email, String code, String password) {}

  record EmailRequest(String email) {}

  private final DataSource dataSource;
  private final AuthSettings settings;
  private final Passwords passwords;
  private final RateLimiter limiter;
  private final PendingRegistrations pending;
  private final CodeFailures failures;
  private final Codes codes;
  private final Clock clock;

  Registration(
      DataSource dataSource,
      AuthSettings settings,
      Passwords passwords,
      RateLimiter limiter,
      PendingRegistrations pending,
      CodeFailures failures,
      Codes codes,
      Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.passwords = passwords;
    this.limiter = limiter;
    this.pending = pending;
    this.failures = failures;
    this.codes = codes;
    this.clock = clock;
  }

  /** POST /api/auth/register: 202 whether or not the address is taken (no enumeration). */
  public void register(Exchange exchange) {
    AuthRequests.localOnly(settings);
    RegisterRequest req = Json.read(AuthRequests.body(exchange), RegisterRequest.class);
    String email = AuthRequests.email(req.email());
    String displayName = AuthRequests.displayName(req.displayName());
    Passwords.checkPolicy(req.password());
    limiter.hit("register", AuthRequests.ip(exchange, settings), email, settings.registerMax());
    // Always hash, so that a taken address costs the same time as a new one.
    String hash = passwords.hash(req.password());
    OutgoingMail mail =
        Db.tx(
            dataSource,
            c -> {
              Users.User user = Users.byEmail(c, email, true);
              if (user != null && !"UNCONFIRMED".equals(user.status())) {
                return takenNotice(email);
              }
              // a new attempt of its own; earlier attempts keep their passwords
              return codes.mail(email, pending.add(c, email, displayName, hash), false);
            });
    exchange.setProperty(MAIL_PROPERTY, mail);
    AuthRequests.respond(exchange, 202, PENDING);
  }

  /** POST /api/auth/resend-code: a fresh code for pending sign-ups; 202 in every case. */
  public void resendCode(Exchange exchange) {
    AuthRequests.localOnly(settings);
    EmailRequest req = Json.read(AuthRequests.body(exchange), EmailRequest.class);
    String email = AuthRequests.email(req.email());
    limiter.hit("resend", AuthRequests.ip(exchange, settings), email, settings.resendMax());
    OutgoingMail mail =
        Db.tx(
            dataSource,
            c -> {
              Users.User user = Users.byEmail(c, email, true);
              if (user != null && !"UNCONFIRMED".equals(user.status())) {
                return null;
              }
              String code = pending.resend(c, email);
              return code == null ? null : codes.mail(email, code, false);
            });
    if (mail != null) {
      exchange.setProperty(MAIL_PROPERTY, mail);
    }
    AuthRequests.respond(exchange, 202, PENDING);
  }

  /**
   * POST /api/auth/confirm-register {email, code, password}: activates the one pending sign-up
   * whose code and password both match. Anything else is 400 {@code invalid-code} and counts as a
   * wrong try (per code, and per address per day: {@link CodeFailures}).
   */
  public void confirm(Exchange exchange) {
    AuthRequests.localOnly(settings);
    ConfirmRequest req = Json.read(AuthRequests.body(exchange), ConfirmRequest.class);
    String email = AuthRequests.email(req.email());
    String code = AuthRequests.code(req.code());
    if (req.password() == null || req.password().isEmpty()) {
      throw ApiException.invalidField("password", "The password chosen at sign-up is required");
    }
    String password = req.password();
    limiter.hit("confirm", AuthRequests.ip(exchange, settings), null, settings.loginMax());
    failures.checkAllowed(email);
    Instant now = clock.instant();
    List<PendingRegistrations.Attempt> live =
        password.length() > 4 * Passwords.MAX_LENGTH
            ? List.of()
            : Db.tx(dataSource, c -> pending.live(c, email, now));
    PendingRegistrations.Attempt chosen = null;
    for (PendingRegistrations.Attempt attempt : live) {
      if (Codes.matches(code, attempt.codeHash())
          && passwords.verify(password, attempt.passwordHash())) {
        chosen = attempt;
        break;
      }
    }
    PendingRegistrations.Attempt attempt = chosen;
    boolean confirmed = attempt != null && Db.tx(dataSource, c -> activate(c, email, attempt, now));
    if (!confirmed) {
      Db.tx(
          dataSource,
          c -> {
            pending.countWrongTry(c, email, now);
            return null;
          });
      AuthMail.refuse(exchange, AuthRequests.invalidCode(), failures.recordWrong(email));
      return;
    }
    AuthRequests.respond(exchange, 200, Map.of("status", "confirmed"));
  }

  private boolean activate(
      java.sql.Connection c, String email, PendingRegistrations.Attempt attempt, Instant now)
      throws SQLException {
    if (!pending.lockLive(c, attempt, now)) {
      return false;
    }
    Users.User user = Users.byEmail(c, email, true);
    if (user != null && !"UNCONFIRMED".equals(user.status())) {
      return false; // confirmed meanwhile through another attempt
    }
    long userId;
    if (user != null) {
      userId = user.id();
      // an account left unconfirmed by an earlier version: it becomes this attempt's
      Users.update(
          c,
          "UPDATE users SET password_hash = ?, display_name = ?, status = 'ACTIVE',"
              + " confirmed_at = ? WHERE id = ?",
          attempt.passwordHash(),
          attempt.displayName(),
          Sql.utc(now),
          user.id());
    } else {
      long id;
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO users (email, display_name, password_hash, status, confirmed_at)"
                  + " VALUES (?, ?, ?, 'ACTIVE', ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, email);
        ps.setString(2, attempt.displayName());
        ps.setString(3, attempt.passwordHash());
        ps.setObject(4, Sql.utc(now));
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      } catch (SQLIntegrityConstraintViolationException race) {
        return false; // confirmed at the same moment by another request
      }
      Handles.assign(c, id, attempt.displayName()); // the channel page's address (social)
      userId = id;
    }
    PendingRegistrations.forget(c, email);
    Roles.onConfirmed(c, userId, settings.adminEmails()); // the install's first admin (issue 15)
    registered(c, userId);
    return true;
  }

  /** The user.registered event, in the confirmation's own transaction. */
  private static void registered(java.sql.Connection c, long userId) throws SQLException {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("userId", userId);
    try (PreparedStatement ps =
        c.prepareStatement("SELECT handle, display_name FROM users WHERE id = ?")) {
      ps.setLong(1, userId);
      try (ResultSet r = ps.executeQuery()) {
        if (r.next()) {
          data.put("handle", r.getString(1));
          data.put("displayName", r.getString(2));
        }
      }
    }
    io.reelroute.events.Events.record(
        c, io.reelroute.events.EventType.USER_REGISTERED, userId, null, data);
  }

  private OutgoingMail takenNotice(String email) {
    return new OutgoingMail(
        email,
        "Someone tried to register with your address",
        "Hello,\n\nSomeone (perhaps you) tried to create a Reelroute account with this"
            + " address, but it already has an account. If that was you, just log in at "
            + settings.publicUrl()
            + ".\nIf it was not, you can ignore this message; nothing has changed.\n");
  }
}
