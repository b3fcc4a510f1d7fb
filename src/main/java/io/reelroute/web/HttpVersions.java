package io.reelroute.web;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.VertxInternal;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Lets a request line with another protocol version ({@code HTTP/2.0}, {@code HTTP/0.9}, {@code
 * http/1.1}) get our 400 problem+json instead of Vert.x core's bare 501.
 *
 * <p>Vert.x 4.5 answers such a request 501 before any handler runs, unless the server has a
 * WebSocket handler; then the request reaches the request handler (the root router, where {@link
 * RequestTargetGuard} refuses it). Camel's platform-http server builds its Vert.x server from the
 * {@code Vertx} in the registry, so the one bound here adds that handler to every server it
 * creates. Reelroute serves no WebSocket: an upgrade is refused with 400.
 */
final class HttpVersions {

  private HttpVersions() {}

  /** A Vert.x whose HTTP servers pass other protocol versions on; close it after Camel stops. */
  static Vertx vertx() {
    VertxInternal real = (VertxInternal) Vertx.vertx(new VertxOptions());
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (result instanceof HttpServer server && method.getName().equals("createHttpServer")) {
            server.webSocketHandler(socket -> socket.reject(400));
          }
          return result == real ? proxy : result;
        };
    return (Vertx)
        Proxy.newProxyInstance(
            HttpVersions.class.getClassLoader(), new Class<?>[] {VertxInternal.class}, handler);
  }

  /** 400 {@code unsupported-http-version}. */
  static io.reelroute.common.ApiException refusal() {
    return io.reelroute.common.ApiException.badRequest(
        "unsupported-http-version", "This server speaks HTTP/1.0 and HTTP/1.1 (request line)");
  }

  /** True when the request line named neither HTTP/1.0 nor HTTP/1.1. */
  static boolean unsupported(io.vertx.core.http.HttpServerRequest request) {
    return request.version() == null;
  }
}
