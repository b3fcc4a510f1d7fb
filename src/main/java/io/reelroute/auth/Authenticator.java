package io.reelroute.auth;

import io.reelroute.common.ApiException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Turns a bearer token into a {@link Caller}: verifies it (our own tokens in local mode, the
 * external issuer's in oidc mode), then finds the local user row. In oidc mode the row is found by
 * issuer and subject, and created on first sight (e-mail from the token).
 */
public final class Authenticator {

  private final DataSource dataSource;
  private final AuthSettings settings;
  private final Tokens localTokens;
  private final OidcTokens oidcTokens;
  private final Clock clock;

  public Authenticator(
      DataSource dataSource,
      AuthSettings settings,
      Tokens localTokens,
      OidcTokens oidcTokens,
      Clock clock) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.localTokens = localTokens;
    this.oidcTokens = oidcTokens;
    this.clock = clock;
  }

  public Caller authenticate(String token) {
    if (token == null || token.isBlank() || token.length() > 16_384) {
      throw TokenVerifier.invalid();
    }
    return settings.mode() == AuthSettings.Mode.OIDC ? external(token) : local(token);
  }

  private Caller local(String token) {
    TokenVerifier.Verified verified = localTokens.verify(token);
    long id;
    try {
      id = Long.parseLong(verified.subject());
    } catch (NumberFormatException e) {
      throw TokenVerifier.invalid();
    }
    Caller caller =
        Db.tx(
            dataSource,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, email, display_name, sessions_valid_after, role FROM users"
                          + " WHERE id = ? AND status = 'ACTIVE'")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()
                      || endedBefore(
                          verified.issuedAt(), rs.getObject(4, java.time.LocalDateTime.class))) {
                    return null;
                  }
                  return caller(
                      rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(5), true);
                }
              }
            });
    if (caller == null) {
      throw TokenVerifier.invalid();
    }
    return caller;
  }

  /**
   * The caller with the effective role: admin when listed in reelroute.admin.emails and the address
   * is vouched for (a local account is confirmed by its code; an external issuer must say
   * email_verified on the token), else the stored role.
   */
  private Caller caller(long id, String email, String name, String stored, boolean vouched) {
    return new Caller(
        id,
        email,
        name,
        Roles.effective(stored, email, vouched ? settings.adminEmails() : java.util.Set.of()));
  }

  /**
   * Whether a token was issued before the user's sessions were ended (password change or reset).
   * Both are compared at whole seconds, the resolution of iat.
   */
  static boolean endedBefore(java.time.Instant issuedAt, java.time.LocalDateTime validAfter) {
    if (validAfter == null) {
      return false;
    }
    return issuedAt == null || issuedAt.getEpochSecond() < Sql.instant(validAfter).getEpochSecond();
  }

  private Caller external(String token) {
    TokenVerifier.Verified verified = oidcTokens.verify(token);
    String subject = verified.issuer() + "|" + verified.subject();
    if (subject.length() > 512) {
      throw TokenVerifier.invalid();
    }
    boolean vouched = Boolean.TRUE.equals(verified.emailVerified());
    Caller known = findExternal(subject, vouched);
    if (known != null) {
      return known;
    }
    if (verified.email() == null || verified.email().isBlank()) {
      throw ApiException.unauthorized(
          "invalid-token", "The token has no email claim; the issuer must include it");
    }
    String email = verified.email().strip().toLowerCase(Locale.ROOT);
    String name = email.substring(0, Math.max(1, email.indexOf('@')));
    Caller created =
        Db.tx(
            dataSource,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO users (email, display_name, status, external_subject,"
                          + " confirmed_at) VALUES (?, ?, 'ACTIVE', ?, ?)",
                      Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, email);
                ps.setString(2, name.length() > 100 ? name.substring(0, 100) : name);
                ps.setString(3, subject);
                ps.setObject(4, Sql.utc(clock.instant()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                  keys.next();
                  long id = keys.getLong(1);
                  Handles.assign(c, id, name); // the channel page's address (social)
                  boolean first = vouched && Roles.onConfirmed(c, id, settings.adminEmails());
                  return caller(id, email, name, first ? Roles.ADMIN : Roles.USER, vouched);
                }
              } catch (SQLIntegrityConstraintViolationException taken) {
                return null;
              }
            });
    if (created != null) {
      return created;
    }
    // Created by a concurrent request, or the e-mail belongs to an existing row: link that row
    // only when the issuer vouches for the address.
    known = findExternal(subject, vouched);
    if (known != null) {
      return known;
    }
    if (vouched) {
      Db.tx(
          dataSource,
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE users SET external_subject = ? WHERE email = ?"
                        + " AND external_subject IS NULL")) {
              ps.setString(1, subject);
              ps.setString(2, email);
              return ps.executeUpdate();
            }
          });
      known = findExternal(subject, vouched);
      if (known != null) {
        return known;
      }
    }
    throw ApiException.forbidden(
        "account-conflict", "Another account already uses this token's e-mail address");
  }

  private Caller findExternal(String subject, boolean vouched) {
    return Db.tx(
        dataSource,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, email, display_name, status, role FROM users"
                      + " WHERE external_subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return null;
              }
              if (!"ACTIVE".equals(rs.getString(4))) {
                throw ApiException.forbidden("account-disabled", "This account is disabled");
              }
              return caller(
                  rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(5), vouched);
            }
          }
        });
  }
}
