package io.reelroute.auth;

import static io.reelroute.auth.AuthFlowIT.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: wrong confirmation and reset codes are capped per address per day
 * (reelroute.auth.code-max-failures-per-day, 20 by default), whatever client addresses they come
 * from; then every code check of the address answers 429 with Retry-After, and the owner is told by
 * mail once.
 */
@IntegrationTest
class CodeFailuresIT {

  private static final int CAP = 20;
  private static final String PASSWORD = "the owner's pass phrase";
  private static final String NOTICE = "Too many wrong Reelroute codes";

  private static long notices(TestApp app, String email) {
    return Arrays.stream(app.app().stack().mail().getReceivedMessages())
        .filter(m -> to(m, email) && subject(m).startsWith(NOTICE))
        .count();
  }

  private static boolean to(MimeMessage m, String email) {
    try {
      return m.getAllRecipients() != null
          && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(email));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> reset(TestApp app, String email, String code) {
    return TestUsers.post(
        app,
        "/api/auth/reset-password",
        Map.of("email", email, "code", code, "password", "a brand new pass phrase"),
        TestUsers.randomIp()); // a different client address each time: the per-address limit
  }

  private static HttpResponse<String> confirm(TestApp app, String email, String code) {
    return TestUsers.post(
        app,
        "/api/auth/confirm-register",
        Map.of("email", email, "code", code, "password", "some pass phrase"),
        TestUsers.randomIp());
  }

  @Test
  void wrongCodesFromManyClientsAreCappedPerAccountAndTheOwnerIsTold(TestApp app) throws Exception {
    String email = "capped-" + java.util.UUID.randomUUID() + "@example.test";
    TestUsers.signUp(app, email, PASSWORD, "Owner");
    assertEquals(
        202,
        TestUsers.post(
                app, "/api/auth/forgot-password", Map.of("email", email), TestUsers.randomIp())
            .statusCode());
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(10),
            () -> TestUsers.latestMailTo(app, email).contains("password reset code")));
    String code = TestUsers.awaitCode(app, email);
    String wrong = code.equals("000000") ? "111111" : "000000";

    // confirm and reset share the count
    for (int i = 0; i < CAP; i++) {
      HttpResponse<String> r = i % 4 == 0 ? confirm(app, email, wrong) : reset(app, email, wrong);
      problem(r, 400, "invalid-code");
    }
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(10), () -> notices(app, email) == 1),
        "the owner is told");

    // then a cool-down: even the right code is refused, with Retry-After (up to a day)
    for (HttpResponse<String> r :
        new HttpResponse[] {
          reset(app, email, wrong), reset(app, email, code), confirm(app, email, code)
        }) {
      problem(r, 429, "rate-limited");
      long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retry > 0 && retry <= Duration.ofDays(1).toSeconds() + 1, "Retry-After " + retry);
    }
    Thread.sleep(500);
    assertEquals(1, notices(app, email), "told once");
    // logging in with the password is not affected
    assertEquals(
        200,
        TestUsers.post(
                app,
                "/api/auth/login",
                Map.of("email", email, "password", PASSWORD),
                TestUsers.randomIp())
            .statusCode());
  }

  @Test
  void anUnknownAddressIsCappedTooButNobodyIsMailed(TestApp app) throws Exception {
    String email = "nobody-" + java.util.UUID.randomUUID() + "@example.test";
    for (int i = 0; i < CAP; i++) {
      problem(reset(app, email, "123456"), 400, "invalid-code");
    }
    problem(reset(app, email, "123456"), 429, "rate-limited");
    Thread.sleep(500);
    assertEquals(0, TestUsers.mailCount(app, email));
  }
}
