package io.reelroute.auth;

import static io.reelroute.auth.AuthFlowIT.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * reelroute.auth.mode=oidc against a real JWKS HTTP endpoint that this test serves with keys it
 * generates: tokens of the issuer are accepted and mapped to a local user; everything else is 401;
 * the local account endpoints answer 404.
 */
@IntegrationTest
class OidcModeIT {

  private static final String ISSUER = "https://idp.example.test/realms/reelroute";
  private static final String AUDIENCE = "reelroute-web";

  private static HttpServer idp;
  private static final List<RSAKey> published = new CopyOnWriteArrayList<>();
  private static final AtomicInteger jwksFetches = new AtomicInteger();
  private static TestApp oidc;

  @BeforeAll
  static void start(TestApp app) throws Exception {
    published.add(key());
    idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    idp.createContext(
        "/certs",
        exchange -> {
          jwksFetches.incrementAndGet();
          byte[] body =
              new JWKSet(
                      published.stream()
                          .map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK())
                          .toList())
                  .toString(true)
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    idp.start();
    oidc =
        OtherProcess.start(
            app,
            Map.of(
                "reelroute.auth.mode",
                "oidc",
                "reelroute.auth.oidc.issuer",
                ISSUER,
                "reelroute.auth.oidc.audience",
                AUDIENCE,
                "reelroute.auth.oidc.jwks-url",
                "http://127.0.0.1:" + idp.getAddress().getPort() + "/certs",
                "reelroute.auth.oidc.jwks-min-refresh-seconds",
                "1"));
  }

  @AfterAll
  static void stop() {
    if (oidc != null) {
      oidc.close();
    }
    if (idp != null) {
      idp.stop(0);
    }
  }

  private static RSAKey key() throws Exception {
    return new RSAKeyGenerator(2048)
        .keyID(UUID.randomUUID().toString())
        .keyUse(KeyUse.SIGNATURE)
        .generate();
  }

  private static JWTClaimsSet.Builder claims(String sub, String email) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(sub)
        .claim("email", email)
        .claim("email_verified", true)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)));
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

  private static HttpResponse<String> me(String token) {
    return oidc.send(
        HttpRequest.newBuilder(URI.create(oidc.baseUrl() + "/api/me"))
            .header("Authorization", "Bearer " + token)
            .GET());
  }

  @Test
  void issuerTokensMapToALocalUser(TestApp app) throws Exception {
    String sub = UUID.randomUUID().toString();
    String email = "oidc-" + sub.substring(0, 8) + "@example.test";
    HttpResponse<String> first = me(sign(published.get(0), claims(sub, email).build()));
    assertEquals(200, first.statusCode(), first.body());
    JsonNode user = AuthFlowIT.json(first);
    assertEquals(email, user.get("email").asText());
    long id = user.get("id").asLong();
    // the same subject is the same local user next time
    HttpResponse<String> second = me(sign(published.get(0), claims(sub, email).build()));
    assertEquals(id, AuthFlowIT.json(second).get("id").asLong());
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT external_subject, password_hash FROM users WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(ISSUER + "|" + sub, rs.getString(1));
        assertEquals(null, rs.getString(2));
      }
    }
  }

  @Test
  void rfc9068AccessTokenTypeIsAccepted() throws Exception {
    String sub = UUID.randomUUID().toString();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(published.get(0).getKeyID())
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            claims(sub, "at-" + sub.substring(0, 8) + "@example.test").build());
    jwt.sign(new RSASSASigner(published.get(0)));
    assertEquals(200, me(jwt.serialize()).statusCode());
  }

  @Test
  void unknownKidRefetchesTheJwks() throws Exception {
    String sub = UUID.randomUUID().toString();
    String email = "rot-" + sub.substring(0, 8) + "@example.test";
    assertEquals(200, me(sign(published.get(0), claims(sub, email).build())).statusCode());
    // the issuer rotates: a new key appears in its JWKS
    RSAKey rotated = key();
    published.add(rotated);
    Thread.sleep(1_100); // past reelroute.auth.oidc.jwks-min-refresh-seconds
    int before = jwksFetches.get();
    HttpResponse<String> withNewKey = me(sign(rotated, claims(sub, email).build()));
    assertEquals(200, withNewKey.statusCode(), withNewKey.body());
    assertTrue(jwksFetches.get() > before, "the JWKS was fetched again");
  }

  @Test
  void everythingElseIsRefused(TestApp app) throws Exception {
    RSAKey k = published.get(0);
    String sub = UUID.randomUUID().toString();
    String email = "bad-" + sub.substring(0, 8) + "@example.test";
    problem(
        me(sign(k, claims(sub, email).issuer("https://other-idp.test").build())),
        401,
        "invalid-token");
    problem(
        me(sign(k, claims(sub, email).audience("another-client").build())), 401, "invalid-token");
    problem(
        me(
            sign(
                k,
                claims(sub, email)
                    .expirationTime(Date.from(Instant.now().minusSeconds(120)))
                    .build())),
        401,
        "invalid-token");
    problem(me(sign(key(), claims(sub, email).build())), 401, "invalid-token");
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(k.getKeyID()).build(),
            claims(sub, email).build());
    hs.sign(new MACSigner(k.toRSAPublicKey().getEncoded()));
    problem(me(hs.serialize()), 401, "invalid-token");
    // a token of Reelroute's own (local mode) issuer is not accepted here
    TestUsers.Session local = TestUsers.signUp(app);
    problem(me(local.accessToken()), 401, "invalid-token");
  }

  @Test
  void localAccountEndpointsAnswer404() throws Exception {
    for (String path :
        new String[] {
          "/api/auth/register",
          "/api/auth/login",
          "/api/auth/confirm-register",
          "/api/auth/resend-code",
          "/api/auth/refresh",
          "/api/auth/forgot-password",
          "/api/auth/reset-password"
        }) {
      HttpResponse<String> response =
          TestUsers.post(oidc, path, Map.of("email", "x@example.test"), TestUsers.randomIp());
      problem(response, 404, "not-found");
    }
    HttpResponse<String> jwks = oidc.get("/.well-known/jwks.json");
    assertEquals(404, jwks.statusCode());
    assertNotNull(jwks.body());
  }
}
