package io.reelroute.auth;

import io.reelroute.config.Beans;
import io.reelroute.config.Capability;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity: binds the beans of routes/auth.camel.yaml and the guards every protected route uses
 * ({@code requireUser}, {@code optionalUser}).
 */
public final class AuthCapability implements Capability {

  private static final Logger LOG = LoggerFactory.getLogger(AuthCapability.class);

  @Override
  public void bind(Beans beans) {
    AuthSettings settings = AuthSettings.from(beans.settings());
    Clock clock = Clock.systemUTC();
    var dataSource = beans.infra().dataSource();
    SigningKeys keys = null;
    Tokens tokens = null;
    OidcTokens oidc = null;
    if (settings.mode() == AuthSettings.Mode.LOCAL) {
      KeyEncryption encryption = KeyEncryption.of(beans.settings().secret(KeyEncryption.SETTING));
      if (!encryption.enabled() && !beans.embedded() && beans.settings().role().runsApi()) {
        LOG.warn(
            "Token signing keys are stored unencrypted in the database; set {} (or {}-file)",
            KeyEncryption.SETTING,
            KeyEncryption.SETTING);
      }
      keys =
          new SigningKeys(
              dataSource,
              encryption,
              settings.keyRotation(),
              settings.accessTokenTtl().plus(settings.clockSkew()).plusMinutes(1),
              clock);
      tokens = new Tokens(keys, settings, clock);
    } else {
      oidc = new OidcTokens(settings);
    }
    Passwords passwords =
        new Passwords(
            settings.argon2MemoryKib(), settings.argon2Iterations(), settings.argon2Parallelism());
    RateLimiter limiter = new RateLimiter(dataSource, settings.rateWindow(), clock);
    Authenticator authenticator = new Authenticator(dataSource, settings, tokens, oidc, clock);
    if (keys != null) {
      beans.bind("signingKeys", keys);
      if (beans.settings().role().runsApi()) {
        keys.init(); // create (or rotate) the shared key now, not on the first login
      }
    }
    beans.bind("authRateLimiter", limiter);
    beans.bind(
        "authService",
        new AuthService(dataSource, settings, passwords, tokens, limiter, clock, beans.embedded()));
    beans.bind("authJwks", new JwksEndpoint(keys));
    beans.bind(
        "devMail",
        new DevMail(beans.embedded() ? beans.stack().mail()::getReceivedMessages : null));
    beans.bind("requireUser", new UserGuard(authenticator, false));
    beans.bind("optionalUser", new UserGuard(authenticator, true));
  }
}
