package io.reelroute.web;

import io.reelroute.common.Problems;
import io.reelroute.common.RequestTargets;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses request targets that are not valid URIs before Vert.x tries to route them: an absolute
 * form with a broken authority ({@code GET http://[::1/x}) or a bad percent escape ({@code GET /%},
 * {@code ?q=%zz}). Left to Vert.x, the path normalisation of the server's root router throws (an
 * ERROR "Unhandled exception in router" with a stack trace and a plain-text 400), and a broken
 * absolute form reaches the routes. Here: 400 problem+json {@code malformed-request} and one WARN
 * line.
 *
 * <p>The check must run on the root router, ahead of the route that mounts Camel's router (whose
 * path match is where Vert.x throws). Camel 4.18 publishes only the mounted router, so the root one
 * is read from the server; if a later Camel version hides it, a WARN says so and Vert.x answers as
 * before.
 */
final class RequestTargetGuard implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(RequestTargetGuard.class);
  private static final String HEX = "0123456789abcdefABCDEF";

  /** Installs the guard once the context (and with it the HTTP server) has started. */
  static final class Installer implements StartupListener {
    private final BodyLimits limits;

    Installer(BodyLimits limits) {
      this.limits = limits;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {}

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
      install(context, limits);
    }
  }

  /** Puts the guard first on the root router of every platform-http server of the context. */
  static void install(CamelContext context, BodyLimits limits) {
    Set<VertxPlatformHttpServer> servers = Collections.newSetFromMap(new IdentityHashMap<>());
    for (VertxPlatformHttpRouter router :
        context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
      if (router.getServer() != null) {
        servers.add(router.getServer());
      }
    }
    for (VertxPlatformHttpServer server : servers) {
      try {
        Field field = VertxPlatformHttpServer.class.getDeclaredField("router");
        field.setAccessible(true);
        Router root = (Router) field.get(server);
        root.route().order(Integer.MIN_VALUE).handler(new RequestTargetGuard());
        // then the body limits of the route, decided before a byte of the body is read
        root.route().order(Integer.MIN_VALUE + 1).handler(limits);
        // a target Vert.x cannot even start routing ("http:/x": no path it accepts) fails before
        // any route runs, as 400; answered here instead of an ERROR "Unhandled exception in router"
        root.errorHandler(400, ctx -> unroutable(ctx, 400));
        // likewise a target outside every route ("http:/x", "*": Vert.x finds no path in it)
        root.errorHandler(404, ctx -> unroutable(ctx, 404));
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.warn(
            "Cannot check request targets ahead of Vert.x ({}); malformed ones get Vert.x's answer",
            e.toString());
      }
    }
  }

  @Override
  public void handle(RoutingContext context) {
    if (HttpVersions.unsupported(context.request())) {
      LOG.warn("Refused a request line with another protocol version than HTTP/1.0 or HTTP/1.1");
      context
          .response()
          .setStatusCode(400)
          .putHeader("Content-Type", "application/problem+json")
          .putHeader("Cache-Control", "no-store")
          .putHeader("Connection", "close")
          .end(Problems.json(HttpVersions.refusal()))
          .onComplete(done -> context.request().connection().close());
      return;
    }
    String target = context.request().uri();
    String reason = problem(target);
    if (reason == null) {
      context.next();
      return;
    }
    LOG.warn("Refused a malformed request target ({}): {}", reason, printable(target));
    context
        .response()
        .setStatusCode(400)
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .end(Problems.json(RequestTargets.malformed()));
  }

  /**
   * The root router's answer to a request that failed before any route of ours ran (Vert.x could
   * not route its target): problem+json, 400 {@code malformed-request} when the target is not one
   * we accept, else {@code status}; one WARN line, never Vert.x's ERROR "Unhandled exception in
   * router".
   */
  static void unroutable(RoutingContext context, int status) {
    if (context.response().ended() || context.response().closed()) {
      return;
    }
    if (context.response().headWritten()) {
      context.response().end();
      return;
    }
    String target = context.request().uri();
    String reason = problem(target);
    LOG.warn(
        "Refused a request Vert.x cannot route ({}): {}",
        reason != null ? reason : status,
        printable(target));
    var problem =
        reason != null || status == 400
            ? RequestTargets.malformed()
            : io.reelroute.common.ApiException.notFound("No such resource");
    context
        .response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .end(Problems.json(problem));
  }

  /** Why the target is not acceptable, or null when it is. */
  static String problem(String target) {
    if (target == null || target.isEmpty()) {
      return "empty";
    }
    if (target.regionMatches(true, 0, "http://", 0, 7)
        || target.regionMatches(true, 0, "https://", 0, 8)) {
      try {
        String path = new URI(target).getRawPath();
        if (path == null || !path.startsWith("/")) {
          // Vert.x cannot route an absolute form without a path (it throws in the router)
          return "no path";
        }
      } catch (URISyntaxException e) {
        return "not a URI";
      }
    } else if (target.charAt(0) != '/') {
      // "*" included: no route of ours answers the asterisk form, and Vert.x throws on it
      return "not a path";
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '%'
          && (i + 2 >= target.length()
              || HEX.indexOf(target.charAt(i + 1)) < 0
              || HEX.indexOf(target.charAt(i + 2)) < 0)) {
        return "bad percent escape";
      }
      if (c < 0x21 || c == 0x7f) {
        return "control character";
      }
    }
    return null;
  }

  /** The target for the log: at most 200 characters, nothing that could forge a log line. */
  static String printable(String target) {
    if (target == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < target.length() && out.length() < 200; i++) {
      char c = target.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.toString();
  }
}
