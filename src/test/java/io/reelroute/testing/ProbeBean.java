package io.reelroute.testing;

import io.reelroute.common.ApiException;
import io.reelroute.common.Json;

/** Test-only bean behind routes/it-probe.camel.yaml. */
public class ProbeBean {

  /** A request shape to parse strictly. */
  public record Echo(String text, int times) {}

  public String echo(String body) {
    Echo echo = Json.read(body, Echo.class);
    if (echo.times() < 1 || echo.times() > 3) {
      throw ApiException.invalidField("times", "times must be 1 to 3");
    }
    if ("boom".equals(echo.text())) {
      throw new IllegalStateException("internal detail that must not leak");
    }
    return Json.write(java.util.Map.of("text", echo.text().repeat(echo.times())));
  }
}
