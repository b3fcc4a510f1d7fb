package io.reelroute.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Sign-up attempts not confirmed yet (table pending_registrations, V14). Every attempt is its own
 * row with its own password; nothing is written to {@code users} until an attempt is confirmed. All
 * live attempts of one address share the newest mailed code (each row hashes it with its own salt),
 * so the code proves that the address is read and the password picks the attempt: an attempt whose
 * password the person reading the mail does not know can never be activated by them by accident,
 * and nobody who cannot read the mail can activate any.
 */
final class PendingRegistrations {

  /** How long a sign-up attempt can be confirmed (a resent code revives it within this time). */
  static final Duration LIFETIME = Duration.ofDays(1);

  /** Attempts kept per address; a new one drops the oldest beyond this. */
  static final int MAX_PER_ADDRESS = 5;

  /** One live sign-up attempt. */
  record Attempt(long id, String displayName, String passwordHash, String codeHash) {}

  private final AuthSettings settings;
  private final Codes codes;
  private final Clock clock;

  PendingRegistrations(AuthSettings settings, Codes codes, Clock clock) {
    this.settings = settings;
    this.codes = codes;
    this.clock = clock;
  }

  /**
   * Records a new attempt and gives it and every other attempt of the address one fresh code;
   * returns the code to mail.
   */
  String add(Connection c, String email, String displayName, String passwordHash)
      throws SQLException {
    Instant now = clock.instant();
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM pending_registrations WHERE email = ? ORDER BY id DESC FOR UPDATE")) {
      ps.setString(1, email);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    for (long old : ids.subList(Math.min(ids.size(), MAX_PER_ADDRESS - 1), ids.size())) {
      Users.update(c, "DELETE FROM pending_registrations WHERE id = ?", old);
    }
    String code = codes.draw();
    recode(c, email, code, now);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO pending_registrations (email, display_name, password_hash, code_hash,"
                + " code_expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, email);
      ps.setString(2, displayName);
      ps.setString(3, passwordHash);
      ps.setString(4, codes.hash(code));
      ps.setObject(5, Sql.utc(now.plus(settings.codeTtl())));
      ps.setObject(6, Sql.utc(now));
      ps.executeUpdate();
    }
    return code;
  }

  /**
   * A fresh code for every attempt of the address made within {@link #LIFETIME}; returns the code
   * to mail, or null when the address has none.
   */
  String resend(Connection c, String email) throws SQLException {
    String code = codes.draw();
    return recode(c, email, code, clock.instant()) > 0 ? code : null;
  }

  private int recode(Connection c, String email, String code, Instant now) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM pending_registrations WHERE email = ? AND created_at > ? FOR UPDATE")) {
      ps.setString(1, email);
      ps.setObject(2, Sql.utc(now.minus(LIFETIME)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    for (long id : ids) {
      Users.update(
          c,
          "UPDATE pending_registrations SET code_hash = ?, failed_attempts = 0,"
              + " code_expires_at = ? WHERE id = ?",
          codes.hash(code),
          Sql.utc(now.plus(settings.codeTtl())),
          id);
    }
    return ids.size();
  }

  /** The attempts of the address whose code is live and not burnt, newest first. */
  List<Attempt> live(Connection c, String email, Instant now) throws SQLException {
    List<Attempt> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, display_name, password_hash, code_hash FROM pending_registrations"
                + " WHERE email = ? AND code_expires_at > ? AND failed_attempts < ?"
                + " AND created_at > ? ORDER BY id DESC LIMIT "
                + MAX_PER_ADDRESS)) {
      ps.setString(1, email);
      ps.setObject(2, Sql.utc(now));
      ps.setInt(3, settings.codeMaxAttempts());
      ps.setObject(4, Sql.utc(now.minus(LIFETIME)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Attempt(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return out;
  }

  /** The password hashes of the newest attempts of the address (for login's "unconfirmed"). */
  List<String> recentPasswordHashes(Connection c, String email, int max) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT password_hash FROM pending_registrations WHERE email = ? AND created_at > ?"
                + " ORDER BY id DESC LIMIT "
                + max)) {
      ps.setString(1, email);
      ps.setObject(2, Sql.utc(clock.instant().minus(LIFETIME)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Locks the attempt if it is still live with the same code; false when it no longer is. */
  boolean lockLive(Connection c, Attempt attempt, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT code_hash, failed_attempts, code_expires_at FROM pending_registrations"
                + " WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, attempt.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            && rs.getString(1).equals(attempt.codeHash())
            && rs.getInt(2) < settings.codeMaxAttempts()
            && Sql.instant(rs.getObject(3, LocalDateTime.class)).isAfter(now);
      }
    }
  }

  /** A wrong try counts against the address's live code (the last allowed one burns it). */
  void countWrongTry(Connection c, String email, Instant now) throws SQLException {
    Users.update(
        c,
        "UPDATE pending_registrations SET failed_attempts = failed_attempts + 1"
            + " WHERE email = ? AND code_expires_at > ?",
        email,
        Sql.utc(now));
  }

  static boolean exists(Connection c, String email) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM pending_registrations WHERE email = ? LIMIT 1")) {
      ps.setString(1, email);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Every attempt of the address goes (one was confirmed). */
  static void forget(Connection c, String email) throws SQLException {
    Users.update(c, "DELETE FROM pending_registrations WHERE email = ?", email);
  }

  /** Deletes attempts that can no longer be confirmed or revived; returns how many went. */
  int purge(Connection c, Instant now) throws SQLException {
    return Users.update(
        c,
        "DELETE FROM pending_registrations WHERE created_at < ? AND code_expires_at < ?",
        Sql.utc(now.minus(LIFETIME)),
        Sql.utc(now));
  }
}
