package io.reelroute.catalog;

import io.reelroute.common.ApiException;
import org.apache.camel.Exchange;

/** The caller that the identity flow's requireUser/optionalUser put on the exchange. */
final class Callers {

  private Callers() {}

  /** The signed-in caller, or 401. */
  static Owner require(Exchange exchange) {
    Owner owner = optional(exchange);
    if (owner == null) {
      throw ApiException.unauthorized("unauthorized", "Sign in first");
    }
    return owner;
  }

  /** The signed-in caller, or null for an anonymous request. */
  static Owner optional(Exchange exchange) {
    Object caller = exchange.getProperty("caller");
    if (caller == null) {
      return null;
    }
    throw new IllegalStateException("caller of unknown type " + caller.getClass());
  }
}
