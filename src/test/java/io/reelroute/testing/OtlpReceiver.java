package io.reelroute.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny OTLP/HTTP trace receiver for tests: {@code POST /v1/traces} with a protobuf {@code
 * ExportTraceServiceRequest} (what the OpenTelemetry SDK's OTLP exporter sends), decoded by hand
 * from the wire format into {@link Span}s. Only the fields tests look at are read.
 */
public final class OtlpReceiver implements AutoCloseable {

  /** One received span: the service that sent it, ids as hex, name and string attributes. */
  public record Span(
      String service,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      long durationNanos,
      Map<String, String> attributes) {}

  private final HttpServer server;
  private final List<Span> spans = new CopyOnWriteArrayList<>();
  private volatile int requests;

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  public static OtlpReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            receiver.decodeRequest(in.readAllBytes());
            receiver.requests++;
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
          } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
    return receiver;
  }

  /** The base URL to give as reelroute.tracing.otlp-endpoint. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Span> spans() {
    return List.copyOf(spans);
  }

  public int requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ---------------------------------------------------------------- protobuf wire format

  private void decodeRequest(byte[] bytes) {
    Reader r = new Reader(bytes);
    while (r.more()) {
      int tag = r.tag();
      if (tag >>> 3 == 1) {
        decodeResourceSpans(r.bytes());
      } else {
        r.skip(tag);
      }
    }
  }

  private void decodeResourceSpans(byte[] bytes) {
    Reader r = new Reader(bytes);
    String service = "";
    List<byte[]> scopes = new java.util.ArrayList<>();
    while (r.more()) {
      int tag = r.tag();
      if (tag >>> 3 == 1) {
        Reader resource = new Reader(r.bytes());
        Map<String, String> attributes = new HashMap<>();
        while (resource.more()) {
          int t = resource.tag();
          if (t >>> 3 == 1) {
            keyValue(resource.bytes(), attributes);
          } else {
            resource.skip(t);
          }
        }
        service = attributes.getOrDefault("service.name", "");
      } else if (tag >>> 3 == 2) {
        scopes.add(r.bytes());
      } else {
        r.skip(tag);
      }
    }
    for (byte[] scope : scopes) {
      Reader s = new Reader(scope);
      while (s.more()) {
        int tag = s.tag();
        if (tag >>> 3 == 2) {
          spans.add(span(service, s.bytes()));
        } else {
          s.skip(tag);
        }
      }
    }
  }

  private static Span span(String service, byte[] bytes) {
    Reader r = new Reader(bytes);
    String traceId = "";
    String spanId = "";
    String parent = "";
    String name = "";
    long start = 0;
    long end = 0;
    Map<String, String> attributes = new HashMap<>();
    HexFormat hex = HexFormat.of();
    while (r.more()) {
      int tag = r.tag();
      switch (tag >>> 3) {
        case 1 -> traceId = hex.formatHex(r.bytes());
        case 2 -> spanId = hex.formatHex(r.bytes());
        case 4 -> parent = hex.formatHex(r.bytes());
        case 5 -> name = new String(r.bytes(), StandardCharsets.UTF_8);
        case 7 -> start = r.fixed64();
        case 8 -> end = r.fixed64();
        case 9 -> keyValue(r.bytes(), attributes);
        default -> r.skip(tag);
      }
    }
    return new Span(service, traceId, spanId, parent, name, end - start, Map.copyOf(attributes));
  }

  /** A KeyValue whose AnyValue is a string, bool or int (others are left out). */
  private static void keyValue(byte[] bytes, Map<String, String> into) {
    Reader r = new Reader(bytes);
    String key = null;
    String value = null;
    while (r.more()) {
      int tag = r.tag();
      if (tag >>> 3 == 1) {
        key = new String(r.bytes(), StandardCharsets.UTF_8);
      } else if (tag >>> 3 == 2) {
        Reader any = new Reader(r.bytes());
        while (any.more()) {
          int t = any.tag();
          switch (t >>> 3) {
            case 1 -> value = new String(any.bytes(), StandardCharsets.UTF_8);
            case 2 -> value = Boolean.toString(any.varint() != 0);
            case 3 -> value = Long.toString(any.varint());
            default -> any.skip(t);
          }
        }
      } else {
        r.skip(tag);
      }
    }
    if (key != null && value != null) {
      into.put(key, value);
    }
  }

  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    boolean more() {
      return pos < b.length;
    }

    int tag() {
      return (int) varint();
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte next = b[pos++];
        result |= (long) (next & 0x7f) << shift;
        if ((next & 0x80) == 0) {
          return result;
        }
      }
      throw new IllegalArgumentException("bad varint");
    }

    long fixed64() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v |= (b[pos++] & 0xffL) << (8 * i);
      }
      return v;
    }

    byte[] bytes() {
      int length = (int) varint();
      byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + length);
      pos += length;
      return out;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> bytes();
        case 5 -> pos += 4;
        default -> throw new IllegalArgumentException("wire type " + (tag & 7));
      }
    }
  }

  /** For debugging: the spans as lines. */
  public String dump() {
    StringBuilder text = new StringBuilder();
    for (Span s : spans) {
      text.append(s.service())
          .append(' ')
          .append(s.traceId(), 0, 8)
          .append(' ')
          .append(s.spanId())
          .append('<')
          .append(s.parentSpanId())
          .append(' ')
          .append(s.name())
          .append('\n');
    }
    return text.toString();
  }
}
