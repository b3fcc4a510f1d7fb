package io.reelroute.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.RawHttp;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.VideoRows;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, "make it permanent": the outsider's attack run as a test. At least 2,000 bad requests,
 * most of them over raw sockets so that nothing on the client side cleans them up: absolute-form
 * and malformed request lines, unknown methods, 100 (and 200) headers, 64 KiB headers, invalid
 * UTF-8 in paths, queries, headers and bodies, oversized bodies and lying Content-Length /
 * Transfer-Encoding, forged and tampered access tokens, forged playback tokens, path traversal, SQL
 * injection, another user's private video, and random garbage. Every answer: never a 5xx, never a
 * stack trace in the body, never an attack accepted (a protected thing answered 2xx, a file or
 * secret leaked, an SQL error shown), and no ERROR with a stack trace in the log of the HTTP
 * threads. The figures are printed (README, next to the fault figures).
 */
@IntegrationTest
class AttackFuzzIT {

  private static final int TIMEOUT_MS = 5_000;
  private static final String[] LEAKS = {
    "root:x:",
    "root:*:",
    "reelroute.http.host",
    "PRIVATE KEY",
    "\"d\":\"",
    "<project",
    "<configuration",
    "SQLSyntax",
    "You have an error in your SQL",
    "MariaDB server version",
    "SQLException"
  };
  private static final String[] TRACES = {
    "\tat ", "Exception:", "java.lang.", "org.apache.camel.", "io.vertx.", "io.reelroute."
  };

  /** One bad request, what it belongs to, and when its answer would mean the attack worked. */
  private record Probe(
      String category, String label, byte[] bytes, Predicate<RawHttp.Response> accepted) {

    /**
     * A request line whose protocol is not HTTP/1.0 or HTTP/1.1 (HTTP/2.0, HTTP/0.9, lower case):
     * Vert.x core would answer 501 before any handler; web.HttpVersions routes them to our 400.
     */
    boolean otherProtocolVersion() {
      String text = new String(bytes, 0, Math.min(bytes.length, 8192), StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n");
      String line = end < 0 ? text : text.substring(0, end);
      return !(line.endsWith(" HTTP/1.1") || line.endsWith(" HTTP/1.0"));
    }
  }

  private final Random random = new Random(20261130);
  private final List<Probe> probes = new ArrayList<>();
  private String host;

  @Test
  void twoThousandBadRequestsAreAllRefusedCleanly(TestApp app) throws Exception {
    host = java.net.URI.create(app.baseUrl()).getAuthority();
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session other = TestUsers.signUp(app);
    String priv = VideoRows.awaitingUpload(app.app().infrastructure().dataSource(), "Private");
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE videos SET state = 'READY', isTranscoded = 1, visibility = 'PRIVATE', owner_id = ?"
                    + " WHERE videoKey = ?")) {
      s.setLong(1, owner.userId());
      s.setString(2, priv);
      s.executeUpdate();
    }

