package io.reelroute.auth;

import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity endpoints behind routes/auth.camel.yaml: sign-up with an e-mailed code, login with
 * an access token and a rotating refresh token, logout, the current user and the JWKS.
 *
 * <p>Each method reads the request from the exchange and writes the JSON response to it; refusals
 * are {@link ApiException}s, rendered as problem+json by the shared error handler. A method that
 * sends mail leaves it in exchange property {@code authMail} for the route to send.
 */
public final class AuthService {

  public static final String MAIL_PROPERTY = "authMail";
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern CODE = Pattern.compile("^[0-9]{6}$");

  /** What a verification code is for (verification_codes.purpose). */
  enum Purpose {
    CONFIRM_EMAIL,
    RESET_PASSWORD
  }

  private static final Map<String, String> RESET_PENDING =
      Map.of(
          "status",
          "pending",
          "detail",
          "If this address has an account, a message with a reset code is on its way.");
  private static final Map<String, String> PENDING =
      Map.of(
          "status",
          "pending",
          "detail",
          "If this address can be registered, a message with a confirmation code is on its way.");

  public record RegisterRequest(String email, String password, String displayName) {}

  public record ConfirmRequest(String email, String code) {}

  public record EmailRequest(String email) {}

  public record ResetRequest(String email, String code, String password) {}

  public record PasswordChange(String currentPassword, String newPassword) {}

  public record DeletionRequest(String password) {}

  public record LoginRequest(String email, String password) {}

  public record RefreshRequest(String refreshToken) {}

  public record TokenResponse(
      String accessToken, String refreshToken, long expiresIn, String tokenType) {}

  private final DataSource dataSource;
  private final AuthSettings settings;
  private final Passwords passwords;
  private final Tokens tokens;
  private final RateLimiter limiter;
  private final Clock clock;
  private final boolean embedded;
  private final SecureRandom random = new SecureRandom();

