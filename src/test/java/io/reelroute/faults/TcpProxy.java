package io.reelroute.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy the fault tests control: while cut, every connection is reset at once (new
 * ones too), as when a dependency becomes unreachable. It can cut itself when the n-th request
 * whose bytes contain a marker (e.g. {@code PUT /reelroute/videos/}) goes through it.
 */
final class TcpProxy implements AutoCloseable {

  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile String marker;
  private final AtomicInteger seen = new AtomicInteger();
  private volatile int cutAt;
  private final AtomicInteger cuts = new AtomicInteger();

  TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread accept = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Cuts when the n-th request containing the marker arrives (that request is not forwarded). */
  void cutAtRequest(String marker, int n) {
    seen.set(0);
    this.cutAt = n;
    this.marker = marker;
  }

  int cuts() {
    return cuts.get();
  }

  boolean isCut() {
    return cut;
  }

  void cut() {
    cut = true;
    marker = null;
    cuts.incrementAndGet();
    open.forEach(TcpProxy::reset);
  }

  void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          reset(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getByName("127.0.0.1"), targetPort);
        open.add(client);
        open.add(upstream);
        pump(client, upstream, true);
        pump(upstream, client, false);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to, boolean requests) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[32 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  String m = marker;
                  if (requests && m != null) {
                    String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    int at = 0;
                    while ((at = text.indexOf(m, at)) >= 0) {
                      at += m.length();
                      if (seen.incrementAndGet() >= cutAt) {
                        cut();
                      }
                    }
                  }
                  if (cut) {
                    break;
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // reset or closed
              } finally {
                reset(from);
                reset(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // RST, not an orderly close
    } catch (IOException e) {
      // already closed
    }
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(TcpProxy::reset);
  }
}
