package io.reelroute.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.config.SettingsException;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyEncryptionTest {

  private static final String JWK = "{\"kty\":\"RSA\",\"kid\":\"k1\",\"d\":\"secret-exponent\"}";

  private static String newKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  void sealsAndOpensWithoutLeakingTheKey() {
    KeyEncryption encryption = KeyEncryption.of(newKey());
    String sealed = encryption.seal("k1", JWK);
    assertTrue(sealed.startsWith("aesgcm1:"), sealed);
    assertFalse(sealed.contains("secret-exponent"));
    assertNotEquals(sealed, encryption.seal("k1", JWK), "a fresh nonce every time");
    assertEquals(JWK, encryption.open("k1", sealed));
  }

  @Test
  void aSealedKeyCannotBeMovedToAnotherRow() {
    KeyEncryption encryption = KeyEncryption.of(newKey());
    String sealed = encryption.seal("k1", JWK);
    SettingsException e =
        assertThrows(SettingsException.class, () -> encryption.open("k2", sealed));
    assertEquals(KeyEncryption.SETTING, e.key());
  }

  @Test
  void aWrongOrMissingKeyNamesTheSetting() {
    String sealed = KeyEncryption.of(newKey()).seal("k1", JWK);
    SettingsException wrong =
        assertThrows(SettingsException.class, () -> KeyEncryption.of(newKey()).open("k1", sealed));
    assertTrue(wrong.getMessage().contains("does not open"), wrong.getMessage());
    SettingsException missing =
        assertThrows(SettingsException.class, () -> KeyEncryption.of("").open("k1", sealed));
    assertTrue(missing.getMessage().contains("is not set"), missing.getMessage());
  }

  @Test
  void withoutAKeyJwksAreStoredAndReadAsTheyAre() {
    KeyEncryption none = KeyEncryption.of(null);
    assertFalse(none.enabled());
    assertEquals(JWK, none.seal("k1", JWK));
    assertEquals(JWK, none.open("k1", JWK));
    assertEquals(JWK, KeyEncryption.of(newKey()).open("k1", JWK), "plain rows stay readable");
  }

  @Test
  void malformedKeysAreRefusedWithAHint() {
    SettingsException notBase64 =
        assertThrows(SettingsException.class, () -> KeyEncryption.of("not base64!"));
    assertTrue(notBase64.getMessage().contains("openssl rand -base64 32"));
    SettingsException tooShort =
        assertThrows(
            SettingsException.class,
            () -> KeyEncryption.of(Base64.getEncoder().encodeToString(new byte[16])));
    assertTrue(tooShort.getMessage().contains("not 16"), tooShort.getMessage());
  }
}
