package io.reelroute.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Reelroute-Signature header, against a vector computed independently (Python hmac). */
class WebhookSignatureTest {

  @Test
  void signsTimestampDotBodyWithTheWholeSecret() {
    // python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_plJ3xNLdBzOq1Ul8Dc2YdQ',
    //   b'1700000000.{\"id\":\"9b2f\",\"type\":\"video.ready\"}', hashlib.sha256).hexdigest())"
    String body = "{\"id\":\"9b2f\",\"type\":\"video.ready\"}";
    assertEquals(
        "t=1700000000,v1=debcd16f61ca9ca388da43132dd57e8316d2fb35d9881d8b60ea422f2bb12365",
        WebhookSignature.header("whsec_plJ3xNLdBzOq1Ul8Dc2YdQ", 1700000000L, body));
    // any change of time, body or secret changes it
    assertNotEquals(
        WebhookSignature.header("whsec_plJ3xNLdBzOq1Ul8Dc2YdQ", 1700000001L, body),
        WebhookSignature.header("whsec_plJ3xNLdBzOq1Ul8Dc2YdQ", 1700000000L, body));
    assertNotEquals(
        WebhookSignature.header("whsec_plJ3xNLdBzOq1Ul8Dc2YdQ", 1700000000L, body + " "),
        WebhookSignature.header("whsec_plJ3xNLdBzOq1Ul8Dc2YdQ", 1700000000L, body));
  }

  @Test
  void secretsAreWhsecAnd32RandomBytes() {
    String a = WebhookSignature.newSecret();
    String b = WebhookSignature.newSecret();
    assertTrue(a.matches("whsec_[A-Za-z0-9_-]{43}"), a);
    assertNotEquals(a, b);
  }

  @Test
  void retriesBackOffExponentiallyUpToAnHour() {
    Duration base = Duration.ofSeconds(10);
    assertEquals(10, WebhookDeliveries.delaySeconds(base, 1));
    assertEquals(20, WebhookDeliveries.delaySeconds(base, 2));
    assertEquals(40, WebhookDeliveries.delaySeconds(base, 3));
    assertEquals(2560, WebhookDeliveries.delaySeconds(base, 9));
    assertEquals(3600, WebhookDeliveries.delaySeconds(base, 10));
    assertEquals(3600, WebhookDeliveries.delaySeconds(base, 400));
  }
}
