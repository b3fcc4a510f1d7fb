package io.reelroute.auth;

import io.reelroute.common.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** GET /.well-known/jwks.json: the public keys that verify Reelroute's access tokens. */
public final class JwksEndpoint {

  private final SigningKeys keys;

  /** {@code keys} is null in oidc mode, where we issue no tokens (404). */
  public JwksEndpoint(SigningKeys keys) {
    this.keys = keys;
  }

  public void jwks(Exchange exchange) {
    if (keys == null) {
      throw ApiException.notFound("Tokens are issued by the external identity provider");
    }
    Message m = exchange.getMessage();
    m.removeHeaders("*");
    m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    m.setHeader(Exchange.CONTENT_TYPE, "application/jwk-set+json");
    // short: a rotated-in key must reach verifiers well before the old one is retired
    m.setHeader("Cache-Control", "public, max-age=300");
    m.setBody(keys.publicJwks().toString(true));
  }
}
