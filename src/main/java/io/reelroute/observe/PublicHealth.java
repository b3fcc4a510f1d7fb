package io.reelroute.observe;

import java.util.Collection;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The bare liveness and readiness status the public port keeps when {@code
 * reelroute.management.port} moves /observe to a port of its own (bean {@code publicHealth},
 * routes/observe-public.camel.yaml): {@code {"status":"UP"}} (200) or {@code {"status":"DOWN"}}
 * (503), with no check names, details or error texts.
 */
public final class PublicHealth {

  public void live(Exchange exchange) {
    respond(exchange, HealthCheckHelper.invokeLiveness(exchange.getContext()));
  }

  public void ready(Exchange exchange) {
    respond(exchange, HealthCheckHelper.invokeReadiness(exchange.getContext()));
  }

  static boolean up(Collection<HealthCheck.Result> results) {
    return results.stream().noneMatch(r -> r.getState() == HealthCheck.State.DOWN);
  }

  private static void respond(Exchange exchange, Collection<HealthCheck.Result> results) {
    boolean up = up(results);
    Message m = exchange.getMessage();
    m.removeHeaders("*");
    m.setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
    m.setHeader(Exchange.CONTENT_TYPE, "application/json");
    m.setHeader("Cache-Control", "no-store");
    m.setBody(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
  }
}
