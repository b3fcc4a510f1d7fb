package io.reelroute.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RS256 signing keys, stored in the database so that every api process signs and verifies with
 * the same keys and tokens survive restarts. The newest unretired key signs; it is rotated after
 * {@code reelroute.auth.key-rotation-days}. A retired key's public part stays published (and
 * accepted) until the last token it signed has expired.
 */
public final class SigningKeys {

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final String LOCK = "reelroute.auth.signing-keys";
  private static final Duration RELOAD_EVERY = Duration.ofSeconds(60);

  /** One stored key. {@code retiredAt} is null for the signing key. */
  public record StoredKey(RSAKey jwk, Instant createdAt, Instant retiredAt) {}

  private final DataSource dataSource;
  private final KeyEncryption encryption;
  private final Duration rotation;
  private final Duration retiredKeyLifetime;
  private final Clock clock;

  private volatile List<StoredKey> keys = List.of();
  private volatile Instant loadedAt = Instant.EPOCH;

  public SigningKeys(
      DataSource dataSource,
      KeyEncryption encryption,
      Duration rotation,
      Duration retiredKeyLifetime,
      Clock clock) {
    this.dataSource = dataSource;
    this.encryption = encryption;
    this.rotation = rotation;
    this.retiredKeyLifetime = retiredKeyLifetime;
    this.clock = clock;
  }

  /** The key that signs new tokens; creates or rotates it (once across all processes) as due. */
  public synchronized RSAKey signingKey() {
    Instant now = clock.instant();
    if (Duration.between(loadedAt, now).compareTo(RELOAD_EVERY) > 0) {
      reload();
    }
    StoredKey current = current();
    if (current == null || current.createdAt().plus(rotation).isBefore(now)) {
      ensureFresh(false);
      current = current();
    }
    return current.jwk();
  }

  /** The public key for a kid that is still accepted, reloading once on a miss (rate limited). */
  public Optional<RSAKey> verificationKey(String kid) {
    if (kid == null) {
      return Optional.empty();
    }
    Optional<RSAKey> found = find(kid);
    // A miss may be a key another process just created: reload if the database has it. The check
    // is one primary-key lookup, so forged kids cost no more than any authenticated request, and a
    // fresh key is never refused for a while after this process happened to load.
    if (found.isEmpty() && stored(kid)) {
      synchronized (this) {
        reload();
      }
      found = find(kid);
    }
    return found;
  }

  /** The public keys to publish: the signing key and retired keys whose tokens may still live. */
  public JWKSet publicJwks() {
    if (Duration.between(loadedAt, clock.instant()).compareTo(RELOAD_EVERY) > 0) {
      synchronized (this) {
        reload();
      }
    }
    Instant now = clock.instant();
    List<com.nimbusds.jose.jwk.JWK> published = new ArrayList<>();
    for (StoredKey key : keys) {
      if (accepted(key, now)) {
        published.add(key.jwk().toPublicJWK());
      }
    }
    return new JWKSet(published);
  }

  /** Starts signing with a new key now; the old one stays published until its tokens expire. */
  public synchronized RSAKey rotate() {
    ensureFresh(true);
    return current().jwk();
  }

  /** Makes sure a signing key exists; called at start-up so that the first request is fast. */
  public void init() {
    if (encryption.enabled()) {
      sealStoredKeys();
    }
    signingKey();
  }

  /** Seals keys stored before a key-encryption key was set; each row once, whoever comes first. */
  private void sealStoredKeys() {
    try (Connection c = dataSource.getConnection()) {
      List<String[]> plain = new ArrayList<>();
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT kid, private_jwk FROM auth_signing_keys"
                      + " WHERE private_jwk NOT LIKE 'aesgcm1:%'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plain.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      for (String[] row : plain) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE auth_signing_keys SET private_jwk = ? WHERE kid = ? AND private_jwk = ?")) {
          ps.setString(1, encryption.seal(row[0], row[1]));
          ps.setString(2, row[0]);
          ps.setString(3, row[1]);
          if (ps.executeUpdate() == 1) {
            LOG.info("Sealed stored signing key {} with {}", row[0], KeyEncryption.SETTING);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot seal signing keys: " + e.getMessage(), e);
    }
  }