    absoluteForms(priv);
    malformedLines();
    unknownMethods(priv);
    manyHeaders();
    hugeHeaders();
    invalidUtf8();
    oversizedBodies(priv);
    forgedAccessTokens(owner, priv);
    forgedPlaybackTokens(priv);
    traversal(priv);
    sqlInjection();
    otherUsersPrivateVideo(other, priv);
    garbage();

    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    Map<String, int[]> byCategory = new TreeMap<>(); // sent, 4xx, no answer, 2xx/3xx
    List<String> failures = new ArrayList<>();
    int fiveHundreds = 0;
    int traces = 0;
    int accepted = 0;
    int protocolLevel = 0;
    long start = System.nanoTime();
    try {
      for (Probe probe : probes) {
        // junk and lying bodies end with the client's end of stream, so a server waiting for more
        // sees it (and may close without an answer, which counts as refused)
        boolean lying =
            probe.category().startsWith("oversized") || probe.category().equals("random garbage");
        RawHttp.Response r =
            RawHttp.send(app.baseUrl(), probe.bytes(), lying ? 3_000 : TIMEOUT_MS, lying);
        int[] counts = byCategory.computeIfAbsent(probe.category(), k -> new int[4]);
        counts[0]++;
        if (r.status() < 0) {
          counts[2]++;
        } else if (r.status() >= 400 && r.status() < 500) {
          counts[1]++;
        } else if (r.status() < 400) {
          counts[3]++;
        }
        String what = probe.category() + " / " + probe.label() + " -> " + r.status();
        if (probe.otherProtocolVersion() && r.status() == 400) {
          protocolLevel++;
        }
        if (r.status() >= 500) {
          fiveHundreds++;
          failures.add("5xx: " + what + "\n" + r.head() + "\n" + clip(r.body()));
        }
        if (containsAny(r.body(), TRACES)) {
          traces++;
          failures.add("stack trace: " + what + "\n" + clip(r.body()));
        }
        if (r.status() >= 0 && probe.accepted().test(r)) {
          accepted++;
          failures.add("accepted: " + what + "\n" + clip(r.body()));
        }
      }
      TestApp.eventually(java.time.Duration.ofMillis(500), () -> false); // late log lines
    } finally {
      root.detachAppender(log);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> loggedTraces =
        log.list.stream()
            .filter(e -> e.getThreadName().startsWith("vert.x-"))
            .filter(e -> e.getLevel() == Level.ERROR || e.getThrowableProxy() != null)
            .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage())
            .distinct()
            .toList();
    StringBuilder figures = new StringBuilder();
    figures.append(
        String.format(
            "attack fuzz: %d bad requests in %.1f s: %d x 5xx, %d stack traces in bodies, %d"
                + " accepted attacks, %d ERROR/stack-trace log lines on HTTP threads; %d request lines with"
                + " a protocol other than HTTP/1.0 or 1.1 answered 400%n",
            probes.size(),
            seconds,
            fiveHundreds,
            traces,
            accepted,
            loggedTraces.size(),
            protocolLevel));
    byCategory.forEach(
        (category, c) ->
            figures.append(
                String.format(
                    "  %-26s %5d sent, %5d 4xx, %4d 2xx/3xx (harmless), %4d closed without answer%n",
                    category, c[0], c[1], c[3], c[2])));
    System.out.print(figures);
    assertTrue(probes.size() >= 2_000, "at least 2,000 bad requests, got " + probes.size());
    assertTrue(
        failures.isEmpty(),
        figures
            + "\n"
            + String.join("\n----\n", failures.subList(0, Math.min(30, failures.size()))));
    assertTrue(loggedTraces.isEmpty(), figures + "\n" + String.join("\n", loggedTraces));
  }

  @Test
  void otherProtocolVersionsAndWebSocketUpgradesGetA400Problem(TestApp app) throws Exception {
    String hostHeader = java.net.URI.create(app.baseUrl()).getAuthority();
    for (String line : List.of("GET / HTTP/2.0", "GET /api/videos HTTP/0.9", "GET / http/1.1")) {
      RawHttp.Response r =
          RawHttp.send(
              app.baseUrl(),
              (line + "\r\nHost: " + hostHeader + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
              TIMEOUT_MS,
              false);
      assertTrue(r.status() == 400, line + " -> " + r.status() + "\n" + r.head());
      assertTrue(r.body().contains("\"code\":\"unsupported-http-version\""), r.body());
    }
    // the WebSocket handler that makes this possible refuses every upgrade: Reelroute has none
    RawHttp.Response upgrade =
        RawHttp.send(
            app.baseUrl(),
            ("GET /api/videos HTTP/1.1\r\nHost: "
                    + hostHeader
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            TIMEOUT_MS,
            false);
    assertTrue(upgrade.status() == 400, "upgrade -> " + upgrade.status());
  }

  // --- categories ------------------------------------------------------------------------------

  private void absoluteForms(String priv) {
    String[] schemes = {
      "http://[::1",
      "http://evil.example",
      "https://[::1",
      "http://127.0.0.1:1",
      "http://%zz",
      "http://user:pw@evil.example",
      "ftp://x",
      "http://[::1]:99999",
      "http://[::1]",
      "//evil.example",
      "http://" + host,
      "HTTP://" + host,
      "http:",
      "http:/",
      "*"
    };
    String[] paths = {
      "",
      "/",
      "/x",
      "/api/me",
      "/api/videos",
      "/api/stream/" + priv + "/master.m3u8",
      "/observe/health",
      "/../../etc/passwd",
      "/api/videos/" + priv,
      "/api/me/videos",
      "/watch/" + priv
    };
    for (String scheme : schemes) {
      for (String path : paths) {
        for (String method : new String[] {"GET", "POST"}) {
          add(
              "absolute-form request line",
              method + " " + scheme + path,
              request(method, scheme + path, List.of(), method.equals("POST") ? "{}" : null),
              protectedOrLeak(effectivePath(scheme + path), priv));
        }
      }
    }
  }

  private void malformedLines() {
    String[] lines = {
      "GET",
      "GET /",
      "GET / HTTP/9.9",
      "GET / HTTP/1.1 extra",
      "GET  / HTTP/1.1",
      "GET /  HTTP/1.1",
      "GET\t/\tHTTP/1.1",
      "get / http/1.1",
      "GET / HTTP/1",
      "GET / HTTP/",
      "GET / FTP/1.1",
      " GET / HTTP/1.1",
      "GET /a b c HTTP/1.1",
      "GET /% HTTP/1.1",
      "GET /%zz HTTP/1.1",
      "GET /%00 HTTP/1.1",
      "GET /?%% HTTP/1.1",
      "GET /api/videos?q=% HTTP/1.1",
      "GET /" + "a".repeat(5000) + " HTTP/1.1",
      "GET /" + "a".repeat(70000) + " HTTP/1.1",
      "GET /api/videos?" + "q=x&".repeat(3000) + " HTTP/1.1",
      "GET \\ HTTP/1.1",
      "GET /\\..\\..\\windows\\win.ini HTTP/1.1",
      "GET /\r HTTP/1.1",
      "GET / HTTP/1.1\rX: y",
      "GET /\u0001 HTTP/1.1",
      "GET /\u007f HTTP/1.1",
      "GET ./ HTTP/1.1",
      "GET .. HTTP/1.1",
      "GET ? HTTP/1.1",
      "GET # HTTP/1.1",
      "GET /#frag HTTP/1.1",
      "GET /;jsessionid=x HTTP/1.1",
      "GET /api/me;.css HTTP/1.1",
      "GET /api/me%3b.css HTTP/1.1",
      "GET /api/me/.. HTTP/1.1",
      "PRI * HTTP/2.0",
      "GET / HTTP/2.0",
      "GET / HTTP/0.9",
      "GET / HTTP/1.1 HTTP/1.1"
    };
    for (String line : lines) {
      for (int variant = 0; variant < 2; variant++) {
        String head =
            line + "\r\nHost: " + (variant == 0 ? host : "") + "\r\nConnection: close\r\n\r\n";
        add(
            "malformed request line",
            clip(line),
            head.getBytes(StandardCharsets.ISO_8859_1),
            r -> false);
      }
    }
  }

  private void unknownMethods(String priv) {
    String[] methods = {
      "FOO",
      "PROPFIND",
      "TRACE",
      "TRACK",
      "CONNECT",
      "BREW",
      "MKCOL",
      "PURGE",
      "DEBUG",
      "X",
      "GETS",
      "get",
      "PATCH",
      "OPTIONS",
      "DELETE",
      "PUT",
      "SEARCH",
      "LOCK",
      "M-SEARCH",
      "A".repeat(300)
    };
    String[] paths = {
      "/",
      "/api/me",
      "/api/videos",
      "/api/videos/" + priv,
      "/api/me/videos",
      "/observe/health",
      "/observe/metrics",
      "/api/stream/" + priv + "/master.m3u8",
      "/watch/" + priv,
      "/api/auth/login",
      "/.well-known/jwks.json",
      "/api/upload"
    };
    for (String method : methods) {
      for (String path : paths) {
        add(
            "unknown or odd method",
            clip(method) + " " + path,
            request(
                method,
                path,
                List.of("X-Secret-Probe: reflected-" + method.length()),
                method.equals("CONNECT") ? null : "{\"email\":\"a@b.c\"}"),
            protectedOrLeak(path, priv)
                .or(r -> r.body().contains("X-Secret-Probe")) // TRACE echoing the request
                .or(r -> r.status() / 100 == 2 && path.equals("/api/upload")));
      }
    }
  }

  private void manyHeaders() {
    for (int count : new int[] {100, 200, 1000}) {
      for (String path : new String[] {"/", "/api/videos", "/api/me", "/api/auth/login"}) {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          headers.add("X-Header-" + i + ": value-" + i);
        }
        add(
            "many headers",
            count + " headers " + path,
            request("GET", path, headers, null),
            protectedOrLeak(path, ""));
        List<String> same = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          same.add("Authorization: Bearer x" + i);
        }
        add(
            "many headers",
            count + " Authorization headers " + path,
            request("GET", path, same, null),
            protectedOrLeak(path, ""));
      }
    }
  }

  private void hugeHeaders() {
    for (int size : new int[] {8 * 1024, 16 * 1024, 64 * 1024, 65 * 1024, 256 * 1024}) {
      for (String name : new String[] {"X-Big", "Cookie", "Authorization", "X-Forwarded-For"}) {
        for (String path : new String[] {"/", "/api/me", "/api/videos"}) {
          String value =
              name.equals("Authorization") ? "Bearer " + "a".repeat(size) : "a".repeat(size);
          add(
              "64 KiB (and other huge) headers",
              name + " " + size + " " + path,
              request("GET", path, List.of(name + ": " + value), null),
              protectedOrLeak(path, ""));
        }
      }
    }
  }

  private void invalidUtf8() {
    byte[][] bad = {
      {(byte) 0xC3, 0x28},
      {(byte) 0xFF},
      {(byte) 0xFE, (byte) 0xFF},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
      {(byte) 0xE2, (byte) 0x82},
      {0x00}
    };
    String[] prefixes = {
      "/watch/",
      "/api/videos/",
      "/api/stream/",
      "/api/users/",
      "/",
      "/api/videos?q=",
      "/embed/",
      "/api/videos?cursor="
    };
    for (byte[] b : bad) {
      StringBuilder pct = new StringBuilder();
      for (byte x : b) {
        pct.append('%').append(String.format("%02X", x & 0xFF));
      }
      for (String prefix : prefixes) {
        add(
            "invalid UTF-8",
            "raw bytes " + prefix,
            concat(
                ("GET " + prefix).getBytes(StandardCharsets.ISO_8859_1),
                b,
                (" HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)),
            r -> false);
        add(
            "invalid UTF-8",
            "percent-encoded " + prefix + pct,
            request("GET", prefix + pct + "abc", List.of(), null),
            r -> false);
      }
      for (String path :
          new String[] {
            "/api/auth/login",
            "/api/auth/register",
            "/api/auth/forgot-password",
            "/api/auth/reset-password",
            "/api/auth/refresh"
          }) {
        byte[] body =
            concat(
                "{\"email\":\"a".getBytes(StandardCharsets.ISO_8859_1),
                b,
                "@example.test\",\"password\":\"x\"}".getBytes(StandardCharsets.ISO_8859_1));
        add(
            "invalid UTF-8",
            "JSON body " + path,
            request("POST", path, List.of("Content-Type: application/json"), body),
            r -> r.status() / 100 == 2 && path.equals("/api/auth/login"));
      }
      add(
          "invalid UTF-8",
          "Authorization header",
          concat(
              ("GET /api/me HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer ")
                  .getBytes(StandardCharsets.ISO_8859_1),
              b,
              "\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)),
          r -> r.status() / 100 == 2);
    }
  }

  private void oversizedBodies(String priv) {
    byte[] eleven = new byte[11 * 1024 * 1024];
    java.util.Arrays.fill(eleven, (byte) 'a');
    byte[] oneMiB = new byte[1024 * 1024 + 1];
    java.util.Arrays.fill(oneMiB, (byte) '{');
    for (String path :
        new String[] {
          "/api/auth/login",
          "/",
          "/watch/" + priv,
          "/api/videos/" + priv + "/comments",
          "/api/upload",
          "/api/auth/register"
        }) {
      add(
          "oversized or lying bodies",
          "11 MiB POST " + path,
          request("POST", path, List.of("Content-Type: application/json"), eleven),
          protectedOrLeak(path, priv));
      add(
          "oversized or lying bodies",
          "1 MiB POST " + path,
          request("POST", path, List.of("Content-Type: application/json"), oneMiB),
          protectedOrLeak(path, priv));
    }
    String[][] lies = {
      {"Content-Length: 99999999999"},
      {"Content-Length: -1"},
      {"Content-Length: abc"},
      {"Content-Length: 5", "Content-Length: 6"},
      {"Content-Length: 4", "Transfer-Encoding: chunked"},
      {"Transfer-Encoding: chunked"},
      {"Transfer-Encoding: gzip, chunked"},
      {"Transfer-Encoding: xchunked"},
      {"Content-Length: 1e3"},
      {"Content-Length:  12 "}
    };
    for (String[] headers : lies) {
      for (String path : new String[] {"/api/auth/login", "/", "/api/videos", "/api/me"}) {
        StringBuilder head =
            new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String h : headers) {
          head.append(h).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        head.append("zz\r\n{\"email\":\"x\"}\r\n0\r\n\r\nGET /api/me HTTP/1.1\r\nHost: x\r\n\r\n");
        add(
            "oversized or lying bodies",
            String.join("+", headers) + " " + path,
            head.toString().getBytes(StandardCharsets.ISO_8859_1),
            protectedOrLeak(path, priv));
      }
    }
  }

  private void forgedAccessTokens(TestUsers.Session owner, String priv) {
    String real = owner.accessToken();
    String[] parts = real.split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    List<String> tokens = new ArrayList<>();
    tokens.add(
        b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "." + parts[1] + ".");
    tokens.add(b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".x");
    tokens.add(
        b64.encodeToString("{\"alg\":\"HS256\"}".getBytes()) + "." + parts[1] + "." + parts[2]);
    tokens.add(parts[0] + "." + parts[1]);
    tokens.add(parts[0] + "." + parts[1] + ".");
    tokens.add(parts[0] + ".." + parts[2]);
    tokens.add("");
    tokens.add("null");
    tokens.add("' OR 1=1--");
    tokens.add("a".repeat(5000));
    tokens.add(real + "x");
    tokens.add(real.replace('.', ','));
    for (int i = 0; i < 60; i++) {
      char[] c = real.toCharArray();
      int at = random.nextInt(c.length);
      c[at] = c[at] == 'A' ? 'B' : (c[at] == '.' ? 'x' : 'A');
      tokens.add(new String(c));
    }
    String[][] endpoints = {
      {"GET", "/api/me"},
      {"GET", "/api/me/videos"},
      {"GET", "/api/me/notifications"},
      {"POST", "/api/upload"},
      {"GET", "/api/videos/" + priv},
      {"GET", "/api/videos/" + priv + "/playback"},
      {"DELETE", "/api/videos/" + priv},
      {"PATCH", "/api/videos/" + priv},
      {"GET", "/api/stream/" + priv + "/master.m3u8"},
      // issue 15: the moderation and admin endpoints
      {"GET", "/api/moderation/reports?state=open"},
      {"POST", "/api/moderation/videos/" + priv + "/takedown"},
      {"POST", "/api/moderation/videos/" + priv + "/restore"},
      {"DELETE", "/api/moderation/comments/1"},
      {"POST", "/api/moderation/users/1/disable"},
      {"GET", "/api/admin/users"},
      {"PUT", "/api/admin/users/1/role"},
      {"GET", "/api/admin/audit"}
    };
    for (String token : tokens) {
      for (String[] e : endpoints) {
        for (String scheme : new String[] {"Bearer ", "bearer "}) {
          if (scheme.equals("bearer ") && random.nextInt(4) != 0) {
            continue;
          }
          add(
              "forged access tokens",
              e[0] + " " + e[1],
              request(
                  e[0],
                  e[1],
                  List.of("Authorization: " + scheme + token, "Content-Type: application/json"),
                  e[0].equals("GET") ? null : "{\"title\":\"pwned\",\"visibility\":\"PUBLIC\"}"),
              r -> r.status() / 100 == 2);
        }
      }
    }
  }

  private void forgedPlaybackTokens(String priv) {
    long later = System.currentTimeMillis() / 1000 + 600;
    String[] tokens = {
      later + ".0.AAAA",
      later + ".1.x",
      later + ".1." + later + ".sig",
      "1.2.",
      "..",
      "a.b.c.d",
      "99999999999999999999.1.x",
      "-1.-1.x",
      later + ".1",
      "%00",
      "x".repeat(201),
      "' OR '1'='1"
    };
    for (String token : tokens) {
      for (String rel :
          new String[] {
            "master.m3u8", "hls/360p/index.m3u8", "storyboard.vtt", "captions/en.vtt"
          }) {
        add(
            "forged playback tokens",
            rel + "?t=" + clip(token),
            request(
                "GET",
                "/api/stream/"
                    + priv
                    + "/"
                    + rel
                    + "?t="
                    + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8),
                List.of(),
                null),
            r -> r.status() / 100 == 2);
      }
    }
  }

  private void traversal(String priv) {
    String[] variants = {
      "../../../../etc/passwd",
      "..%2f..%2f..%2fetc%2fpasswd",
      "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "..%252f..%252fetc%252fpasswd",
      "....//....//etc/passwd",
      "..\\..\\..\\etc\\passwd",
      "..%5c..%5cetc%5cpasswd",
      "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
      "..%c0%af..%c0%afetc%c0%afpasswd",
      "/etc/passwd",
      "//etc/passwd",
      "file:///etc/passwd",
      "application.properties",
      "../application.properties",
      "..%2fapplication.properties",
      "../../application.properties",
      "logback.xml",
      "../logback.xml",
      "../../logback.xml",
      "io/reelroute/Reelroute.class",
      "../io/reelroute/Reelroute.class",
      "../../io/reelroute/Reelroute.class",
      "META-INF/MANIFEST.MF",
      "../META-INF/maven/pom.xml",
      "..;/..;/etc/passwd",
      "%2e%2e;/etc/passwd",
      ".%2e/.%2e/etc/passwd",
      "%u002e%u002e/etc/passwd",
      "..%00/etc/passwd",
      "index.html%00.txt",
      "web/../../../../etc/passwd",
      ".git/config",
      "../.git/config",
      ".env",
      "../../../../proc/self/environ",
      "WEB-INF/web.xml",
      "db/migration/V1__init.sql",
      "../db/migration/V1__init.sql",
      "psw4j.properties"
    };
    String[] prefixes = {
      "/", "/watch/", "/assets/", "/api/stream/" + priv + "/", "/embed/", "/u/", "/web/", "/static/"
    };
    for (String prefix : prefixes) {
      for (String v : variants) {
        add("path traversal", prefix + v, request("GET", prefix + v, List.of(), null), leak());
      }
    }
  }

  private void sqlInjection() {
    String[] payloads = {
      "' OR '1'='1",
      "' OR 1=1--",
      "\" OR \"\"=\"",
      "1; DROP TABLE users--",
      "' UNION SELECT" + " password_hash FROM users--",
      "admin'--",
      "') OR ('a'='a",
      "%27%20OR%201%3D1",
      "1' AND SLEEP(5)--",
      "'; WAITFOR DELAY '0:0:5'--",
      "\\' OR 1=1#",
      "' OR ''='",
      "1 OR 1=1",
      "`",
      "';",
      "'||(SELECT version())||'",
      "$(id)",
      "{{7*7}}",
      "${7*7}",
      "<script>"
    };
    for (String p : payloads) {
      String enc = java.net.URLEncoder.encode(p, StandardCharsets.UTF_8);
      String json = p.replace("\\", "\\\\").replace("\"", "\\\"");
      add(
          "SQL injection",
          "login " + p,
          request(
              "POST",
              "/api/auth/login",
              List.of(
                  "Content-Type: application/json",
                  "X-Forwarded-For: 10.9." + random.nextInt(256) + "." + (1 + random.nextInt(254))),
              "{\"email\":\"" + json + "\",\"password\":\"" + json + "\"}"),
          r -> r.status() / 100 == 2 || containsAny(r.body(), LEAKS));
      add(
          "SQL injection",
          "login email " + p,
          request(
              "POST",
              "/api/auth/login",
              List.of(
                  "Content-Type: application/json",
                  "X-Forwarded-For: 10.8." + random.nextInt(256) + "." + (1 + random.nextInt(254))),
              "{\"email\":\"a@b.c" + json + "\",\"password\":\"whatever password\"}"),
          r -> r.status() / 100 == 2 || containsAny(r.body(), LEAKS));
      for (String path :
          new String[] {
            "/api/videos?q=" + enc, "/api/videos?cursor=" + enc, "/api/videos?limit=" + enc,
            "/api/videos?sort=" + enc, "/api/users/" + enc, "/api/videos/" + enc,
            "/api/videos/" + enc + "/comments", "/api/comments/" + enc + "/replies"
          }) {
        add("SQL injection", path, request("GET", path, List.of(), null), leak());
      }
    }
  }

  private void otherUsersPrivateVideo(TestUsers.Session other, String priv) {
    String auth = "Authorization: Bearer " + other.accessToken();
    String[][] endpoints = {
      {"GET", "/api/videos/" + priv, null},
      {"GET", "/api/videos/" + priv + "/playback", null},
      {"GET", "/api/stream/" + priv + "/master.m3u8", null},
      {"GET", "/api/videos/" + priv + "/comments", null},
      {"GET", "/api/videos/" + priv + "/captions", null},
      {"PATCH", "/api/videos/" + priv, "{\"visibility\":\"PUBLIC\"}"},
      {"DELETE", "/api/videos/" + priv, null},
      {"PUT", "/api/videos/" + priv + "/captions/en", "WEBVTT\n\n00:00.000 --> 00:01.000\nx\n"},
      {"POST", "/api/videos/" + priv + "/comments", "{\"text\":\"hi\"}"},
      {"PUT", "/api/videos/" + priv + "/reaction", "{\"reaction\":\"LIKE\"}"},
      {"POST", "/api/videos/" + priv + "/views", "{}"},
      {"DELETE", "/api/upload/" + priv, null},
      {"POST", "/api/upload/" + priv + "/complete", "{}"},
      {"POST", "/api/upload/" + priv + "/parts", "{\"parts\":[1]}"}
    };
    for (String[] e : endpoints) {
      for (boolean withAuth : new boolean[] {true, false}) {
        add(
            "another user's private video",
            (withAuth ? "other user " : "anonymous ") + e[0] + " " + e[1],
            request(
                e[0],
                e[1],
                withAuth ? List.of(auth, "Content-Type: application/json") : List.of(),
                e[2]),
            r -> r.status() / 100 == 2);
      }
    }
  }

  private void garbage() {
    int target = Math.max(200, 2_100 - probes.size());
    for (int i = 0; i < target; i++) {
      byte[] bytes;
      switch (i % 4) {
        case 0 -> {
          bytes = new byte[1 + random.nextInt(400)];
          random.nextBytes(bytes);
        }
        case 1 -> {
          // a valid start, then noise
          byte[] noise = new byte[random.nextInt(200)];
          random.nextBytes(noise);
          bytes =
              concat(
                  ("GET /api/videos HTTP/1.1\r\nHost: " + host + "\r\n")
                      .getBytes(StandardCharsets.ISO_8859_1),
                  noise,
                  "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        case 2 -> {
          // printable junk in the request target
          StringBuilder t = new StringBuilder("/");
          for (int j = 0; j < 1 + random.nextInt(60); j++) {
            t.append((char) (33 + random.nextInt(94)));
          }
          bytes = request("GET", t.toString().replace(" ", ""), List.of(), null);
        }
        default -> {
          // a JSON endpoint with a random body
          String[] paths = {
            "/api/auth/login",
            "/api/auth/register",
            "/api/auth/refresh",
            "/api/auth/confirm-register"
          };
          byte[] body = new byte[random.nextInt(300)];
          random.nextBytes(body);
          bytes =
              request(
                  "POST",
                  paths[random.nextInt(paths.length)],
                  List.of(
                      "Content-Type: application/json",
                      "X-Forwarded-For: 10.7."
                          + random.nextInt(256)
                          + "."
                          + (1 + random.nextInt(254))),
                  body);
        }
      }
      add("random garbage", "#" + i, bytes, r -> false);
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void add(
      String category, String label, byte[] bytes, Predicate<RawHttp.Response> accepted) {
    probes.add(new Probe(category, label, bytes, accepted));
  }

  private byte[] request(String method, String target, List<String> headers, Object body) {
    byte[] payload =
        body == null
            ? null
            : body instanceof byte[] b ? b : body.toString().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append("\r\n");
    for (String h : headers) {
      head.append(h).append("\r\n");
    }
    if (payload != null) {
      head.append("Content-Length: ").append(payload.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    return payload == null ? start : concat(start, payload);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The path a server routes an absolute-form target by ("http:/" + "/api/x" is host "api"). */
  private static String effectivePath(String target) {
    if (target.startsWith("/") && !target.startsWith("//")) {
      return target;
    }
    try {
      String path = new java.net.URI(target).getPath();
      return path == null ? "" : path;
    } catch (java.net.URISyntaxException e) {
      return "";
    }
  }

  /** A 2xx on something only a signed-in owner may use, or a leaked file or secret. */
  private static Predicate<RawHttp.Response> protectedOrLeak(String path, String priv) {
    boolean protectedPath =
        path.startsWith("/api/me")
            || (!priv.isEmpty() && path.contains(priv) && path.startsWith("/api/"))
            || path.startsWith("/api/upload");
    return r -> (protectedPath && r.status() / 100 == 2) || containsAny(r.body(), LEAKS);
  }

  private static Predicate<RawHttp.Response> leak() {
    return r ->
        containsAny(r.body(), LEAKS)
            || r.body().startsWith("\u00ca\u00fe\u00ba\u00be") // a class file
            || r.body().contains("[core]") // a git config
            || r.body().contains("CREATE TABLE");
  }

  private static boolean containsAny(String text, String[] needles) {
    for (String n : needles) {
      if (text.contains(n)) {
        return true;
      }
    }
    return false;
  }

  private static String clip(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
