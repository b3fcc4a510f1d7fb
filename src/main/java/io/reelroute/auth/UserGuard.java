package io.reelroute.auth;

import io.reelroute.common.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The one check in front of protected routes (beans {@code requireUser} and {@code optionalUser}):
 * validates the Bearer token and sets exchange property {@code caller}. The Authorization header is
 * removed afterwards so that it can never echo back in a response.
 */
public final class UserGuard implements Processor {

  public static final String CALLER = "caller";

  private final Authenticator authenticator;
  private final boolean optional;

  public UserGuard(Authenticator authenticator, boolean optional) {
    this.authenticator = authenticator;
    this.optional = optional;
  }

  @Override
  public void process(Exchange exchange) {
    exchange.removeProperty(CALLER);
    String header = exchange.getIn().getHeader("Authorization", String.class);
    exchange.getIn().removeHeader("Authorization");
    if (header == null || header.isBlank()) {
      if (optional) {
        return;
      }
      throw ApiException.unauthorized(
          "authentication-required", "This needs a Bearer access token (log in first)");
    }
    if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthorized("invalid-token", "Send the access token as 'Bearer <token>'");
    }
    exchange.setProperty(CALLER, authenticator.authenticate(header.substring(7).strip()));
  }
}