  public AuthService(
      DataSource dataSource,
      AuthSettings settings,
      Passwords passwords,
      Tokens tokens,
      RateLimiter limiter,
      Clock clock,
      boolean embedded) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.passwords = passwords;
    this.tokens = tokens;
    this.limiter = limiter;
    this.clock = clock;
    this.embedded = embedded;
  }

  // --- sign-up ---------------------------------------------------------------------------------

  /** POST /api/auth/register: 202 whether or not the address is taken (no enumeration). */
  public void register(Exchange exchange) {
    localOnly();
    RegisterRequest req = Json.read(body(exchange), RegisterRequest.class);
    String email = email(req.email());
    String displayName = displayName(req.displayName());
    Passwords.checkPolicy(req.password());
    limiter.hit("register", ip(exchange), email, settings.registerMax());
    // Always hash, so that a taken address costs the same time as a new one.
    String hash = passwords.hash(req.password());
    OutgoingMail mail =
        Db.tx(
            dataSource,
            c -> {
              User user = userByEmail(c, email, true);
              if (user == null) {
                long id;
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "INSERT INTO users (email, display_name, password_hash, status)"
                            + " VALUES (?, ?, ?, 'UNCONFIRMED')",
                        Statement.RETURN_GENERATED_KEYS)) {
                  ps.setString(1, email);
                  ps.setString(2, displayName);
                  ps.setString(3, hash);
                  ps.executeUpdate();
                  try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                  }
                } catch (SQLIntegrityConstraintViolationException race) {
                  return null; // registered at the same moment by another request: same answer
                }
                Handles.assign(c, id, displayName); // the channel page's address (social)
                return codeMail(c, id, email, Purpose.CONFIRM_EMAIL);
              }
              if ("UNCONFIRMED".equals(user.status())) {
                // Not confirmed yet: the latest registration's password wins, old codes die.
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE users SET password_hash = ?, display_name = ? WHERE id = ?")) {
                  ps.setString(1, hash);
                  ps.setString(2, displayName);
                  ps.setLong(3, user.id());
                  ps.executeUpdate();
                }
                return codeMail(c, user.id(), email, Purpose.CONFIRM_EMAIL);
              }
              return new OutgoingMail(
                  email,
                  "Someone tried to register with your address",
                  "Hello,\n\nSomeone (perhaps you) tried to create a Reelroute account with this"
                      + " address, but it already has an account. If that was you, just log in at "
                      + settings.publicUrl()
                      + ".\nIf it was not, you can ignore this message; nothing has changed.\n");
            });
    if (mail != null) {
      exchange.setProperty(MAIL_PROPERTY, mail);
    }
    respond(exchange, 202, PENDING);
  }

  /** POST /api/auth/resend-code: a fresh code for an unconfirmed account; 202 in every case. */
  public void resendCode(Exchange exchange) {
    localOnly();
    EmailRequest req = Json.read(body(exchange), EmailRequest.class);
    String email = email(req.email());
    limiter.hit("resend", ip(exchange), email, settings.resendMax());
    OutgoingMail mail =
        Db.tx(
            dataSource,
            c -> {
              User user = userByEmail(c, email, true);
              return user != null && "UNCONFIRMED".equals(user.status())
                  ? codeMail(c, user.id(), email, Purpose.CONFIRM_EMAIL)
                  : null;
            });
    if (mail != null) {
      exchange.setProperty(MAIL_PROPERTY, mail);
    }
    respond(exchange, 202, PENDING);
  }

  /** POST /api/auth/confirm-register: a right, live, unused code activates the account. */
  public void confirm(Exchange exchange) {
    localOnly();
    ConfirmRequest req = Json.read(body(exchange), ConfirmRequest.class);
    String email = email(req.email());
    String code = req.code() == null ? "" : req.code().strip();
    limiter.hit("confirm", ip(exchange), null, settings.loginMax());
    if (!CODE.matcher(code).matches()) {
      throw ApiException.invalidField("code", "The code is the 6 digits from the e-mail");
    }
    Instant now = clock.instant();
    boolean confirmed =
        Db.tx(
            dataSource,
            c -> {
              User user = userByEmail(c, email, true);
              if (user == null || !"UNCONFIRMED".equals(user.status())) {
                return false;
              }
              if (!consumeCode(c, user.id(), Purpose.CONFIRM_EMAIL, code, now)) {
                return false;
              }
              update(
                  c,
                  "UPDATE users SET status = 'ACTIVE', confirmed_at = ? WHERE id = ?",
                  Sql.utc(now),
                  user.id());
              return true;
            });
    if (!confirmed) {
      throw ApiException.badRequest(
          "invalid-code",
          "The code is wrong, expired or used up; ask for a new one if you need to");
    }
    respond(exchange, 200, Map.of("status", "confirmed"));
  }

  // --- password reset --------------------------------------------------------------------------

  /** POST /api/auth/forgot-password: a reset code for an active account; 202 in every case. */
  public void forgotPassword(Exchange exchange) {
    localOnly();
    EmailRequest req = Json.read(body(exchange), EmailRequest.class);
    String email = email(req.email());
    limiter.hit("forgot", ip(exchange), email, settings.resendMax());
    OutgoingMail mail =
        Db.tx(
            dataSource,
            c -> {
              User user = userByEmail(c, email, true);
              return user != null && "ACTIVE".equals(user.status())
                  ? codeMail(c, user.id(), email, Purpose.RESET_PASSWORD)
                  : null;
            });
    if (mail != null) {
      exchange.setProperty(MAIL_PROPERTY, mail);
    }
    respond(exchange, 202, RESET_PENDING);
  }

  /**
   * POST /api/auth/reset-password: a right, live, unused reset code sets the new password and signs
   * the account out everywhere (every refresh token is revoked); the owner is told by mail.
   */
  public void resetPassword(Exchange exchange) {
    localOnly();
    ResetRequest req = Json.read(body(exchange), ResetRequest.class);
    String email = email(req.email());
    String code = req.code() == null ? "" : req.code().strip();
    limiter.hit("reset", ip(exchange), null, settings.loginMax());
    if (!CODE.matcher(code).matches()) {
      throw ApiException.invalidField("code", "The code is the 6 digits from the e-mail");
    }
    Passwords.checkPolicy(req.password());
    String hash = passwords.hash(req.password());
    Instant now = clock.instant();
    boolean reset =
        Db.tx(
            dataSource,
            c -> {
              User user = userByEmail(c, email, true);
              if (user == null
                  || !"ACTIVE".equals(user.status())
                  || !consumeCode(c, user.id(), Purpose.RESET_PASSWORD, code, now)) {
                return false;
              }
              update(c, "UPDATE users SET password_hash = ? WHERE id = ?", hash, user.id());
              endAllSessions(c, user.id(), now);
              return true;
            });
    if (!reset) {
      throw ApiException.badRequest(
          "invalid-code",
          "The code is wrong, expired or used up; ask for a new one if you need to");
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
    respond(exchange, 200, Map.of("status", "password-reset"));
  }

  // --- sessions --------------------------------------------------------------------------------

  /** POST /api/auth/login. */
  public void login(Exchange exchange) {
    localOnly();
    LoginRequest req = Json.read(body(exchange), LoginRequest.class);
    String email = req.email() == null ? "" : req.email().strip().toLowerCase(Locale.ROOT);
    String password = req.password() == null ? "" : req.password();
    limiter.hit("login", ip(exchange), email, settings.loginMax());
    User user =
        email.length() > 254 || password.length() > 4 * Passwords.MAX_LENGTH
            ? null
            : Db.tx(dataSource, c -> userByEmail(c, email, false));
    boolean ok = passwords.verify(password, user == null ? null : user.passwordHash());
    if (!ok) {
      throw ApiException.unauthorized("invalid-credentials", "Wrong e-mail or password");
    }
    if ("UNCONFIRMED".equals(user.status())) {
      throw ApiException.forbidden(
          "account-unconfirmed",
          "Confirm your e-mail address first with the code we sent (or ask for a new one)");
    }
    if (!"ACTIVE".equals(user.status())) {
      throw ApiException.forbidden("account-disabled", "This account is disabled");
    }
    if (passwords.needsRehash(user.passwordHash())) {
      String rehashed = passwords.hash(password);
      Db.tx(
          dataSource,
          c -> update(c, "UPDATE users SET password_hash = ? WHERE id = ?", rehashed, user.id()));
    }
    String refresh =
        Db.tx(dataSource, c -> newRefreshToken(c, user.id(), UUID.randomUUID().toString()));
    respond(exchange, 200, tokenResponse(user, refresh));
  }

  /**
   * POST /api/auth/refresh: rotates the refresh token. A token that was already used means it
   * leaked (or was replayed): the whole family is revoked and the caller must log in again.
   */
  public void refresh(Exchange exchange) {
    localOnly();
    RefreshRequest req = Json.read(body(exchange), RefreshRequest.class);
    String presented = req.refreshToken() == null ? "" : req.refreshToken();
    Instant now = clock.instant();
    record Outcome(User user, String refreshToken, boolean reused) {}
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
                ps.setString(1, sha256(presented));
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    return null;
                  }
                  long tokenId = rs.getLong(1);
                  String family = rs.getString(2);
                  Instant expires = Sql.instant(rs.getObject(3, LocalDateTime.class));
                  boolean used = rs.getObject(4) != null;
                  boolean revoked = rs.getObject(5) != null;
                  User user =
                      new User(
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
                  update(
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
    respond(exchange, 200, tokenResponse(outcome.user(), outcome.refreshToken()));
  }

  /** POST /api/auth/logout: revokes the presented refresh token's family; 204 always. */
  public void logout(Exchange exchange) {
    localOnly();
    RefreshRequest req = Json.read(body(exchange), RefreshRequest.class);
    String presented = req.refreshToken() == null ? "" : req.refreshToken();
    Instant now = clock.instant();
    Db.tx(
        dataSource,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT family_id FROM refresh_tokens WHERE token_hash = ?")) {
            ps.setString(1, sha256(presented));
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                revokeFamily(c, rs.getString(1), now);
              }
            }
          }
          return null;
        });
    Message m = exchange.getMessage();
    m.removeHeaders("*");
    m.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    m.setBody(null);
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
                  body.put("createdAt", rs.getObject(5, LocalDateTime.class).toString() + "Z");
                  return body;
                }
              }
            });
    respond(exchange, 200, me);
  }

  /**
   * POST /api/me/password: the signed-in user changes the password, proving the current one. Every
   * other session ends (all refresh tokens are revoked); this one continues with the new token pair
   * of the answer. A wrong current password counts against the login limit.
   */
  public void changePassword(Exchange exchange, @ExchangeProperty("caller") Caller caller) {
    localOnly();
    PasswordChange req = Json.read(body(exchange), PasswordChange.class);
    User user =
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
              update(c, "UPDATE users SET password_hash = ? WHERE id = ?", hash, user.id());
              endAllSessions(c, user.id(), now);
              return newRefreshToken(c, user.id(), UUID.randomUUID().toString());
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
    respond(exchange, 200, tokenResponse(user, refresh));
  }

  // --- account deletion (routes/account.camel.yaml) --------------------------------------------

  /**
   * First step of POST /api/me/deletion {password}: the current password proves it is the owner
   * (local accounts; an external identity provider's token suffices in oidc mode). Wrong tries
   * count against the login limit.
   */
  public void confirmDeletion(Exchange exchange, @ExchangeProperty("caller") Caller caller) {
    DeletionRequest req = Json.read(body(exchange), DeletionRequest.class);
    if (settings.mode() != AuthSettings.Mode.LOCAL) {
      return;
    }
    proveIdentity(exchange, caller, req.password(), "The password is not right", "password");
  }

  /**
   * The caller's current password, checked before a change only the owner may make (new password,
   * deletion); counts against the login rate limit. 400 {@code wrong-password} naming the field.
   */
  private User proveIdentity(
      Exchange exchange, Caller caller, String presented, String wrongMessage, String field) {
    String password = presented == null ? "" : presented;
    limiter.hit("password", ip(exchange), caller.email(), settings.loginMax());
    User user =
        password.length() > 4 * Passwords.MAX_LENGTH
            ? null
            : Db.tx(dataSource, c -> userByEmail(c, caller.email(), false));
    if (user == null
        || user.id() != caller.id()
        || !passwords.verify(password, user.passwordHash())) {
      throw new ApiException(400, "wrong-password", wrongMessage, field, null);
    }
    return user;
  }

  /**
   * Ends every session of a user: the refresh tokens are revoked and the access tokens issued until
   * now are refused by the guard (users.sessions_valid_after).
   */
  private static void endAllSessions(Connection c, long userId, Instant now) throws SQLException {
    update(
        c,
        "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
        Sql.utc(now),
        userId);
    update(
        c,
        "UPDATE users SET sessions_valid_after = ? WHERE id = ?",
        Sql.utc(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
        userId);
  }

  /**
   * Last step of the account deletion, after the videos, reactions and comments went: the user row,
   * and with it (foreign keys) codes, refresh tokens, notifications and pending mail. 204.
   */
  public void deleteAccount(Exchange exchange, @ExchangeProperty("caller") Caller caller) {
    try {
      Db.tx(dataSource, c -> update(c, "DELETE FROM users WHERE id = ?", caller.id()));
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
    var out = exchange.getMessage();
    out.removeHeaders("*");
    out.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    out.setBody(null);
  }

  /**
   * Deletes refresh tokens and confirmation codes that expired more than a day ago (timer route
   * auth-purge); returns how many rows went.
   */
  public int purgeExpired() {
    Instant before = clock.instant().minus(java.time.Duration.ofDays(1));
    return Db.tx(
        dataSource,
        c ->
            update(c, "DELETE FROM refresh_tokens WHERE expires_at < ?", Sql.utc(before))
                + update(
                    c, "DELETE FROM verification_codes WHERE expires_at < ?", Sql.utc(before)));
  }

  // --- mail ------------------------------------------------------------------------------------

  /** Turns exchange property authMail into the message camel-mail sends. */
  public void prepareMail(Exchange exchange) {
    OutgoingMail mail = exchange.getProperty(MAIL_PROPERTY, OutgoingMail.class);
    Message m = exchange.getMessage();
    m.removeHeaders("*");
    m.setHeader("To", mail.to());
    m.setHeader("From", settings.smtpFrom());
    m.setHeader("Subject", mail.subject());
    m.setHeader("Content-Type", "text/plain; charset=UTF-8");
    m.setBody(mail.text());
  }

  // --- helpers ---------------------------------------------------------------------------------

  record User(long id, String email, String displayName, String status, String passwordHash) {}

  /**
   * Uses the user's latest live code of this purpose if {@code code} matches it. A wrong code
   * counts as a try; the last allowed wrong try burns the code (the caller commits either way).
   */
  private boolean consumeCode(Connection c, long userId, Purpose purpose, String code, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, code_hash, failed_attempts, expires_at FROM verification_codes"
                + " WHERE user_id = ? AND purpose = ? AND used_at IS NULL"
                + " ORDER BY id DESC LIMIT 1 FOR UPDATE")) {
      ps.setLong(1, userId);
      ps.setString(2, purpose.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        long codeId = rs.getLong(1);
        String stored = rs.getString(2);
        int failed = rs.getInt(3);
        Instant expires = Sql.instant(rs.getObject(4, LocalDateTime.class));
        if (failed >= settings.codeMaxAttempts() || !expires.isAfter(now)) {
          return false;
        }
        if (!codeMatches(code, stored)) {
          failed++;
          update(
              c,
              "UPDATE verification_codes SET failed_attempts = ?, used_at = ? WHERE id = ?",
              failed,
              failed >= settings.codeMaxAttempts() ? Sql.utc(now) : null,
              codeId);
          return false;
        }
        update(c, "UPDATE verification_codes SET used_at = ? WHERE id = ?", Sql.utc(now), codeId);
        return true;
      }
    }
  }

  private OutgoingMail codeMail(Connection c, long userId, String email, Purpose purpose)
      throws SQLException {
    Instant now = clock.instant();
    // a new code replaces every earlier one of the same purpose
    update(
        c,
        "UPDATE verification_codes SET used_at = ? WHERE user_id = ? AND purpose = ?"
            + " AND used_at IS NULL",
        Sql.utc(now),
        userId,
        purpose.name());
    String code = String.format("%06d", random.nextInt(1_000_000));
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO verification_codes (user_id, purpose, code_hash, expires_at, created_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setLong(1, userId);
      ps.setString(2, purpose.name());
      ps.setString(3, hashCode(code));
      ps.setObject(4, Sql.utc(now.plus(settings.codeTtl())));
      ps.setObject(5, Sql.utc(now));
      ps.executeUpdate();
    }
    boolean reset = purpose == Purpose.RESET_PASSWORD;
    String what = reset ? "password reset code" : "confirmation code";
    if (embedded) {
      // development convenience, embedded stack only: never log codes in external mode
      LOG.info("Embedded mode: {} for {} is {} (mail also at /dev/mail)", what, email, code);
    }
    long minutes = settings.codeTtl().toMinutes();
    return new OutgoingMail(
        email,
        "Your Reelroute " + what + ": " + code,
        "Hello,\n\nYour Reelroute "
            + what
            + " is\n\n    "
            + code
            + "\n\nIt works once and expires in "
            + minutes
            + " minutes. "
            + (reset
                ? "If you did not ask to reset your password, ignore this message; your password"
                    + " stays as it is.\n"
                : "If you did not sign up, ignore this message.\n"));
  }

  private String hashCode(String code) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    String saltHex = HexFormat.of().formatHex(salt);
    return saltHex + ":" + sha256(saltHex + ":" + code);
  }

  static boolean codeMatches(String code, String stored) {
    int colon = stored.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String salt = stored.substring(0, colon);
    return MessageDigest.isEqual(
        sha256(salt + ":" + code).getBytes(StandardCharsets.US_ASCII),
        stored.substring(colon + 1).getBytes(StandardCharsets.US_ASCII));
  }

  private String newRefreshToken(Connection c, long userId, String family) throws SQLException {
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
      ps.setString(3, sha256(token));
      ps.setObject(4, Sql.utc(now.plus(settings.refreshTokenTtl())));
      ps.setObject(5, Sql.utc(now));
      ps.executeUpdate();
    }
    return token;
  }

  private static void revokeFamily(Connection c, String family, Instant now) throws SQLException {
    update(
        c,
        "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
        Sql.utc(now),
        family);
  }

  private TokenResponse tokenResponse(User user, String refreshToken) {
    return new TokenResponse(
        tokens.issue(user.id(), user.email()), refreshToken, tokens.expiresInSeconds(), "Bearer");
  }

  static User userByEmail(Connection c, String email, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, email, display_name, status, password_hash FROM users WHERE email = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, email);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new User(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))
            : null;
      }
    }
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  private void localOnly() {
    if (settings.mode() != AuthSettings.Mode.LOCAL) {
      throw ApiException.notFound("Accounts are managed by the external identity provider");
    }
  }

  private String ip(Exchange exchange) {
    return ClientIp.of(exchange, settings.clientIpHeader());
  }

  private static String body(Exchange exchange) {
    return exchange.getIn().getBody(String.class);
  }

  static String email(String raw) {
    String email = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
      throw ApiException.invalidField("email", "A valid e-mail address is required");
    }
    return email;
  }

  static String displayName(String raw) {
    String name = raw == null ? "" : raw.strip();
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > 100 || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalidField(
          "displayName", "A display name of 1 to 100 characters is required");
    }
    return name;
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a JSON response, dropping the request's headers (none must echo back). */
  static void respond(Exchange exchange, int status, Object body) {
    Message m = exchange.getMessage();
    m.removeHeaders("*");
    m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    m.setHeader(Exchange.CONTENT_TYPE, "application/json");
    m.setHeader("Cache-Control", "no-store");
    m.setBody(Json.write(body));
  }
}
