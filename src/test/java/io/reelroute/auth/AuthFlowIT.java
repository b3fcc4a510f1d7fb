package io.reelroute.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The whole sign-up and session flow through HTTP against the embedded stack. */
@IntegrationTest
class AuthFlowIT {

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.MAPPER.readTree(response.body());
  }

  static JsonNode problem(HttpResponse<String> response, int status, String code) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(
        "application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    assertFalse(response.body().contains("Exception"), response.body());
    assertFalse(response.body().contains("\tat "), response.body());
    JsonNode body = json(response);
    assertEquals(code, body.get("code").asText(), response.body());
    return body;
  }

  @Test
  void registerConfirmLoginMeRefreshLogout(TestApp app) throws Exception {
    String email = "Flow-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.test";
    String password = "a long enough passphrase " + UUID.randomUUID();
    String ip = TestUsers.randomIp();

    HttpResponse<String> registered =
        TestUsers.post(
            app,
            "/api/auth/register",
            Map.of("email", email, "password", password, "displayName", "Flow Tester"),
            ip);
    assertEquals(202, registered.statusCode(), registered.body());

    // before confirming, login says so with its own code
    problem(
        TestUsers.post(app, "/api/auth/login", Map.of("email", email, "password", password), ip),
        403,
        "account-unconfirmed");

    // the code arrives over SMTP (GreenMail)
    String code = TestUsers.awaitCode(app, email.toLowerCase());
    HttpResponse<String> confirmed =
        TestUsers.post(
            app,
            "/api/auth/confirm-register",
            Map.of("email", email, "code", code, "password", password),
            ip);
    assertEquals(200, confirmed.statusCode(), confirmed.body());

    HttpResponse<String> login =
        TestUsers.post(app, "/api/auth/login", Map.of("email", email, "password", password), ip);
    assertEquals(200, login.statusCode(), login.body());
    JsonNode tokens = json(login);
    assertEquals("Bearer", tokens.get("tokenType").asText());
    assertEquals(900, tokens.get("expiresIn").asInt());
    String access = tokens.get("accessToken").asText();
    String refresh = tokens.get("refreshToken").asText();

    HttpResponse<String> me =
        app.send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/me"))
                .header("Authorization", "Bearer " + access)
                .GET());
    assertEquals(200, me.statusCode(), me.body());
    assertEquals(email.toLowerCase(), json(me).get("email").asText());
    assertEquals("Flow Tester", json(me).get("displayName").asText());
    assertTrue(me.headers().firstValue("Authorization").isEmpty(), "token must not echo back");

    // refresh rotates
    HttpResponse<String> refreshed =
        TestUsers.post(app, "/api/auth/refresh", Map.of("refreshToken", refresh), ip);
    assertEquals(200, refreshed.statusCode(), refreshed.body());
    String refresh2 = json(refreshed).get("refreshToken").asText();
    assertNotEquals(refresh, refresh2);
    assertNotNull(json(refreshed).get("accessToken").asText());

    // logout revokes the family: the current refresh token no longer works
    HttpResponse<String> logout =
        TestUsers.post(app, "/api/auth/logout", Map.of("refreshToken", refresh2), ip);
    assertEquals(204, logout.statusCode(), logout.body());
    problem(
        TestUsers.post(app, "/api/auth/refresh", Map.of("refreshToken", refresh2), ip),
        401,
        "invalid-token");
  }

  @Test
  void testUsersHelperSignsUp(TestApp app) {
    TestUsers.Session session = TestUsers.signUp(app);
    HttpResponse<String> me = TestUsers.get(app, session, "/api/me");
    assertEquals(200, me.statusCode(), me.body());
    assertTrue(me.body().contains("\"id\":" + session.userId()), me.body());
  }

  @Test
  void meNeedsAToken(TestApp app) throws Exception {
    problem(app.get("/api/me"), 401, "authentication-required");
    problem(
        app.send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/me"))
                .header("Authorization", "Basic dXNlcjpwdw==")
                .GET()),
        401,
        "invalid-token");
  }
}
