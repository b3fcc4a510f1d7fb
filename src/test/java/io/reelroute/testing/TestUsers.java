package io.reelroute.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.nimbusds.jwt.SignedJWT;
import io.reelroute.common.Json;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs users up through HTTP the way a person does: register, read the code from the mail that
 * GreenMail captured, confirm, log in. Each user gets its own client address (X-Forwarded-For,
 * trusted in tests) so the per-address rate limits of one test do not affect another.
 */
public final class TestUsers {

  /** A signed-up, logged-in user. */
  public record Session(long userId, String email, String accessToken, String refreshToken) {

    /** The Authorization header value. */
    public String bearer() {
      return "Bearer " + accessToken;
    }
  }

  /** The address of reelroute.admin.emails in tests (TestApp). */
  public static final String ADMIN_EMAIL = "admin@example.test";

  /** Its password (the browser test logs in with it). */
  public static final String ADMIN_PASSWORD = "admin password for the tests";

  private static final Map<TestApp, Session> ADMINS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final Map<TestApp, Long> ADMIN_SINCE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestUsers() {}

  /**
   * The admin of the app (issue 15): admin@example.test, listed in reelroute.admin.emails; signed
   * up on first use, logged in again when its access token is older than ten minutes.
   */
  public static synchronized Session admin(TestApp app) {
    Session known = ADMINS.get(app);
    if (known != null && System.currentTimeMillis() - ADMIN_SINCE.get(app) < 600_000) {
      return known;
    }
    String password = ADMIN_PASSWORD;
    Session session;
    if (known == null) {
      session = signUp(app, ADMIN_EMAIL, password, "Site Admin");
    } else {
      HttpResponse<String> login =
          post(
              app,
              "/api/auth/login",
              Map.of("email", ADMIN_EMAIL, "password", password),
              randomIp());
      expect(200, login);
      JsonNode tokens = read(login.body());
      String access = tokens.get("accessToken").asText();
      session =
          new Session(subject(access), ADMIN_EMAIL, access, tokens.get("refreshToken").asText());
    }
    ADMINS.put(app, session);
    ADMIN_SINCE.put(app, System.currentTimeMillis());
    return session;
  }

  /** A new confirmed user with a fresh session. */
  public static Session signUp(TestApp app) {
    String email = "user-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
    return signUp(app, email, "correct horse " + UUID.randomUUID(), "Test User");
  }

  public static Session signUp(TestApp app, String email, String password, String displayName) {
    String ip = randomIp();
    HttpResponse<String> registered =
        post(
            app,
            "/api/auth/register",
            Map.of("email", email, "password", password, "displayName", displayName),
            ip);
    expect(202, registered);
    String code = awaitCode(app, email);
    expect(
        200,
        post(
            app,
            "/api/auth/confirm-register",
            Map.of("email", email, "code", code, "password", password),
            ip));
    HttpResponse<String> login =
        post(app, "/api/auth/login", Map.of("email", email, "password", password), ip);
    expect(200, login);
    JsonNode tokens = read(login.body());
    String access = tokens.get("accessToken").asText();
    return new Session(
        subject(access), email.toLowerCase(), access, tokens.get("refreshToken").asText());
  }

  /** The 6-digit code of the newest mail GreenMail holds for the address (waits up to 10 s). */
  public static String awaitCode(TestApp app, String email) {
    AtomicReference<String> code = new AtomicReference<>();
    TestApp.eventually(
        Duration.ofSeconds(10),
        () -> {
          String latest = latestMailTo(app, email);
          if (latest == null) {
            return false;
          }
          Matcher m = CODE.matcher(latest);
          if (m.find()) {
            code.set(m.group(1));
            return true;
          }
          return false;
        });
    if (code.get() == null) {
      throw new AssertionError("no confirmation code mailed to " + email);
    }
    return code.get();
  }

  /** Subject and body of the newest message captured for an address, or null. */
  public static String latestMailTo(TestApp app, String email) {
    MimeMessage[] messages = app.app().stack().mail().getReceivedMessages();
    for (int i = messages.length - 1; i >= 0; i--) {
      try {
        Address[] to = messages[i].getAllRecipients();
        if (to != null) {
          for (Address a : to) {
            if (a.toString().equalsIgnoreCase(email)) {
              return messages[i].getSubject() + "\n" + GreenMailUtil.getBody(messages[i]);
            }
          }
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return null;
  }

  /** Number of messages captured for an address. */
  public static int mailCount(TestApp app, String email) {
    int count = 0;
    for (MimeMessage message : app.app().stack().mail().getReceivedMessages()) {
      try {
        Address[] to = message.getAllRecipients();
        if (to != null) {
          for (Address a : to) {
            if (a.toString().equalsIgnoreCase(email)) {
              count++;
            }
          }
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return count;
  }

  /** A request with the session's access token. */
  public static HttpRequest.Builder authorized(TestApp app, Session session, String path) {
    return HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
        .header("Authorization", session.bearer());
  }

  /** GET with the session's access token. */
  public static HttpResponse<String> get(TestApp app, Session session, String path) {
    return app.send(authorized(app, session, path).GET());
  }

  /** POST of a JSON body from a given client address (X-Forwarded-For). */
  public static HttpResponse<String> post(TestApp app, String path, Object body, String ip) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (ip != null) {
      request.header("X-Forwarded-For", ip);
    }
    return app.send(request);
  }

  /** A random address in 10.0.0.0/8 to stand for one client. */
  public static String randomIp() {
    return "10."
        + RANDOM.nextInt(256)
        + "."
        + RANDOM.nextInt(256)
        + "."
        + (1 + RANDOM.nextInt(254));
  }

  private static long subject(String accessToken) {
    try {
      return Long.parseLong(SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject());
    } catch (java.text.ParseException e) {
      throw new AssertionError("access token is not a JWT", e);
    }
  }

  private static JsonNode read(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private static void expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new AssertionError(
          "expected "
              + status
              + " from "
              + response.request().uri()
              + " but got "
              + response.statusCode()
              + ": "
              + response.body());
    }
  }
}
