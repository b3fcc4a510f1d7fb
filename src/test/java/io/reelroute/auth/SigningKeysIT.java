package io.reelroute.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduled rotation on the real database: after key-rotation-days a new key signs, the old public
 * key is still published and accepted until its last token has expired, and then it is dropped.
 */
@IntegrationTest
class SigningKeysIT {

  private static HikariDataSource isolated;
  private static HikariDataSource sealedDb;

  /**
   * Keys dated a year ahead must not reach the app other tests share (it would sign with them):
   * this test gets its own copy of the table, in a database of its own on the same server.
   */
  private static synchronized DataSource isolatedKeys(TestApp app) {
    if (isolated == null) {
      isolated = copyOfKeyTable(app, "signing_keys_it");
    }
    return isolated;
  }

  private static HikariDataSource copyOfKeyTable(TestApp app, String database) {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS " + database);
      s.execute("DROP TABLE IF EXISTS " + database + ".auth_signing_keys");
      s.execute("CREATE TABLE " + database + ".auth_signing_keys LIKE auth_signing_keys");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        app.app().settings().get("reelroute.db.url").replace("/reelroute?", "/" + database + "?"));
    config.setUsername(app.app().settings().getOrEmpty("reelroute.db.user"));
    config.setPassword(app.app().settings().dbPassword());
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  @AfterAll
  static void closeIsolated() {
    if (isolated != null) {
      isolated.close();
    }
    if (sealedDb != null) {
      sealedDb.close();
    }
  }

  private static SigningKeys at(TestApp app, Instant now) {
    return new SigningKeys(
        isolatedKeys(app),
        KeyEncryption.of(null),
        Duration.ofDays(30),
        Duration.ofMinutes(16),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Set<String> published(SigningKeys keys) {
    return keys.publicJwks().getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
  }

  @Test
  void keysRotateByAgeAndRetiredKeysExpire(TestApp app) {
    Instant later = Instant.now().plus(Duration.ofDays(400));
    String before = at(app, later).signingKey().getKeyID(); // rotates: the current key is too old
    String same = at(app, later.plus(Duration.ofDays(29))).signingKey().getKeyID();
    assertEquals(before, same, "not due yet");

    Instant due = later.plus(Duration.ofDays(30)).plusSeconds(1);
    SigningKeys rotated = at(app, due);
    String after = rotated.signingKey().getKeyID();
    assertNotEquals(before, after);
    assertTrue(published(rotated).containsAll(Set.of(before, after)));
    assertTrue(rotated.verificationKey(before).isPresent(), "old tokens still verify");

    SigningKeys muchLater = at(app, due.plus(Duration.ofMinutes(17)));
    assertFalse(published(muchLater).contains(before), "retired key dropped after its tokens");
    assertTrue(muchLater.verificationKey(before).isEmpty());
    assertTrue(published(muchLater).contains(after));
  }

  @Test
  void aKeyEncryptionKeySealsStoredKeysInPlaceAndIsRequiredFromThenOn(TestApp app)
      throws Exception {
    sealedDb = copyOfKeyTable(app, "signing_keys_sealed_it");
    Clock clock = Clock.systemUTC();
    SigningKeys plain =
        new SigningKeys(
            sealedDb, KeyEncryption.of(null), Duration.ofDays(30), Duration.ofMinutes(16), clock);
    plain.init();
    String kid = plain.signingKey().getKeyID();
    assertTrue(storedJwk(kid).contains("\"d\""), "stored as plain JWK without a key");

    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    String kek = java.util.Base64.getEncoder().encodeToString(bytes);
    SigningKeys sealed =
        new SigningKeys(
            sealedDb, KeyEncryption.of(kek), Duration.ofDays(30), Duration.ofMinutes(16), clock);
    sealed.init();
    assertEquals(kid, sealed.signingKey().getKeyID(), "the same key signs, now sealed");
    String stored = storedJwk(kid);
    assertTrue(stored.startsWith("aesgcm1:"), stored);
    assertFalse(stored.contains("\"d\""), "no private exponent in the database");
    assertTrue(sealed.signingKey().isPrivate());

    for (String wrong :
        new String[] {"", java.util.Base64.getEncoder().encodeToString(new byte[32])}) {
      SigningKeys refused =
          new SigningKeys(
              sealedDb,
              KeyEncryption.of(wrong),
              Duration.ofDays(30),
              Duration.ofMinutes(16),
              clock);
      io.reelroute.config.SettingsException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              io.reelroute.config.SettingsException.class, refused::init);
      assertEquals(KeyEncryption.SETTING, e.key(), e.getMessage());
    }
  }

  private static String storedJwk(String kid) throws Exception {
    try (Connection c = sealedDb.getConnection();
        java.sql.PreparedStatement s =
            c.prepareStatement("SELECT private_jwk FROM auth_signing_keys WHERE kid = ?")) {
      s.setString(1, kid);
      try (java.sql.ResultSet r = s.executeQuery()) {
        assertTrue(r.next());
        return r.getString(1);
      }
    }
  }
}
