package io.reelroute.auth;

import static io.reelroute.auth.AuthFlowIT.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.TestUsers.Session;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Two api processes on one database: they share the signing keys (a token from one works on the
 * other), the rate limits, and key rotation; the development mail box and the code in the log exist
 * only in the embedded-mode process.
 */
@IntegrationTest
class AuthProcessesIT {

  private static TestApp other;

  @BeforeAll
  static void startOther(TestApp app) {
    other = OtherProcess.start(app, Map.of());
  }

  @AfterAll
  static void stopOther() {
    if (other != null) {
      other.close();
    }
  }

  private static HttpResponse<String> me(TestApp target, String token) {
    return target.send(
        HttpRequest.newBuilder(URI.create(target.baseUrl() + "/api/me"))
            .header("Authorization", "Bearer " + token)
            .GET());
  }

  private static Set<String> kids(TestApp target) throws Exception {
    HttpResponse<String> jwks = target.get("/.well-known/jwks.json");
    assertEquals(200, jwks.statusCode(), jwks.body());
    assertTrue(jwks.headers().firstValue("Content-Type").orElse("").contains("jwk-set+json"));
    assertFalse(jwks.body().contains("\"d\""), "no private parts in the JWKS");
    return JWKSet.parse(jwks.body()).getKeys().stream()
        .map(k -> k.getKeyID())
        .collect(Collectors.toSet());
  }

  private static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  @Test
  void processesShareKeysAndRotationKeepsOldTokensValid(TestApp app) throws Exception {
    Session s = TestUsers.signUp(app);
    assertEquals(kids(app), kids(other));
    assertEquals(
        200, me(other, s.accessToken()).statusCode(), "token of one process, used on another");

    SigningKeys keys =
        app.app()
            .camelContext()
            .getRegistry()
            .lookupByNameAndType("signingKeys", SigningKeys.class);
    String oldKid = kid(s.accessToken());
    String newKid = keys.rotate().getKeyID();
    assertNotEquals(oldKid, newKid);
    assertTrue(kids(app).containsAll(Set.of(oldKid, newKid)), "old public key stays published");

    // a new login signs with the new key; both tokens work on both processes
    HttpResponse<String> login =
        TestUsers.post(
            other,
            "/api/auth/refresh",
            Map.of("refreshToken", s.refreshToken()),
            TestUsers.randomIp());
    assertEquals(200, login.statusCode(), login.body());
    String fresh = AuthFlowIT.json(login).get("accessToken").asText();
    // the other process picks the new signing key up within its reload interval (60 s); a token
    // it verifies with an unknown kid makes it reload at once
    String freshFromApp = null;
    HttpResponse<String> again =
        TestUsers.post(
            app,
            "/api/auth/refresh",
            Map.of("refreshToken", AuthFlowIT.json(login).get("refreshToken").asText()),
            TestUsers.randomIp());
    assertEquals(200, again.statusCode(), again.body());
    freshFromApp = AuthFlowIT.json(again).get("accessToken").asText();
    assertEquals(newKid, kid(freshFromApp));
    for (String token : new String[] {s.accessToken(), fresh, freshFromApp}) {
      assertEquals(200, me(app, token).statusCode());
      assertEquals(200, me(other, token).statusCode());
    }
  }

  @Test
  void rateLimitsHoldAcrossProcesses(TestApp app) throws Exception {
    Session s = TestUsers.signUp(app); // 1 login on the account
    for (int i = 0; i < 9; i++) {
      TestApp target = i % 2 == 0 ? app : other;
      problem(
          TestUsers.post(
              target,
              "/api/auth/login",
              Map.of("email", s.email(), "password", "guess " + i),
              TestUsers.randomIp()),
          401,
          "invalid-credentials");
    }
    for (TestApp target : new TestApp[] {app, other}) {
      HttpResponse<String> limited =
          TestUsers.post(
              target,
              "/api/auth/login",
              Map.of("email", s.email(), "password", "guess again"),
              TestUsers.randomIp());
      problem(limited, 429, "rate-limited");
      assertTrue(limited.headers().firstValue("Retry-After").isPresent());
    }
  }

  @Test
  void devMailBoxAndLoggedCodeOnlyInEmbeddedMode(TestApp app) throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(Codes.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      String email = "dev-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
      assertEquals(
          202,
          TestUsers.post(
                  app,
                  "/api/auth/register",
                  Map.of(
                      "email", email, "password", "dev pass phrase", "displayName", "<b>Dev</b>"),
                  TestUsers.randomIp())
              .statusCode());
      String code = TestUsers.awaitCode(app, email);
      assertTrue(
          log.list.stream()
              .anyMatch(
                  e ->
                      e.getLevel() == ch.qos.logback.classic.Level.INFO
                          && e.getFormattedMessage().contains(code)
                          && e.getFormattedMessage().contains(email)),
          "embedded mode logs the code at INFO");

      HttpResponse<String> json = app.get("/dev/mail.json");
      assertEquals(200, json.statusCode());
      JsonNode messages = AuthFlowIT.json(json);
      assertTrue(messages.isArray() && messages.size() > 0);
      assertTrue(json.body().contains(code));
      HttpResponse<String> html = app.get("/dev/mail");
      assertEquals(200, html.statusCode());
      assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
      assertTrue(html.body().contains(code));

      // the external-mode process: no mail box, and a resent code is mailed but never logged
      problem(other.get("/dev/mail"), 404, "not-found");
      problem(other.get("/dev/mail.json"), 404, "not-found");
      log.list.clear();
      assertEquals(
          202,
          TestUsers.post(
                  other, "/api/auth/resend-code", Map.of("email", email), TestUsers.randomIp())
              .statusCode());
      assertTrue(
          TestApp.eventually(
              Duration.ofSeconds(10), () -> !TestUsers.awaitCode(app, email).equals(code)));
      String resent = TestUsers.awaitCode(app, email);
      assertTrue(
          log.list.stream().noneMatch(e -> e.getFormattedMessage().contains(resent)),
          "external mode never logs a code");
    } finally {
      logger.detachAppender(log);
    }
  }
}
