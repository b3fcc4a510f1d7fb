package io.reelroute.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * API latency for operators: every HTTP request (an exchange that came in through platform-http) is
 * timed as {@code reelroute_http_server_requests_seconds{route, status}} (the route id as in
 * Camel's own route metrics: one per REST verb, so it names method and path) with fixed buckets, so
 * a dashboard can show p50/p99 across api processes (Camel's own route timers carry no buckets, and
 * count the internal direct: routes too).
 */
public final class HttpMetrics extends EventNotifierSupport {

  /** Bucket bounds: enough resolution for p50/p99 of an API, few series per route. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private volatile MeterRegistry registry;

  /** One timer per route and status, looked up without building a meter id per request. */
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public HttpMetrics() {
    // only completion events: nothing is computed for the others
    setIgnoreCamelContextEvents(true);
    setIgnoreCamelContextInitEvents(true);
    setIgnoreRouteEvents(true);
    setIgnoreServiceEvents(true);
    setIgnoreStepEvents(true);
    setIgnoreExchangeCreatedEvent(true);
    setIgnoreExchangeSendingEvents(true);
    setIgnoreExchangeSentEvents(true);
    setIgnoreExchangeRedeliveryEvents(true);
    setIgnoreExchangeAsyncProcessingStartedEvents(true);
  }

  @Override
  public boolean isEnabled(CamelEvent event) {
    return event instanceof CamelEvent.ExchangeCompletedEvent
        || event instanceof CamelEvent.ExchangeFailedEvent;
  }

  @Override
  public void notify(CamelEvent event) {
    Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
    Endpoint from = exchange.getFromEndpoint();
    if (from == null || !from.getEndpointUri().startsWith("platform-http:")) {
      return;
    }
    String route = String.valueOf(exchange.getFromRouteId());
    String status = String.valueOf(status(exchange));
    MeterRegistry meters = registry(exchange.getContext());
    // timers are kept only once the context's own registry is known (not the global fallback)
    Timer timer =
        meters == registry
            ? timers.computeIfAbsent(route + ' ' + status, k -> timer(meters, route, status))
            : timer(meters, route, status);
    timer.record(exchange.getClock().elapsed(), TimeUnit.MILLISECONDS);
  }

  private static Timer timer(MeterRegistry meters, String route, String status) {
    return Timer.builder("reelroute.http.server.requests")
        .description("HTTP requests by route id (one per REST verb) and status")
        .tag("route", route)
        .tag("status", status)
        .serviceLevelObjectives(BUCKETS)
        .register(meters);
  }

  /**
   * The status the client got, decided as platform-http does: the route's response code, else 500
   * for an unhandled failure, 204 without a body, 200.
   */
  static int status(Exchange exchange) {
    Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    if (code != null) {
      return code;
    }
    if (exchange.isFailed()) {
      return 500;
    }
    return exchange.getMessage().getBody() == null ? 204 : 200;
  }

  private MeterRegistry registry(CamelContext context) {
    MeterRegistry found = registry;
    if (found == null) {
      found = context.getRegistry().findSingleByType(MeterRegistry.class);
      if (found == null) {
        return Metrics.globalRegistry;
      }
      registry = found;
    }
    return found;
  }
}
