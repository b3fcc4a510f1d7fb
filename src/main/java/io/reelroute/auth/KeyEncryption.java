package io.reelroute.auth;

import io.reelroute.config.SettingsException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the private signing keys at rest with AES-256-GCM under a key-encryption key that lives
 * outside the database (a secret store, a mounted file), so that a database dump or backup alone
 * cannot forge access tokens. The key id is the associated data: a sealed key cannot be moved to
 * another row. Without a key-encryption key, keys are stored as plain JWK JSON (and read either
 * way, so a key can be introduced later: the stored keys are then sealed in place).
 */
public final class KeyEncryption {

  /** The setting holding the base64 of 32 random bytes ({@code openssl rand -base64 32}). */
  public static final String SETTING = "reelroute.auth.key-encryption-key";

  static final String PREFIX = "aesgcm1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private KeyEncryption(SecretKeySpec key) {
    this.key = key;
  }

  /** From the setting's value; empty or null = no encryption. */
  public static KeyEncryption of(String base64) {
    if (base64 == null || base64.isBlank()) {
      return new KeyEncryption(null);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new SettingsException(SETTING, "is not base64 (make one: openssl rand -base64 32)");
    }
    if (bytes.length != 32) {
      throw new SettingsException(
          SETTING,
          "must be 32 bytes in base64, not " + bytes.length + " (openssl rand -base64 32)");
    }
    return new KeyEncryption(new SecretKeySpec(bytes, "AES"));
  }

  public boolean enabled() {
    return key != null;
  }

  static boolean sealed(String stored) {
    return stored.startsWith(PREFIX);
  }

  /** What to store for a key's JWK JSON: sealed when a key-encryption key is set. */
  public String seal(String kid, String jwkJson) {
    if (key == null) {
      return jwkJson;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(jwkJson.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return PREFIX + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The JWK JSON of a stored value; a wrong or missing key-encryption key names the setting. */
  public String open(String kid, String stored) {
    if (!sealed(stored)) {
      return stored;
    }
    if (key == null) {
      throw new SettingsException(
          SETTING, "is not set, but the stored signing keys are encrypted with one");
    }
    byte[] all;
    try {
      all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("stored signing key " + kid + " is damaged", e);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
      return new String(
          cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new SettingsException(
          SETTING, "does not open the stored signing keys (a different key sealed them)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot open stored signing key " + kid, e);
    }
  }
}
