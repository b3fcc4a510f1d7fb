package io.reelroute.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One delivery attempt against a local HTTP server (private targets allowed here). */
class WebhookSenderTest {

  private HttpServer server;
  private final Map<String, List<String>> hits = new ConcurrentHashMap<>();
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
  private final WebhookSender sender =
      new WebhookSender(new WebhookTargets(true), Duration.ofSeconds(1), clock);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().toString();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          var h = exchange.getRequestHeaders();
          hits.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>())
              .add(
                  h.getFirst("Host")
                      + "|"
                      + h.getFirst("Reelroute-Signature")
                      + "|"
                      + h.getFirst("Reelroute-Event-Id")
                      + "|"
                      + body);
          if (path.startsWith("/redirect")) {
            exchange.getResponseHeaders().add("Location", "/target");
            exchange.sendResponseHeaders(302, -1);
          } else if (path.startsWith("/slow")) {
            try {
              Thread.sleep(3000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
          } else {
            exchange.sendResponseHeaders(202, -1);
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void postsTheSignedBodyToThePathAndQuery() {
    WebhookSender.Result r =
        sender.send(
            url("/in?x=1"), "whsec_k", "evt-1\r\nX-Injected: 1", "video.ready", "{\"a\":1}");
    assertTrue(r.delivered());
    assertEquals(202, r.status());
    assertNull(r.error());
    String hit = hits.get("/in?x=1").get(0);
    assertEquals(
        "127.0.0.1:"
            + server.getAddress().getPort()
            + "|"
            + WebhookSignature.header("whsec_k", 1_700_000_000L, "{\"a\":1}")
            + "|evt-1X-Injected: 1|{\"a\":1}",
        hit);
  }

  @Test
  void redirectsAreNotFollowed() {
    WebhookSender.Result r = sender.send(url("/redirect"), "whsec_k", "e", "video.ready", "{}");
    assertFalse(r.delivered());
    assertEquals(302, r.status());
    assertFalse(hits.containsKey("/target"));
  }

  @Test
  void aSlowReceiverIsCutAtTheTimeout() {
    long start = System.nanoTime();
    WebhookSender.Result r = sender.send(url("/slow"), "whsec_k", "e", "video.ready", "{}");
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertFalse(r.delivered());
    assertNull(r.status());
    assertTrue(r.error().contains("timed out"), r.error());
    assertTrue(ms >= 900 && ms < 2500, ms + " ms");
  }

  @Test
  void aClosedPortIsAConnectionError() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    WebhookSender.Result r =
        sender.send("http://127.0.0.1:" + port + "/", "whsec_k", "e", "video.ready", "{}");
    assertFalse(r.delivered());
    assertTrue(r.error().startsWith("connection failed"), r.error());
  }

  @Test
  void anHttpsUrlNeverFallsBackToPlainHttp() {
    // a plain HTTP server on an https URL: no TLS handshake, so nothing is sent
    WebhookSender.Result r =
        sender.send(
            "https://127.0.0.1:" + server.getAddress().getPort() + "/tls",
            "whsec_k",
            "e",
            "video.ready",
            "{}");
    assertFalse(r.delivered());
    assertNull(r.status());
    assertTrue(
        r.error().startsWith("connection failed") || r.error().startsWith("timed out"), r.error());
    assertFalse(hits.containsKey("/tls"));
  }
}
