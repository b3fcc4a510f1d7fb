package io.reelroute.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Issues and verifies Reelroute's own access tokens (RS256, keys from {@link SigningKeys}). */
public final class Tokens {

  private final SigningKeys keys;
  private final AuthSettings settings;
  private final Clock clock;
  private final TokenVerifier verifier;

  public Tokens(SigningKeys keys, AuthSettings settings, Clock clock) {
    this.keys = keys;
    this.settings = settings;
    this.clock = clock;
    JWSKeySelector<SecurityContext> selector =
        (header, context) -> {
          // allowlist: RS256 with a kid we published, nothing else
          if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            return List.of();
          }
          try {
            return keys.verificationKey(header.getKeyID())
                .map(k -> List.<Key>of(toPublic(k)))
                .orElse(List.of());
          } catch (RuntimeException e) {
            throw new KeySourceException("signing keys unavailable", e);
          }
        };
    this.verifier =
        new TokenVerifier(
            selector,
            settings.issuer(),
            settings.audience(),
            Set.of("sub", "exp", "iat", "nbf", "email"),
            settings.clockSkew(),
            settings.accessTokenTtl().plus(settings.clockSkew()));
  }

  /** A signed access token for a user. */
  public String issue(long userId, String email) {
    RSAKey key = keys.signingKey();
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(settings.issuer())
            .audience(settings.audience())
            .subject(Long.toString(userId))
            .claim("email", email)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(settings.accessTokenTtl())))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  public TokenVerifier.Verified verify(String token) {
    return verifier.verify(token);
  }

  public long expiresInSeconds() {
    return settings.accessTokenTtl().toSeconds();
  }

  private static Key toPublic(RSAKey key) {
    try {
      return key.toRSAPublicKey();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
