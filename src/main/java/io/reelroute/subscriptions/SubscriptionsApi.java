package io.reelroute.subscriptions;

import static io.reelroute.common.Replies.caller;
import static io.reelroute.common.Replies.json;
import static io.reelroute.common.Replies.query;

import io.reelroute.auth.Caller;
import io.reelroute.auth.Handles;
import io.reelroute.catalog.CatalogService;
import io.reelroute.catalog.Input;
import io.reelroute.common.ApiException;
import io.reelroute.common.Replies;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * The HTTP side of subscriptions (routes/subscriptions.camel.yaml): follow and unfollow a channel,
 * the followed channels, the feed of their new public videos, the e-mail digest choice.
 */
public final class SubscriptionsApi {

  private final SubscriptionStore store;
  private final CatalogService catalog;
  private final int maxSubscriptions;

  SubscriptionsApi(SubscriptionStore store, CatalogService catalog, int maxSubscriptions) {
    this.store = store;
    this.catalog = catalog;
    this.maxSubscriptions = maxSubscriptions;
  }

  /** PUT /api/me/subscriptions/{handle}: follows the channel (idempotent). */
  public void subscribe(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    SubscriptionStore.Channel channel = channel(exchange);
    if (channel.id() == caller.id()) {
      throw ApiException.invalidField("handle", "You cannot subscribe to your own channel");
    }
    if (!store.subscribe(caller.id(), channel.id(), maxSubscriptions)) {
      throw ApiException.conflict(
          "too-many-subscriptions", "You may follow at most " + maxSubscriptions + " channels");
    }
    json(exchange, 200, state(channel, true));
  }

  /** DELETE /api/me/subscriptions/{handle}: stops following (idempotent). */
  public void unsubscribe(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    SubscriptionStore.Channel channel = channel(exchange);
    store.unsubscribe(caller.id(), channel.id());
    json(exchange, 200, state(channel, false));
  }

  /** GET /api/me/subscriptions: the channels the caller follows. */
  public void list(Exchange exchange) throws SQLException {
    json(exchange, 200, store.list(caller(exchange).id()));
  }

  /** GET /api/me/subscriptions/videos?cursor&limit: the feed, newest first. */
  public void feed(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    String limit = query(exchange, "limit");
    CatalogService.Page page = catalog.listFeed(caller.id(), query(exchange, "cursor"), limit);
    Replies.page(
        exchange,
        page.json(),
        page.nextCursor(),
        "/api/me/subscriptions/videos?" + (limit == null ? "" : "limit=" + limit + "&"));
  }

  /** GET /api/me/notification-settings. */
  public void settings(Exchange exchange) throws SQLException {
    json(exchange, 200, choices(caller(exchange).id()));
  }

  /**
   * PUT /api/me/notification-settings {subscriptionDigest?, reportOutcomeEmail?}: changes the
   * fields given (at least one), answers with all of them.
   */
  public void updateSettings(Exchange exchange) throws SQLException {
    Caller caller = caller(exchange);
    Input in =
        Input.parse(Replies.body(exchange), Set.of("subscriptionDigest", "reportOutcomeEmail"));
    Boolean digest = in.bool("subscriptionDigest");
    Boolean reports = in.bool("reportOutcomeEmail");
    if (digest == null && reports == null) {
      throw ApiException.invalidField(
          "subscriptionDigest", "subscriptionDigest or reportOutcomeEmail is required");
    }
    if (digest != null) {
      store.emailDigest(caller.id(), digest);
    }
    if (reports != null) {
      store.reportOutcomeEmail(caller.id(), reports);
    }
    json(exchange, 200, choices(caller.id()));
  }

  private Map<String, Object> choices(long userId) throws SQLException {
    SubscriptionStore.EmailChoices choices = store.emailChoices(userId);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("subscriptionDigest", choices.digest());
    out.put("reportOutcomeEmail", choices.reportOutcomes());
    return out;
  }

  private Map<String, Object> state(SubscriptionStore.Channel channel, boolean subscribed)
      throws SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("handle", channel.handle());
    out.put("displayName", channel.displayName());
    out.put("subscribed", subscribed);
    out.put("subscribers", store.subscriberCount(channel.id()));
    return out;
  }

  private SubscriptionStore.Channel channel(Exchange exchange) throws SQLException {
    String handle = exchange.getIn().getHeader("handle", String.class);
    handle = handle == null ? null : handle.toLowerCase(Locale.ROOT);
    if (handle == null || !Handles.isValid(handle)) {
      throw ApiException.invalidField(
          "handle", "handle must be 1 to 40 characters of a-z, 0-9 and '-'");
    }
    return store
        .channel(handle)
        .orElseThrow(() -> new ApiException(404, "not-found", "No such channel", "handle", null));
  }
}
