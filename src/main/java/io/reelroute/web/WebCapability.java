package io.reelroute.web;

import io.reelroute.config.Beans;
import io.reelroute.config.Capability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The web UI (frontend/, built into the class path under web/). */
public final class WebCapability implements Capability {

  private static final Logger LOG = LoggerFactory.getLogger(WebCapability.class);

  @Override
  public void bind(Beans beans) {
    WebAssets assets =
        WebAssets.fromClassPath(
            WebCapability.class.getClassLoader(),
            beans.settings().positiveInt("reelroute.web.immutable-max-age-seconds"));
    if (!assets.built()) {
      LOG.warn("The web UI is not built into this build; '/' shows a placeholder page");
    }
    String storage =
        SecurityHeaders.storageOrigin(
            beans.infra().presigner(), beans.settings().get("reelroute.s3.bucket"));
    beans.bind(
        "webUi",
        new WebUi(
            assets,
            SecurityHeaders.forPages(storage),
            SecurityHeaders.forEmbeds(
                storage, beans.settings().get("reelroute.web.embed-frame-ancestors"))));
    beans.bind("webHeaderFilter", new PassHeaders());
    // the HTTP servers' Vert.x: other protocol versions reach RequestTargetGuard (400, not 501)
    io.vertx.core.Vertx vertx = HttpVersions.vertx();
    beans.bind("vertx", vertx);
    beans
        .infra()
        .closeWith(
            () ->
                vertx
                    .close()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS));
    // malformed request targets: 400 problem+json before Vert.x routes them (issue 12)
    // and per-route body limits, before any body is read (issue 12)
    beans
        .binder()
        .onStarted(
            new RequestTargetGuard.Installer(
                new BodyLimits(
                    beans.settings().positiveInt("reelroute.http.json-body-max-bytes"))));
  }
}
