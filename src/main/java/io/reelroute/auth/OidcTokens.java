package io.reelroute.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies bearer tokens of an external OpenID Connect issuer (Cognito, Keycloak, ...) against its
 * JWKS URL: keys cached, the set re-fetched when a token names an unknown kid (at most once per
 * {@code reelroute.auth.oidc.jwks-min-refresh-seconds}).
 */
public final class OidcTokens {

  private final TokenVerifier verifier;

  public OidcTokens(AuthSettings settings) {
    URL url;
    try {
      url = URI.create(settings.oidcJwksUrl()).toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new io.reelroute.config.SettingsException(
          "reelroute.auth.oidc.jwks-url", "is not a URL: " + e.getMessage());
    }
    long cacheMs = settings.oidcJwksCache().toMillis();
    JWKSourceBuilder<SecurityContext> builder =
        JWKSourceBuilder.<SecurityContext>create(
                url, new DefaultResourceRetriever(3_000, 3_000, 512 * 1024))
            .cache(cacheMs, 5_000)
            .refreshAheadCache(false)
            .retrying(false);
    long minRefreshMs = settings.oidcJwksMinRefresh().toMillis();
    builder = minRefreshMs > 0 ? builder.rateLimited(minRefreshMs) : builder.rateLimited(false);
    JWKSource<SecurityContext> source = builder.build();
    Set<JWSAlgorithm> algorithms =
        settings.oidcAlgorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
    this.verifier =
        new TokenVerifier(
            new JWSVerificationKeySelector<>(algorithms, source),
            settings.oidcIssuer(),
            settings.oidcAudience(),
            Set.of("sub", "exp", "iat"),
            settings.clockSkew(),
            null);
  }

  public TokenVerifier.Verified verify(String token) {
    return verifier.verify(token);
  }
}