  private Optional<RSAKey> find(String kid) {
    Instant now = clock.instant();
    return keys.stream()
        .filter(k -> k.jwk().getKeyID().equals(kid) && accepted(k, now))
        .map(StoredKey::jwk)
        .findFirst();
  }

  private boolean accepted(StoredKey key, Instant now) {
    return key.retiredAt() == null || key.retiredAt().plus(retiredKeyLifetime).isAfter(now);
  }

  private StoredKey current() {
    return keys.stream().filter(k -> k.retiredAt() == null).findFirst().orElse(null);
  }

  private boolean stored(String kid) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT 1 FROM auth_signing_keys WHERE kid = ?")) {
      ps.setString(1, kid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read signing keys: " + e.getMessage(), e);
    }
  }

  private void reload() {
    List<StoredKey> loaded = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT kid, private_jwk, created_at, retired_at FROM auth_signing_keys"
                    + " ORDER BY created_at DESC")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          loaded.add(
              new StoredKey(
                  RSAKey.parse(encryption.open(rs.getString(1), rs.getString(2))),
                  Sql.instant(rs.getObject(3, LocalDateTime.class)),
                  Sql.instant(rs.getObject(4, LocalDateTime.class))));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read signing keys: " + e.getMessage(), e);
    } catch (ParseException e) {
      throw new IllegalStateException("a stored signing key is not a valid JWK", e);
    }
    keys = List.copyOf(loaded);
    loadedAt = clock.instant();
  }

  /**
   * Under a database-wide lock (so two processes starting together create one key): creates a key
   * if none signs, or if the signing one is due for rotation or {@code force}.
   */
  private void ensureFresh(boolean force) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement lock = c.prepareStatement("SELECT GET_LOCK(?, 30)")) {
        lock.setString(1, LOCK);
        try (ResultSet rs = lock.executeQuery()) {
          if (!rs.next() || rs.getInt(1) != 1) {
            throw new IllegalStateException("timed out waiting for the signing-key lock");
          }
        }
      }
      try {
        Instant now = clock.instant();
        StoredKey signing = null;
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT kid, private_jwk, created_at FROM auth_signing_keys"
                    + " WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1")) {
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              signing =
                  new StoredKey(
                      RSAKey.parse(encryption.open(rs.getString(1), rs.getString(2))),
                      Sql.instant(rs.getObject(3, LocalDateTime.class)),
                      null);
            }
          }
        }
        // Re-checked under the lock: another process may just have created or rotated the key.
        boolean due = force || signing == null || signing.createdAt().plus(rotation).isBefore(now);
        if (due) {
          RSAKey fresh = generate();
          c.setAutoCommit(false);
          try {
            try (PreparedStatement retire =
                c.prepareStatement(
                    "UPDATE auth_signing_keys SET retired_at = ? WHERE retired_at IS NULL")) {
              retire.setObject(1, Sql.utc(now));
              retire.executeUpdate();
            }
            try (PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO auth_signing_keys"
                        + " (kid, algorithm, private_jwk, public_jwk, created_at)"
                        + " VALUES (?, 'RS256', ?, ?, ?)")) {
              insert.setString(1, fresh.getKeyID());
              insert.setString(2, encryption.seal(fresh.getKeyID(), fresh.toJSONString()));
              insert.setString(3, fresh.toPublicJWK().toJSONString());
              insert.setObject(4, Sql.utc(now));
              insert.executeUpdate();
            }
            c.commit();
          } catch (SQLException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
          LOG.info(
              "New token signing key {} ({})",
              fresh.getKeyID(),
              signing == null ? "first start" : "rotated from " + signing.jwk().getKeyID());
        }
      } finally {
        try (PreparedStatement unlock = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
          unlock.setString(1, LOCK);
          unlock.executeQuery().close();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store signing keys: " + e.getMessage(), e);
    } catch (ParseException e) {
      throw new IllegalStateException("a stored signing key is not a valid JWK", e);
    }
    reload();
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048)
          .keyID(UUID.randomUUID().toString())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }
}
