package io.reelroute.webhooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Makes one delivery attempt: POSTs the event JSON, signed, to the webhook's URL. The host is
 * resolved and checked again ({@link WebhookTargets}) and the connection goes to that checked
 * address (the Host header and TLS name stay the URL's host), which {@code java.net.http} cannot do
 * on Java 17, hence a plain HTTP/1.1 exchange on a socket. No redirects are followed; the whole
 * attempt (connect, TLS, request, status line) is cut after the timeout (5 s).
 *
 * <p>Bean step {@code webhookSender.post}: body = the claimed {@link Delivery}; sets headers {@code
 * WebhookDeliveryId}, {@code WebhookAttempts} (with this one), {@code WebhookDelivered} (boolean),
 * {@code WebhookResponseCode} (Integer or null) and {@code WebhookError} (String or null).
 */
public final class WebhookSender {

  public static final String USER_AGENT = "Reelroute-Webhooks/1";
  private static final int MAX_RESPONSE_HEAD = 16 * 1024;

  /** The outcome of one attempt: an HTTP status, or an error without one. */
  public record Result(Integer status, String error) {
    public boolean delivered() {
      return status != null && status >= 200 && status < 300;
    }
  }

  private final WebhookTargets targets;
  private final Duration timeout;
  private final Clock clock;
  private final SSLSocketFactory tls;

  public WebhookSender(WebhookTargets targets, Duration timeout, Clock clock) {
    this.targets = targets;
    this.timeout = timeout;
    this.clock = clock;
    try {
      this.tls = SSLContext.getDefault().getSocketFactory();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("TLS is not available", e);
    }
  }

  public void post(Exchange exchange) {
    Delivery delivery = exchange.getIn().getBody(Delivery.class);
    Result result =
        send(
            delivery.url(),
            delivery.secret(),
            delivery.eventId(),
            delivery.eventType(),
            delivery.payload());
    Message in = exchange.getIn();
    in.setHeader("WebhookDeliveryId", delivery.id());
    in.setHeader("WebhookAttempts", delivery.attempts() + 1);
    in.setHeader("WebhookDelivered", result.delivered());
    in.setHeader("WebhookResponseCode", result.status());
    String error = result.error();
    in.setHeader(
        "WebhookError", error == null || error.length() <= 500 ? error : error.substring(0, 500));
  }

  /** One attempt; never throws. */
  public Result send(String url, String secret, String eventId, String eventType, String body) {
    WebhookTargets.Target target;
    try {
      target = targets.target(url);
    } catch (WebhookTargets.Refused e) {
      return new Result(null, "refused: " + e.getMessage());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    long now = clock.instant().getEpochSecond();
    String head =
        "POST "
            + target.pathAndQuery()
            + " HTTP/1.1\r\n"
            + "Host: "
            + target.hostHeader()
            + "\r\n"
            + "Content-Type: application/json\r\n"
            + "User-Agent: "
            + USER_AGENT
            + "\r\n"
            + WebhookSignature.HEADER
            + ": "
            + WebhookSignature.header(secret, now, body)
            + "\r\n"
            + "Reelroute-Event-Id: "
            + headerValue(eventId)
            + "\r\n"
            + "Reelroute-Event-Type: "
            + headerValue(eventType)
            + "\r\n"
            + "Content-Length: "
            + payload.length
            + "\r\n"
            + "Connection: close\r\n\r\n";
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(target.address(), target.port()), remainingMillis(deadline));
      socket.setSoTimeout(remainingMillis(deadline));
      if (target.https()) {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!target.host().contains(":") && !target.host().matches("[0-9.]+")) {
          parameters.setServerNames(List.of(new SNIHostName(target.host())));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        socket = ssl;
      }
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      return new Result(readStatus(socket, deadline), null);
    } catch (SocketTimeoutException e) {
      return new Result(null, "timed out after " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      return new Result(null, "connection failed: " + e.getMessage());
    } catch (RuntimeException e) {
      return new Result(null, "failed: " + e);
    } finally {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  /** Reads the response head (status line and headers) within the deadline; returns the status. */
  private static int readStatus(Socket socket, long deadline) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    while (head.size() < MAX_RESPONSE_HEAD) {
      socket.setSoTimeout(remainingMillis(deadline));
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      head.write(buffer, 0, n);
      if (head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
        break;
      }
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n");
    String statusLine = end < 0 ? text : text.substring(0, end);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
      throw new IOException("not an HTTP response");
    }
    return Integer.parseInt(parts[1]);
  }

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("deadline");
    }
    return (int) Math.max(1, left);
  }

  private static String headerValue(String value) {
    return value == null ? "" : value.replaceAll("[\\r\\n]", "");
  }
}
