package io.reelroute.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reelroute.common.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlaybackTokensTest {

  final PlaybackTokens tokens =
      new PlaybackTokens("a secret of at least sixteen".getBytes(StandardCharsets.UTF_8));

  @Test
  void aTokenIsValidForItsVideoUntilItExpires() {
    String token = tokens.issue("abcdefghijk", 42, 400, 1000);
    var grant = tokens.verify(token, "abcdefghijk", 999);
    assertEquals(42, grant.userId());
    assertEquals(1000, grant.expiresAt());
    assertEquals(400, grant.issuedAt());
    assertEquals(600, grant.lifetimeSeconds());
    // the earlier format (no issue time) still verifies, with an unknown lifetime
    var old =
        tokens.verify(tokens.issueWithoutIssueTime("abcdefghijk", 42, 1000), "abcdefghijk", 1);
    assertEquals(-1, old.issuedAt());
    assertEquals(Long.MAX_VALUE, old.lifetimeSeconds());
    ApiException expired =
        assertThrows(ApiException.class, () -> tokens.verify(token, "abcdefghijk", 1000));
    assertEquals("playback-token-expired", expired.code());
    assertEquals(403, expired.status());
  }

  @Test
  void forgedOrMovedTokensAreRefused() {
    String token = tokens.issue("abcdefghijk", 42, 400, 1000);
    assertInvalid(token, "otherkey000");
    // another user id or a later expiry with the same signature
    String sig = token.substring(token.lastIndexOf('.') + 1);
    assertInvalid("1000.7.400." + sig, "abcdefghijk");
    assertInvalid("99999.42.400." + sig, "abcdefghijk");
    assertInvalid("1000.42.999." + sig, "abcdefghijk"); // a later issue time, same signature
    assertInvalid("1000.42." + sig, "abcdefghijk"); // issue time dropped
    assertInvalid(tokens.issue("abcdefghijk", 42, 400, 1000) + "x", "abcdefghijk");
    assertInvalid("", "abcdefghijk");
    assertInvalid("garbage", "abcdefghijk");
    assertInvalid("1.2.", "abcdefghijk");
    // signed with another secret
    var other = new PlaybackTokens("another secret sixteen+".getBytes(StandardCharsets.UTF_8));
    assertInvalid(other.issue("abcdefghijk", 42, 400, 1000), "abcdefghijk");
  }

  private void assertInvalid(String token, String videoKey) {
    ApiException e = assertThrows(ApiException.class, () -> tokens.verify(token, videoKey, 10));
    assertEquals("playback-token-invalid", e.code(), token);
  }
}
