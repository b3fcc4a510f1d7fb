package io.reelroute.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The units of work keep requestId, videoKey and routeId in the MDC while a route runs. */
class RequestIdsMdcTest {

  @Test
  void mdcHasRequestIdVideoKeyAndRouteId() throws Exception {
    Map<String, String> seen = new HashMap<>();
    try (DefaultCamelContext context = new DefaultCamelContext()) {
      RequestIds.useMdcUnitsOfWork(context);
      // a lambda, not a RouteBuilder subclass: Camel Main's package scan of io.reelroute in the
      // integration tests' apps would pick up such a class from the test class path
      RouteBuilder.addRoutes(
          context,
          rb -> {
            rb.from("direct:in").routeId("outer").to("direct:inner");
            rb.from("direct:inner")
                .routeId("inner")
                .setHeader("ReelrouteVideoKey", rb.constant("abcdefghijk"))
                .process(
                    exchange -> {
                      seen.put("requestId", MDC.get("requestId"));
                      seen.put("videoKey", MDC.get("videoKey"));
                      seen.put("routeId", MDC.get("routeId"));
                    });
          });
      context.start();
      context.createProducerTemplate().sendBodyAndHeader("direct:in", "x", "X-Request-Id", "req-7");
    }
    assertEquals("req-7", seen.get("requestId"));
    assertEquals("abcdefghijk", seen.get("videoKey"));
    assertEquals("inner", seen.get("routeId"));
    assertEquals(null, MDC.get("requestId"), "cleared after the exchange");
  }
}
