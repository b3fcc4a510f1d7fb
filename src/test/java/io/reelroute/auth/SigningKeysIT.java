package io.reelroute.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scheduled rotation on the real database: after key-rotation-days a new key signs, the old public
 * key is still published and accepted until its last token has expired, and then it is dropped.
 */
@IntegrationTest
class SigningKeysIT {

  private static SigningKeys at(TestApp app, Instant now) {
    return new SigningKeys(
        app.app().infrastructure().dataSource(),
        Duration.ofDays(30),
        Duration.ofMinutes(16),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Set<String> published(SigningKeys keys) {
    return keys.publicJwks().getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
  }

  @Test
  void keysRotateByAgeAndRetiredKeysExpire(TestApp app) {
    // a point well after everything any other test created
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
}
