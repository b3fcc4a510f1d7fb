package io.reelroute.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;
import io.reelroute.common.ApiException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a bearer JWT: algorithm allowlist (asymmetric only, never {@code none} or an HMAC),
 * known kid, signature, exact issuer and audience, exp/nbf with a small clock skew. Any failure is
 * one 401 {@code invalid-token}; the reason goes to the debug log only.
 */
public final class TokenVerifier {

  /** The claims Reelroute uses from a verified token. */
  /** What a valid token says; {@code issuedAt} is null when it has no iat. */
  public record Verified(
      String issuer,
      String subject,
      String email,
      Boolean emailVerified,
      java.time.Instant issuedAt) {}

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

  private final JWTProcessor<SecurityContext> processor;
  private final Duration clockSkew;
  private final Duration maxLifetime;

  /**
   * @param maxLifetime the longest {@code exp − iat} accepted (the lifetime we issue plus the
   *     skew), and {@code iat} may not lie in the future beyond the skew; null = the issuer decides
   *     (OIDC)
   */
  TokenVerifier(
      com.nimbusds.jose.proc.JWSKeySelector<SecurityContext> keySelector,
      String issuer,
      String audience,
      Set<String> requiredClaims,
      Duration clockSkew,
      Duration maxLifetime) {
    this.clockSkew = clockSkew;
    this.maxLifetime = maxLifetime;
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(keySelector);
    // typ: "JWT", none, or RFC 9068's "at+jwt" (used by some OIDC issuers for access tokens)
    p.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audience, new JWTClaimsSet.Builder().issuer(issuer).build(), requiredClaims);
    claims.setMaxClockSkew((int) clockSkew.toSeconds());
    p.setJWTClaimsSetVerifier(claims);
    this.processor = p;
  }

  public Verified verify(String token) {
    try {
      JWTClaimsSet claims = processor.process(token, null);
      if (maxLifetime != null) {
        checkLifetime(claims);
      }
      Object verified = claims.getClaim("email_verified");
      return new Verified(
          claims.getIssuer(),
          claims.getSubject(),
          claims.getStringClaim("email"),
          verified instanceof Boolean b ? b : null,
          claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant());
    } catch (RateLimitReachedException e) {
      LOG.debug("Rejected bearer token (unknown kid, JWKS refresh rate limited)");
      throw invalid();
    } catch (KeySourceException e) {
      // the keys could not be fetched (issuer's JWKS URL or our database is away): not the
      // client's fault
      LOG.warn("Token keys unavailable: {}", e.getMessage());
      throw ApiException.unavailable("Token keys are unavailable; try again shortly", 5);
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
      LOG.debug("Rejected bearer token: {}", e.getMessage());
      throw invalid();
    }
  }

  /**
   * A token we signed lives at most {@code maxLifetime}: a correctly signed token with a long
   * {@code exp} (or an {@code iat} in the future, which would stretch the window the same way) is
   * refused.
   */
  private void checkLifetime(JWTClaimsSet claims) {
    if (claims.getIssueTime() == null || claims.getExpirationTime() == null) {
      throw new IllegalArgumentException("iat and exp required");
    }
    java.time.Instant iat = claims.getIssueTime().toInstant();
    java.time.Instant exp = claims.getExpirationTime().toInstant();
    if (iat.isAfter(java.time.Instant.now().plus(clockSkew))) {
      throw new IllegalArgumentException("iat in the future");
    }
    if (Duration.between(iat, exp).compareTo(maxLifetime) > 0) {
      throw new IllegalArgumentException("lifetime exp - iat exceeds " + maxLifetime);
    }
  }

  static ApiException invalid() {
    return ApiException.unauthorized(
        "invalid-token", "The access token is missing, malformed, expired or not ours");
  }
}
