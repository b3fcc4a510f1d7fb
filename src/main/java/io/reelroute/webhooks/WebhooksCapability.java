package io.reelroute.webhooks;

import io.reelroute.auth.KeyEncryption;
import io.reelroute.config.Beans;
import io.reelroute.config.Capability;
import java.time.Clock;
import java.time.Duration;

/**
 * Signed webhooks (issue 11 item 5): routes/webhooks.camel.yaml (API and delivery, api role) and
 * routes/webhook-events.camel.yaml (records deliveries of every event, every role). Beans: {@code
 * webhooksApi}, {@code webhookDeliveries}, {@code webhookSender}.
 */
public final class WebhooksCapability implements Capability {

  /** A delivery attempt is cut after this long. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Override
  public void bind(Beans beans) {
    WebhookSettings settings = WebhookSettings.from(beans.settings());
    Clock clock = Clock.systemUTC();
    var dataSource = beans.infra().dataSource();
    // secrets are sealed with the signing keys' key-encryption key when one is set
    KeyEncryption encryption = KeyEncryption.of(beans.settings().secret(KeyEncryption.SETTING));
    WebhookTargets targets = new WebhookTargets(settings.allowPrivateTargets());
    beans.bind("webhooksApi", new WebhooksApi(dataSource, targets, encryption, clock));
    beans.bind(
        "webhookDeliveries",
        new WebhookDeliveries(
            dataSource, encryption, settings.retryBase(), settings.concurrency(), clock));
    beans.bind("webhookSender", new WebhookSender(targets, TIMEOUT, clock));
  }
}
