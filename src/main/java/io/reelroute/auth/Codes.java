package io.reelroute.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 6-digit codes mailed to prove that someone reads an address: drawing, salted hashing and
 * checking them, the password reset codes of existing accounts (table verification_codes), and the
 * mail that carries a code. Sign-up codes live with their pending registration.
 */
final class Codes {

  private static final Logger LOG = LoggerFactory.getLogger(Codes.class);
  private static final String RESET = "RESET_PASSWORD";

  private final AuthSettings settings;
  private final Clock clock;
  private final boolean embedded;
  private final SecureRandom random = new SecureRandom();

  Codes(AuthSettings settings, Clock clock, boolean embedded) {
    this.settings = settings;
    this.clock = clock;
    this.embedded = embedded;
  }

  /** A fresh random code of 6 digits. */
  String draw() {
    return String.format("%06d", random.nextInt(1_000_000));
  }

  /** {@code salt:sha256(salt:code)} with a fresh salt. */
  String hash(String code) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    String saltHex = HexFormat.of().formatHex(salt);
    return saltHex + ":" + AuthRequests.sha256(saltHex + ":" + code);
  }

  static boolean matches(String code, String stored) {
    int colon = stored.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String salt = stored.substring(0, colon);
    return MessageDigest.isEqual(
        AuthRequests.sha256(salt + ":" + code).getBytes(StandardCharsets.US_ASCII),
        stored.substring(colon + 1).getBytes(StandardCharsets.US_ASCII));
  }

  /** A new reset code for an account (every earlier one dies) and the mail that carries it. */
  OutgoingMail issueReset(Connection c, long userId, String email) throws SQLException {
    Instant now = clock.instant();
    Users.update(
        c,
        "UPDATE verification_codes SET used_at = ? WHERE user_id = ? AND purpose = ?"
            + " AND used_at IS NULL",
        Sql.utc(now),
        userId,
        RESET);
    String code = draw();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO verification_codes (user_id, purpose, code_hash, expires_at, created_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setLong(1, userId);
      ps.setString(2, RESET);
      ps.setString(3, hash(code));
      ps.setObject(4, Sql.utc(now.plus(settings.codeTtl())));
      ps.setObject(5, Sql.utc(now));
      ps.executeUpdate();
    }
    return mail(email, code, true);
  }

  /**
   * Uses the account's latest live reset code if {@code code} matches it. A wrong code counts as a
   * try; the last allowed wrong try burns the code (the caller commits either way).
   */
  boolean consumeReset(Connection c, long userId, String code, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, code_hash, failed_attempts, expires_at FROM verification_codes"
                + " WHERE user_id = ? AND purpose = ? AND used_at IS NULL"
                + " ORDER BY id DESC LIMIT 1 FOR UPDATE")) {
      ps.setLong(1, userId);
      ps.setString(2, RESET);
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
        if (!matches(code, stored)) {
          failed++;
          Users.update(
              c,
              "UPDATE verification_codes SET failed_attempts = ?, used_at = ? WHERE id = ?",
              failed,
              failed >= settings.codeMaxAttempts() ? Sql.utc(now) : null,
              codeId);
          return false;
        }
        Users.update(
            c, "UPDATE verification_codes SET used_at = ? WHERE id = ?", Sql.utc(now), codeId);
        return true;
      }
    }
  }

  /** The mail carrying a confirmation or reset code. */
  OutgoingMail mail(String email, String code, boolean reset) {
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
                : "Enter it with the password you chose when you signed up. If you did not sign"
                    + " up, ignore this message.\n"));
  }
}
