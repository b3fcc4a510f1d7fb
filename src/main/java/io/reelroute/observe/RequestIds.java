package io.reelroute.observe;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.MDC;

/**
 * A request id on every HTTP answer, and the ids of the work in the logs' MDC.
 *
 * <p>Every answer of the HTTP server (API, problem+json refusals, 404s of unknown paths, the web
 * UI, /observe) carries {@code X-Request-Id}: the caller's own when it is valid (1 to 128 of {@code
 * [A-Za-z0-9._-]}), else a new UUID. The id is also put on the request, so the Camel exchange sees
 * it as header {@code X-Request-Id}.
 *
 * <p>Every exchange's unit of work keeps MDC keys {@code requestId}, {@code videoKey} (REST path
 * parameter {@code videoKey}, or the worker's {@code ReelrouteVideoKey} header) and {@code routeId}
 * up to date, beside Camel's own {@code camel.*} keys; the JSON log format shows them.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  public static final String KEY_REQUEST_ID = "requestId";
  public static final String KEY_VIDEO_KEY = "videoKey";
  // not MDC_*: UnitOfWork's own MDC_ROUTE_ID ("camel.routeId") would shadow it in the unit of work
  public static final String KEY_ROUTE_ID = "routeId";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private RequestIds() {}

  /** The caller's id when valid, else a new random one. */
  public static String choose(String incoming) {
    return incoming != null && VALID.matcher(incoming).matches()
        ? incoming
        : UUID.randomUUID().toString();
  }

  /**
   * Installs the request-id handler first on the platform-http router, so that it runs before any
   * route and also for paths no route serves.
   */
  public static void installOn(CamelContext context) {
    java.util.Set<VertxPlatformHttpRouter> routers =
        context.getRegistry().findByType(VertxPlatformHttpRouter.class);
    if (routers.isEmpty()) {
      throw new IllegalStateException("no platform-http router to add X-Request-Id to");
    }
    routers.forEach(RequestIds::install);
  }

  static void install(Router router) {
    router.route().order(Integer.MIN_VALUE).handler(RequestIds::handle);
  }

  private static void handle(RoutingContext ctx) {
    String id = choose(ctx.request().getHeader(HEADER));
    ctx.request().headers().set(HEADER, id);
    ctx.put(KEY_REQUEST_ID, id);
    // last word on the answer's headers, whoever wrote the rest of them
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HEADER, id));
    ctx.next();
  }

  /** Units of work that keep requestId, videoKey and routeId in the MDC (plus Camel's own). */
  public static void useMdcUnitsOfWork(CamelContext context) {
    context.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, new Factory());
  }

  private static final class Factory implements UnitOfWorkFactory {
    private CamelContext context;

    @Override
    public void afterPropertiesConfigured(CamelContext camelContext) {
      this.context = camelContext;
    }

    @Override
    public UnitOfWork createUnitOfWork(Exchange exchange) {
      CamelContext c = context != null ? context : exchange.getContext();
      return new MdcUnitOfWork(
          exchange,
          c.getInflightRepository(),
          c.getMDCLoggingKeysPattern(),
          c.isAllowUseOriginalMessage(),
          c.isUseBreadcrumb());
    }
  }

  private static final class MdcUnitOfWork extends MDCUnitOfWork {
    private final String pattern;
    private final boolean allowUseOriginalMessage;
    private final boolean useBreadcrumb;

    MdcUnitOfWork(
        Exchange exchange,
        org.apache.camel.spi.InflightRepository inflight,
        String pattern,
        boolean allowUseOriginalMessage,
        boolean useBreadcrumb) {
      super(exchange, inflight, pattern, allowUseOriginalMessage, useBreadcrumb);
      this.pattern = pattern;
      this.allowUseOriginalMessage = allowUseOriginalMessage;
      this.useBreadcrumb = useBreadcrumb;
      refresh(exchange);
    }

    @Override
    public UnitOfWork newInstance(Exchange exchange) {
      return new MdcUnitOfWork(
          exchange,
          exchange.getContext().getInflightRepository(),
          pattern,
          allowUseOriginalMessage,
          useBreadcrumb);
    }

    @Override
    public void pushRoute(Route route) {
      super.pushRoute(route);
      MDC.put(KEY_ROUTE_ID, route.getRouteId());
    }

    @Override
    public Route popRoute() {
      Route route = super.popRoute();
      Route current = getRoute();
      if (current != null) {
        MDC.put(KEY_ROUTE_ID, current.getRouteId());
      }
      return route;
    }

    @Override
    public AsyncCallback beforeProcess(
        Processor processor, Exchange exchange, AsyncCallback callback) {
      AsyncCallback wrapped = super.beforeProcess(processor, exchange, callback);
      // a step may have learnt the video key (the worker reads it from the upload event)
      refresh(exchange);
      return wrapped;
    }

    @Override
    public void done(Exchange exchange) {
      super.done(exchange);
      MDC.remove(KEY_REQUEST_ID);
      MDC.remove(KEY_VIDEO_KEY);
      MDC.remove(KEY_ROUTE_ID);
    }

    private void refresh(Exchange exchange) {
      String requestId = exchange.getMessage().getHeader(HEADER, String.class);
      if (requestId != null) {
        MDC.put(KEY_REQUEST_ID, requestId);
      }
      String videoKey = exchange.getMessage().getHeader("videoKey", String.class);
      if (videoKey == null) {
        videoKey = exchange.getMessage().getHeader("ReelrouteVideoKey", String.class);
      }
      if (videoKey != null) {
        MDC.put(KEY_VIDEO_KEY, videoKey);
      }
      Route route = getRoute();
      String routeId = route != null ? route.getRouteId() : exchange.getFromRouteId();
      if (routeId != null) {
        MDC.put(KEY_ROUTE_ID, routeId);
      }
    }
  }
}
