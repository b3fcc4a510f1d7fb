package io.reelroute.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.common.ApiException;
import org.junit.jupiter.api.Test;

class PasswordsTest {

  @Test
  void policyIsLengthAndCommonnessOnly() {
    Passwords.checkPolicy("eight ch");
    Passwords.checkPolicy("x".repeat(128));
    Passwords.checkPolicy("ñandú🦙🦙🦙🦙"); // code points, not UTF-16 units
    assertEquals(
        "invalid-field",
        assertThrows(ApiException.class, () -> Passwords.checkPolicy("seven c")).code());
    assertEquals(
        "invalid-field",
        assertThrows(ApiException.class, () -> Passwords.checkPolicy("x".repeat(129))).code());
    for (String common :
        new String[] {"password", "PASSWORD", "12345678", "qwertyuiop", "iloveyou1"}) {
      ApiException e = assertThrows(ApiException.class, () -> Passwords.checkPolicy(common));
      assertEquals("weak-password", e.code(), common);
      assertEquals("password", e.field());
    }
  }

  @Test
  void commonListIsLoaded() {
    // zxcvbn4j's passwords.txt has 30,000 entries, 11,611 of them 8 characters or longer
    assertTrue(Passwords.commonCount() > 10_000, "loaded " + Passwords.commonCount());
    assertFalse(Passwords.isCommon("correct horse battery staple"));
  }

  @Test
  void hashesAreArgon2idAndVerify() {
    Passwords passwords = new Passwords(8192, 1, 1);
    String hash = passwords.hash("a fine pass phrase");
    assertTrue(hash.startsWith("$argon2id$v=19$m=8192,t=1,p=1$"), hash);
    assertTrue(passwords.verify("a fine pass phrase", hash));
    assertFalse(passwords.verify("a fine pass phrasE", hash));
    assertFalse(passwords.verify("anything", null));
    assertFalse(passwords.needsRehash(hash));
    assertTrue(new Passwords(8192, 2, 1).needsRehash(hash));
  }

  @Test
  void codesAreCheckedAgainstSaltedHashes() {
    String stored = "0011aabb:" + AuthRequests.sha256("0011aabb:123456");
    assertTrue(Codes.matches("123456", stored));
    assertFalse(Codes.matches("123457", stored));
    assertFalse(Codes.matches("123456", "garbage"));
  }
}
