package io.reelroute.auth;

import static io.reelroute.auth.AuthFlowIT.json;
import static io.reelroute.auth.AuthFlowIT.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Forgotten password: an e-mailed reset code, a new password, every session ended. */
@IntegrationTest
class PasswordResetIT {

  private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

  /** Waits for mail number {@code count} to the address and returns the newest one. */
  private static String awaitMail(TestApp app, String email, int count) {
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(10), () -> TestUsers.mailCount(app, email) >= count),
        "mail " + count + " to " + email);
    return TestUsers.latestMailTo(app, email);
  }

  /** The old refresh tokens are revoked; the old password fails and the new one logs in. */
  private static void assertChanged(
      TestApp app, String email, String old, String fresh, String ip, String... deadRefreshTokens)
      throws Exception {
    for (String dead : deadRefreshTokens) {
      problem(
          TestUsers.post(app, "/api/auth/refresh", Map.of("refreshToken", dead), ip),
          401,
          "invalid-token");
    }
    problem(
        TestUsers.post(app, "/api/auth/login", Map.of("email", email, "password", old), ip),
        401,
        "invalid-credentials");
    assertEquals(
        200,
        TestUsers.post(app, "/api/auth/login", Map.of("email", email, "password", fresh), ip)
            .statusCode());
  }

  private static int me(TestApp app, String bearer) {
    return app.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + "/api/me"))
                .header("Authorization", bearer)
                .GET())
        .statusCode();
  }

  /**
   * Lets the clock pass into the next second: access tokens issued before a password change are
   * refused, compared at whole seconds (the resolution of a JWT's iat).
   */
  private static void nextSecond() throws InterruptedException {
    Thread.sleep(1_100);
  }

  private static String codeIn(String mail) {
    Matcher m = CODE.matcher(mail);
    assertTrue(m.find(), mail);
    return m.group(1);
  }

  @Test
  void aResetCodeSetsANewPasswordAndEndsEverySession(TestApp app) throws Exception {
    String email = "reset-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String old = "the old pass phrase " + UUID.randomUUID();
    String fresh = "a fresh pass phrase " + UUID.randomUUID();
    String ip = TestUsers.randomIp();
    TestUsers.Session session = TestUsers.signUp(app, email, old, "Forgetful");
    int mails = TestUsers.mailCount(app, email);

    // the same answer for a known and an unknown address (no account enumeration)
    HttpResponse<String> asked =
        TestUsers.post(app, "/api/auth/forgot-password", Map.of("email", email), ip);
    String nobody = "nobody-" + UUID.randomUUID() + "@example.test";
    HttpResponse<String> unknown =
        TestUsers.post(app, "/api/auth/forgot-password", Map.of("email", nobody), ip);
    assertEquals(202, asked.statusCode(), asked.body());
    assertEquals(202, unknown.statusCode(), unknown.body());
    assertEquals(json(asked), json(unknown));
    String mail = awaitMail(app, email, mails + 1);
    assertTrue(mail.startsWith("Your Reelroute password reset code: "), mail);
    String code = codeIn(mail);
    assertEquals(0, TestUsers.mailCount(app, nobody));

    // bad input: a wrong code, a common password, a malformed code
    String wrong = code.equals("000000") ? "000001" : "000000";
    problem(
        TestUsers.post(
            app,
            "/api/auth/reset-password",
            Map.of("email", email, "code", wrong, "password", fresh),
            ip),
        400,
        "invalid-code");
    problem(
        TestUsers.post(
            app,
            "/api/auth/reset-password",
            Map.of("email", email, "code", code, "password", "password123"),
            ip),
        400,
        "weak-password");
    problem(
        TestUsers.post(
            app,
            "/api/auth/reset-password",
            Map.of("email", email, "code", "12ab", "password", fresh),
            ip),
        400,
        "invalid-field");

    assertEquals(200, me(app, session.bearer()));
    nextSecond();
    HttpResponse<String> reset =
        TestUsers.post(
            app,
            "/api/auth/reset-password",
            Map.of("email", email, "code", code, "password", fresh),
            ip);
    assertEquals(200, reset.statusCode(), reset.body());
    assertTrue(
        awaitMail(app, email, mails + 2).startsWith("Your Reelroute password was changed"),
        "the owner is told");

    // signed out everywhere: the old access and refresh tokens are dead; only the new password
    // logs in
    assertEquals(401, me(app, session.bearer()));
    assertChanged(app, email, old, fresh, ip, session.refreshToken());
    // a code works once
    problem(
        TestUsers.post(
            app,
            "/api/auth/reset-password",
            Map.of("email", email, "code", code, "password", "yet another phrase 1"),
            ip),
        400,
        "invalid-code");
  }

  private static HttpResponse<String> changePassword(
      TestApp app, String bearer, String current, String next) {
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(app.baseUrl() + "/api/me/password"))
            .header("Content-Type", "application/json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    io.reelroute.common.Json.write(
                        Map.of("currentPassword", current, "newPassword", next))));
    if (bearer != null) {
      request.header("Authorization", bearer);
    }
    return app.send(request);
  }

  @Test
  void aSignedInUserChangesThePasswordAndOtherDevicesAreSignedOut(TestApp app) throws Exception {
    String email = "change-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String old = "the first pass phrase " + UUID.randomUUID();
    String fresh = "the second pass phrase " + UUID.randomUUID();
    String ip = TestUsers.randomIp();
    TestUsers.Session here = TestUsers.signUp(app, email, old, "Careful");
    HttpResponse<String> otherLogin =
        TestUsers.post(app, "/api/auth/login", Map.of("email", email, "password", old), ip);
    String otherRefresh = json(otherLogin).get("refreshToken").asText();
    String otherBearer = "Bearer " + json(otherLogin).get("accessToken").asText();
    int mails = TestUsers.mailCount(app, email);

    problem(changePassword(app, null, old, fresh), 401, "authentication-required");
    JsonNode wrong =
        problem(
            changePassword(app, here.bearer(), "not my password", fresh), 400, "wrong-password");
    assertEquals("currentPassword", wrong.get("field").asText());
    JsonNode weak =
        problem(changePassword(app, here.bearer(), old, "password123"), 400, "weak-password");
    assertEquals("newPassword", weak.get("field").asText());

    nextSecond();
    HttpResponse<String> changed = changePassword(app, here.bearer(), old, fresh);
    assertEquals(200, changed.statusCode(), changed.body());
    String newRefresh = json(changed).get("refreshToken").asText();
    // every access token issued before the change is refused at once; the new one works
    assertEquals(401, me(app, otherBearer));
    assertEquals(401, me(app, here.bearer()));
    assertEquals(200, me(app, "Bearer " + json(changed).get("accessToken").asText()));
    assertTrue(awaitMail(app, email, mails + 1).startsWith("Your Reelroute password was changed"));
    // this device goes on with the new pair; every older refresh token is dead
    assertEquals(
        200,
        TestUsers.post(app, "/api/auth/refresh", Map.of("refreshToken", newRefresh), ip)
            .statusCode());
    assertChanged(app, email, old, fresh, ip, here.refreshToken(), otherRefresh);
  }

  @Test
  void anUnconfirmedAccountGetsNoResetCode(TestApp app) throws Exception {
    String email = "pending-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String ip = TestUsers.randomIp();
    assertEquals(
        202,
        TestUsers.post(
                app,
                "/api/auth/register",
                Map.of("email", email, "password", "some pass phrase 42", "displayName", "P"),
                ip)
            .statusCode());
    awaitMail(app, email, 1); // the confirmation code
    assertEquals(
        202,
        TestUsers.post(app, "/api/auth/forgot-password", Map.of("email", email), ip).statusCode());
    Thread.sleep(1500); // mail goes out after the answer: give it the time it takes
    assertEquals(
        1, TestUsers.mailCount(app, email), "no reset code before the address is confirmed");
  }
}
