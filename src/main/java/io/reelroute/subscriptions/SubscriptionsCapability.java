package io.reelroute.subscriptions;

import io.reelroute.catalog.CatalogService;
import io.reelroute.config.Beans;
import io.reelroute.config.Capability;
import io.reelroute.social.NotificationStore;
import java.time.Clock;

/**
 * Subscriptions (issue 15, routes/subscriptions.camel.yaml and subscription-events.camel.yaml):
 * follow channels, the feed, new-video notifications and the e-mail digest. Needs the catalog's
 * beans (bound before this one).
 */
public final class SubscriptionsCapability implements Capability {

  @Override
  public void bind(Beans beans) {
    var settings = beans.settings();
    var dataSource = beans.infra().dataSource();
    CatalogService catalog = beans.lookup("catalogService", CatalogService.class);
    if (catalog == null) {
      throw new IllegalStateException("the subscriptions capability needs the catalog's beans");
    }
    SubscriptionStore store = new SubscriptionStore(dataSource);
    String publicUrl = settings.require("reelroute.public-url").strip();
    if (publicUrl.endsWith("/")) {
      publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
    }
    beans.bind(
        "subscriptionsApi",
        new SubscriptionsApi(
            store, catalog, settings.positiveInt("reelroute.subscriptions.max-per-user")));
    beans.bind(
        "subscriptionEvents",
        new SubscriptionEvents(dataSource, store, new NotificationStore(dataSource)));
    beans.bind(
        "subscriptionDigest",
        new SubscriptionDigest(
            dataSource, publicUrl, settings.require("reelroute.smtp.from"), Clock.systemUTC()));
  }
}
