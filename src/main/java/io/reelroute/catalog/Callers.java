package io.reelroute.catalog;

import io.reelroute.auth.Caller;
import io.reelroute.common.ApiException;
import org.apache.camel.Exchange;

/** The caller that the identity flow's requireUser/optionalUser put on the exchange. */
final class Callers {

  private Callers() {}

  /** The signed-in caller, or 401 (routes run requireUser first; this is a second lock). */
  static Owner require(Exchange exchange) {
    Owner owner = optional(exchange);
    if (owner == null) {
      throw ApiException.unauthorized("authentication-required", "Sign in first");
    }
    return owner;
  }

  /** The signed-in caller, or null for an anonymous request. */
  static Owner optional(Exchange exchange) {
    Caller caller = exchange.getProperty("caller", Caller.class);
    return caller == null ? null : new Owner(caller.id(), caller.email(), caller.moderator());
  }
}
