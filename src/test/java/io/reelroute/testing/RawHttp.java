package io.reelroute.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Sends a request line exactly as given (no client-side path normalisation), for attack tests. */
public final class RawHttp {

  public record Response(int status, String head, String body) {}

  private RawHttp() {}

  /**
   * Sends {@code request} byte for byte on a fresh connection and reads the answer; status -1 when
   * the server closed the connection without one (or did not answer within the timeout).
   */
  public static Response send(String baseUrl, byte[] request, int timeoutMillis) {
    return send(baseUrl, request, timeoutMillis, false);
  }

  /** As {@link #send(String, byte[], int)}; {@code halfClose} ends the output after the request. */
  public static Response send(
      String baseUrl, byte[] request, int timeoutMillis, boolean halfClose) {
    URI base = URI.create(baseUrl);
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        if (halfClose) {
          socket.shutdownOutput();
        }
      } catch (IOException e) {
        // the server may answer (413, 431) and close before it has read everything
      }
      InputStream in = socket.getInputStream();
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          all.write(buffer, 0, n);
          if (all.size() > 4 * 1024 * 1024 || complete(all.toByteArray())) {
            break; // a whole answer: do not wait for the server to close (keep-alive)
          }
        }
      } catch (IOException e) {
        // reset or timeout: keep what arrived
      }
      String text = all.toString(StandardCharsets.ISO_8859_1);
      if (!text.startsWith("HTTP/") || text.length() < 12) {
        return new Response(-1, text, "");
      }
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      String body = split < 0 ? "" : text.substring(split + 4);
      return new Response(Integer.parseInt(text.substring(9, 12)), head, body);
    } catch (IOException e) {
      return new Response(-1, e.toString(), "");
    }
  }

  /** Whether the bytes hold a whole answer: its head and, by Content-Length or chunks, its body. */
  private static boolean complete(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int split = text.indexOf("\r\n\r\n");
    if (split < 0) {
      return false;
    }
    String head = text.substring(0, split).toLowerCase(java.util.Locale.ROOT);
    int bodyLength = text.length() - split - 4;
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(head);
    if (length.find()) {
      return bodyLength >= Long.parseLong(length.group(1));
    }
    if (head.contains("\r\ntransfer-encoding: chunked")) {
      return text.endsWith("0\r\n\r\n");
    }
    return false; // until the server closes
  }

  public static Response get(String baseUrl, String rawPath) {
    URI base = URI.create(baseUrl);
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + rawPath
                  + " HTTP/1.1\r\nHost: "
                  + base.getHost()
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      int split = all.indexOf("\r\n\r\n");
      String head = split < 0 ? all : all.substring(0, split);
      String body = split < 0 ? "" : all.substring(split + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Response(status, head, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
