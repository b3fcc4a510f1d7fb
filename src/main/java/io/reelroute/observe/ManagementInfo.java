package io.reelroute.observe;

import io.reelroute.common.Json;
import io.vertx.core.http.HttpMethod;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code reelroute.management.port} set, /observe/info (version and git commit) is served by
 * the management server next to Camel's health and metrics, not by a route on the public port.
 */
public final class ManagementInfo implements StartupListener {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementInfo.class);
  private final BuildInfo info;

  public ManagementInfo(BuildInfo info) {
    this.info = info;
  }

  @Override
  public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {}

  @Override
  public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
    String body = Json.write(info.asMap());
    boolean installed = false;
    for (VertxPlatformHttpRouter router :
        context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
      if (router.isManagementServer()) {
        router
            .route(HttpMethod.GET, "/observe/info")
            .handler(
                ctx ->
                    ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end(body));
        installed = true;
      }
    }
    if (!installed) {
      LOG.warn("No management server found: /observe/info is not served");
    }
  }
}
