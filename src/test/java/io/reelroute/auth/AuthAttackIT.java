package io.reelroute.auth;

import static io.reelroute.auth.AuthFlowIT.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.TestUsers.Session;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The attack matrix of issue 3: every case is refused with the right status and code, as
 * problem+json without a stack trace.
 */
@IntegrationTest
class AuthAttackIT {

  private static final String AUDIENCE = "reelroute-api";

  // --- access tokens ---------------------------------------------------------------------------

  private static HttpResponse<String> me(TestApp app, String token) {
    return app.send(
        HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/me"))
            .header("Authorization", "Bearer " + token)
            .GET());
  }

  private static RSAKey currentKey(TestApp app) throws Exception {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT private_jwk FROM auth_signing_keys WHERE retired_at IS NULL"
                    + " ORDER BY created_at DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      assertTrue(rs.next());
      return RSAKey.parse(rs.getString(1));
    }
  }

  private static JWTClaimsSet.Builder claims(TestApp app, Session s, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(app.app().settings().get("reelroute.public-url"))
        .audience(AUDIENCE)
        .subject(Long.toString(s.userId()))
        .claim("email", s.email())
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600)));
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Test
  void forgedAndInvalidAccessTokensAreRefused(TestApp app) throws Exception {
    Session s = TestUsers.signUp(app);
    RSAKey key = currentKey(app);
    Instant now = Instant.now();

    // control: a token built like ours with the real key is accepted
    assertEquals(200, me(app, sign(key, claims(app, s, now).build())).statusCode());
    assertEquals(200, me(app, s.accessToken()).statusCode());

    // alg none
    String payload = s.accessToken().split("\\.")[1];
    problem(
        me(app, b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + "."),
        401,
        "invalid-token");
    problem(me(app, b64("{\"alg\":\"none\"}") + "." + payload + ".x"), 401, "invalid-token");

    // HS256 with the published public key as the HMAC secret
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
            claims(app, s, now).build());
    hs.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
    problem(me(app, hs.serialize()), 401, "invalid-token");
    SignedJWT hsJwk =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
            claims(app, s, now).build());
    hsJwk.sign(new MACSigner(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
    problem(me(app, hsJwk.serialize()), 401, "invalid-token");

    // tampered payload (another user id) with the original signature
    String[] parts = s.accessToken().split("\\.");
    String otherPayload =
        b64(claims(app, s, now).subject(Long.toString(s.userId() + 1)).build().toString());
    problem(me(app, parts[0] + "." + otherPayload + "." + parts[2]), 401, "invalid-token");

    // tampered signature
    char[] sig = parts[2].toCharArray();
    sig[10] = sig[10] == 'A' ? 'B' : 'A';
    problem(me(app, parts[0] + "." + parts[1] + "." + new String(sig)), 401, "invalid-token");

    // expired (beyond the 30 s skew) and not yet valid
    problem(
        me(
            app,
            sign(
                key,
                claims(app, s, now.minusSeconds(3600))
                    .expirationTime(Date.from(now.minusSeconds(120)))
                    .build())),
        401,
        "invalid-token");
    problem(
        me(
            app,
            sign(key, claims(app, s, now).notBeforeTime(Date.from(now.plusSeconds(300))).build())),
        401,
        "invalid-token");

    // correctly signed but living longer than we issue (access-token-minutes + clock skew):
    // exp ten years ahead, or an iat in the future stretching the window the same way
    problem(
        me(
            app,
            sign(
                key,
                claims(app, s, now)
                    .expirationTime(Date.from(now.plus(java.time.Duration.ofDays(3650))))
                    .build())),
        401,
        "invalid-token");
    problem(
        me(
            app,
            sign(
                key,
                claims(app, s, now)
                    .expirationTime(Date.from(now.plusSeconds(15 * 60 + 31)))
                    .build())),
        401,
        "invalid-token");
    Instant future = now.plus(java.time.Duration.ofDays(3650));
    problem(
        me(
            app,
            sign(
                key,
                claims(app, s, now)
                    .issueTime(Date.from(future))
                    .expirationTime(Date.from(future.plusSeconds(600)))
                    .build())),
        401,
        "invalid-token");
    // exactly the lifetime we issue (15 min) is fine
    assertEquals(
        200,
        me(
                app,
                sign(
                    key,
                    claims(app, s, now)
                        .expirationTime(Date.from(now.plusSeconds(15 * 60)))
                        .build()))
            .statusCode());

    // wrong issuer, wrong audience
    problem(
        me(app, sign(key, claims(app, s, now).issuer("https://evil.example").build())),
        401,
        "invalid-token");
    problem(
        me(app, sign(key, claims(app, s, now).audience("someone-else").build())),
        401,
        "invalid-token");

    // a key we never published (unknown kid) and a missing kid
    RSAKey stranger = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    problem(me(app, sign(stranger, claims(app, s, now).build())), 401, "invalid-token");
    RSAKey sameKeyOtherKid = new RSAKey.Builder(key).keyID("not-a-kid-of-ours").build();
    problem(me(app, sign(sameKeyOtherKid, claims(app, s, now).build())), 401, "invalid-token");

    // garbage
    problem(me(app, "not.a.jwt"), 401, "invalid-token");
    problem(me(app, ""), 401, "invalid-token"); // "Bearer " without a token
  }

  // --- refresh tokens --------------------------------------------------------------------------

  @Test
  void reusedRefreshTokenRevokesTheFamily(TestApp app) throws Exception {
    Session s = TestUsers.signUp(app);
    String ip = TestUsers.randomIp();
    HttpResponse<String> first =
        TestUsers.post(app, "/api/auth/refresh", Map.of("refreshToken", s.refreshToken()), ip);
    assertEquals(200, first.statusCode(), first.body());
    String next = AuthFlowIT.json(first).get("refreshToken").asText();

    // the old one again: refused, and the family (including `next`) is revoked
    problem(
        TestUsers.post(app, "/api/auth/refresh", Map.of("refreshToken", s.refreshToken()), ip),
        401,
        "invalid-token");
    problem(
        TestUsers.post(app, "/api/auth/refresh", Map.of("refreshToken", next), ip),
        401,
        "invalid-token");
    problem(
        TestUsers.post(app, "/api/auth/refresh", Map.of("refreshToken", "made-up"), ip),
        401,
        "invalid-token");
  }

  // --- confirmation codes ----------------------------------------------------------------------

  private static final String PENDING_PASSWORD = "pending pass phrase";

  private static String registerPending(TestApp app, String ip) {
    String email = "code-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    HttpResponse<String> r =
        TestUsers.post(
            app,
            "/api/auth/register",
            Map.of("email", email, "password", PENDING_PASSWORD, "displayName", "C"),
            ip);
    assertEquals(202, r.statusCode(), r.body());
    return email;
  }

  private static HttpResponse<String> confirm(TestApp app, String email, String code, String ip) {
    return TestUsers.post(
        app,
        "/api/auth/confirm-register",
        Map.of("email", email, "code", code, "password", PENDING_PASSWORD),
        ip);
  }

  @Test
  void reusedCodeIsRefused(TestApp app) throws Exception {
    String ip = TestUsers.randomIp();
    String email = registerPending(app, ip);
    String code = TestUsers.awaitCode(app, email);
    assertEquals(200, confirm(app, email, code, ip).statusCode());
    problem(confirm(app, email, code, ip), 400, "invalid-code");
  }

  @Test
  void expiredCodeIsRefused(TestApp app) throws Exception {
    String ip = TestUsers.randomIp();
    String email = registerPending(app, ip);
    String code = TestUsers.awaitCode(app, email);
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE pending_registrations SET code_expires_at = ? WHERE email = ?")) {
      ps.setObject(1, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1));
      ps.setString(2, email);
      assertEquals(1, ps.executeUpdate());
    }
    problem(confirm(app, email, code, ip), 400, "invalid-code");
  }

  @Test
  void sixthTryAfterFiveWrongCodesIsRefusedEvenWithTheRightCode(TestApp app) throws Exception {
    String ip = TestUsers.randomIp();
    String email = registerPending(app, ip);
    String code = TestUsers.awaitCode(app, email);
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 5; i++) {
      problem(confirm(app, email, wrong, ip), 400, "invalid-code");
    }
    problem(confirm(app, email, code, ip), 400, "invalid-code");
    // a resent code works again: the user is not locked out
    assertEquals(
        202, TestUsers.post(app, "/api/auth/resend-code", Map.of("email", email), ip).statusCode());
    TestApp.eventually(
        java.time.Duration.ofSeconds(10), () -> !TestUsers.awaitCode(app, email).equals(code));
    String fresh = TestUsers.awaitCode(app, email);
    assertEquals(200, confirm(app, email, fresh, ip).statusCode());
  }

  // --- brute force and enumeration -------------------------------------------------------------

  private static final String PASSWORD = "the owner's pass phrase";

  @Test
  void loginBruteForceOnOneAccountIsRateLimited(TestApp app) throws Exception {
    Session s =
        TestUsers.signUp(
            app,
            "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test",
            PASSWORD,
            "O");
    // every attempt from another address: the per-account limit stops them
    for (int i = 0; i < 9; i++) {
      problem(
          TestUsers.post(
              app,
              "/api/auth/login",
              Map.of("email", s.email(), "password", "wrong password " + i),
              TestUsers.randomIp()),
          401,
          "invalid-credentials");
    }
    HttpResponse<String> limited =
        TestUsers.post(
            app,
            "/api/auth/login",
            Map.of("email", s.email(), "password", "wrong again"),
            TestUsers.randomIp());
    problem(limited, 429, "rate-limited");
    int retryAfter = Integer.parseInt(limited.headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retryAfter > 0 && retryAfter <= 301, "Retry-After " + retryAfter);
    // the right password is refused too while the window lasts ...
    problem(
        TestUsers.post(
            app,
            "/api/auth/login",
            Map.of("email", s.email(), "password", PASSWORD),
            TestUsers.randomIp()),
        429,
        "rate-limited");
    // ... but not for ever: once the window has passed (moved back here), the owner gets in
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE auth_rate_limits SET window_start = window_start - INTERVAL 301 SECOND"
                    + " WHERE bucket = ?")) {
      ps.setString(1, "login:account:" + RateLimiter.digest(s.email()));
      assertEquals(1, ps.executeUpdate());
    }
    assertEquals(
        200,
        TestUsers.post(
                app,
                "/api/auth/login",
                Map.of("email", s.email(), "password", PASSWORD),
                TestUsers.randomIp())
            .statusCode());
  }

  @Test
  void resendAndRegisterAreRateLimited(TestApp app) throws Exception {
    String ip = TestUsers.randomIp();
    String email = registerPending(app, ip);
    // register counted once for the address; resend allows 5 per window
    for (int i = 0; i < 5; i++) {
      assertEquals(
          202,
          TestUsers.post(app, "/api/auth/resend-code", Map.of("email", email), TestUsers.randomIp())
              .statusCode());
    }
    HttpResponse<String> limited =
        TestUsers.post(app, "/api/auth/resend-code", Map.of("email", email), TestUsers.randomIp());
    problem(limited, 429, "rate-limited");
    assertTrue(limited.headers().firstValue("Retry-After").isPresent());

    String from = TestUsers.randomIp();
    for (int i = 0; i < 10; i++) {
      assertEquals(
          202,
          TestUsers.post(
                  app,
                  "/api/auth/register",
                  Map.of(
                      "email", "many-" + i + "-" + UUID.randomUUID() + "@example.test",
                      "password", "pass phrase " + i,
                      "displayName", "M"),
                  from)
              .statusCode());
    }
    problem(
        TestUsers.post(
            app,
            "/api/auth/register",
            Map.of(
                "email", "one-more@example.test", "password", "pass phrase x", "displayName", "M"),
            from),
        429,
        "rate-limited");
  }

  @Test
  void loginBruteForceFromOneAddressIsRateLimited(TestApp app) throws Exception {
    String ip = TestUsers.randomIp();
    for (int i = 0; i < 10; i++) {
      problem(
          TestUsers.post(
              app,
              "/api/auth/login",
              Map.of("email", "nobody-" + i + "@example.test", "password", "whatever pass"),
              ip),
          401,
          "invalid-credentials");
    }
    HttpResponse<String> limited =
        TestUsers.post(
            app,
            "/api/auth/login",
            Map.of("email", "nobody-x@example.test", "password", "whatever pass"),
            ip);
    problem(limited, 429, "rate-limited");
    assertTrue(limited.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void registeringATakenAddressLooksLikeANewOne(TestApp app) throws Exception {
    Session existing = TestUsers.signUp(app);
    int mailsBefore = TestUsers.mailCount(app, existing.email());
    String fresh = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    HttpResponse<String> forNew =
        TestUsers.post(
            app,
            "/api/auth/register",
            Map.of("email", fresh, "password", "pass phrase for new", "displayName", "N"),
            TestUsers.randomIp());
    HttpResponse<String> forTaken =
        TestUsers.post(
            app,
            "/api/auth/register",
            Map.of(
                "email", existing.email(), "password", "pass phrase for old", "displayName", "N"),
            TestUsers.randomIp());
    assertEquals(forNew.statusCode(), forTaken.statusCode());
    assertEquals(202, forTaken.statusCode());
    assertEquals(forNew.body(), forTaken.body());
    assertEquals(
        forNew.headers().firstValue("Content-Type"), forTaken.headers().firstValue("Content-Type"));
    // the owner of the taken address is told, without a code; the old password still works
    assertTrue(
        TestApp.eventually(
            java.time.Duration.ofSeconds(10),
            () -> TestUsers.mailCount(app, existing.email()) > mailsBefore));
    assertTrue(TestUsers.latestMailTo(app, existing.email()).contains("already has an account"));
    assertEquals(
        401,
        TestUsers.post(
                app,
                "/api/auth/login",
                Map.of("email", existing.email(), "password", "pass phrase for old"),
                TestUsers.randomIp())
            .statusCode());
  }

  @Test
  void commonAndShortPasswordsAreRefused(TestApp app) throws Exception {
    for (String password : new String[] {"password", "Password1", "iloveyou", "qwertyuiop"}) {
      problem(
          TestUsers.post(
              app,
              "/api/auth/register",
              Map.of("email", "weak@example.test", "password", password, "displayName", "W"),
              TestUsers.randomIp()),
          400,
          "weak-password");
    }
    assertEquals(
        "password",
        problem(
                TestUsers.post(
                    app,
                    "/api/auth/register",
                    Map.of("email", "weak@example.test", "password", "short", "displayName", "W"),
                    TestUsers.randomIp()),
                400,
                "invalid-field")
            .get("field")
            .asText());
  }
}
