package io.reelroute.auth;

import static io.reelroute.auth.AuthFlowIT.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for issue 12's account takeover before confirmation: an attacker who registers
 * the victim's address with their own password (before or after the victim) must never end up with
 * a password on the account, because they cannot read the victim's mail.
 */
@IntegrationTest
class PendingRegistrationIT {

  private static final String VICTIM = "the victim's own pass phrase";
  private static final String ATTACKER = "the attacker's pass phrase";

  private static String address() {
    return "pending-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }

  private static HttpResponse<String> register(TestApp app, String email, String password) {
    return TestUsers.post(
        app,
        "/api/auth/register",
        Map.of("email", email, "password", password, "displayName", "Someone"),
        TestUsers.randomIp());
  }

  private static HttpResponse<String> confirm(
      TestApp app, String email, String code, String password) {
    return TestUsers.post(
        app,
        "/api/auth/confirm-register",
        Map.of("email", email, "code", code, "password", password),
        TestUsers.randomIp());
  }

  private static int login(TestApp app, String email, String password) {
    return TestUsers.post(
            app,
            "/api/auth/login",
            Map.of("email", email, "password", password),
            TestUsers.randomIp())
        .statusCode();
  }

  /** The newest code in the mailbox once {@code count} mails have arrived. */
  private static String newestCode(TestApp app, String email, int count) {
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(10), () -> TestUsers.mailCount(app, email) >= count),
        count + " mails to " + email);
    return TestUsers.awaitCode(app, email);
  }

  @Test
  void victimFirstThenAttackerOnlyTheVictimsPasswordWorks(TestApp app) throws Exception {
    String email = address();
    assertEquals(202, register(app, email, VICTIM).statusCode());
    newestCode(app, email, 1);
    assertEquals(202, register(app, email, ATTACKER).statusCode());
    String code = newestCode(app, email, 2);

    // before confirming: the attacker's sign-up changed nothing about the victim's attempt
    assertEquals(403, login(app, email, VICTIM));
    // a guess without the mail does not confirm the attacker's attempt
    String wrong = code.equals("000000") ? "111111" : "000000";
    problem(confirm(app, email, wrong, ATTACKER), 400, "invalid-code");

    // the victim confirms with the newest code in the mailbox and their own password
    assertEquals(200, confirm(app, email, code, VICTIM).statusCode());
    assertEquals(401, login(app, email, ATTACKER));
    assertEquals(200, login(app, email, VICTIM));
    // the attacker's attempt went with the confirmation: the code cannot activate it any more
    problem(confirm(app, email, code, ATTACKER), 400, "invalid-code");
    assertEquals(401, login(app, email, ATTACKER));
  }

  @Test
  void attackerFirstThenVictimOnlyTheVictimsPasswordWorks(TestApp app) throws Exception {
    String email = address();
    assertEquals(202, register(app, email, ATTACKER).statusCode());
    newestCode(app, email, 1);
    assertEquals(202, register(app, email, VICTIM).statusCode());
    String code = newestCode(app, email, 2);

    assertEquals(200, confirm(app, email, code, VICTIM).statusCode());
    assertEquals(401, login(app, email, ATTACKER));
    assertEquals(200, login(app, email, VICTIM));
    // registering again after confirmation only tells the owner; the password stays
    assertEquals(202, register(app, email, ATTACKER).statusCode());
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(10),
            () -> TestUsers.latestMailTo(app, email).contains("already has an account")));
    assertEquals(401, login(app, email, ATTACKER));
    assertEquals(200, login(app, email, VICTIM));
  }

  @Test
  void theRightCodeWithAnotherPasswordActivatesNothing(TestApp app) throws Exception {
    String email = address();
    assertEquals(202, register(app, email, VICTIM).statusCode());
    String code = newestCode(app, email, 1);
    problem(confirm(app, email, code, ATTACKER), 400, "invalid-code");
    assertEquals(401, login(app, email, ATTACKER));
    assertEquals(403, login(app, email, VICTIM));
    // the code still works with the attempt's own password (one wrong try of five used)
    assertEquals(200, confirm(app, email, code, VICTIM).statusCode());
    assertEquals(200, login(app, email, VICTIM));
  }

  @Test
  void confirmWithoutPasswordNamesTheField(TestApp app) throws Exception {
    HttpResponse<String> response =
        TestUsers.post(
            app,
            "/api/auth/confirm-register",
            Map.of("email", address(), "code", "123456"),
            TestUsers.randomIp());
    assertEquals("password", problem(response, 400, "invalid-field").get("field").asText());
  }

  @Test
  void anAccountLeftUnconfirmedByAnEarlierVersionBecomesTheConfirmedAttempts(TestApp app)
      throws Exception {
    String email = address();
    try (var c = app.app().infrastructure().dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "INSERT INTO users (email, display_name, password_hash, status)"
                    + " VALUES (?, 'Old', 'not-a-hash', 'UNCONFIRMED')")) {
      ps.setString(1, email);
      ps.executeUpdate();
    }
    assertEquals(202, register(app, email, VICTIM).statusCode());
    String code = newestCode(app, email, 1);
    assertEquals(200, confirm(app, email, code, VICTIM).statusCode());
    assertEquals(200, login(app, email, VICTIM));
    try (var c = app.app().infrastructure().dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "SELECT COUNT(*), MIN(status), MIN(display_name) FROM users WHERE email = ?")) {
      ps.setString(1, email);
      try (var rs = ps.executeQuery()) {
        rs.next();
        assertEquals(1, rs.getInt(1));
        assertEquals("ACTIVE", rs.getString(2));
        assertEquals("Someone", rs.getString(3));
      }
    }
  }
}
