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
    Codes codes = new Codes(settings, clock, beans.embedded());
    PendingRegistrations pending = new PendingRegistrations(settings, codes, clock);
    CodeFailures failures = new CodeFailures(dataSource, settings, clock);
    Sessions sessions =
        new Sessions(dataSource, settings, passwords, tokens, limiter, pending, clock);
    beans.bind(
        "authRegistration",
        new Registration(
            dataSource, settings, passwords, limiter, pending, failures, codes, clock));
    beans.bind(
        "authPasswordReset",
        new PasswordReset(dataSource, settings, passwords, limiter, failures, codes, clock));
    beans.bind("authSessions", sessions);
    beans.bind(
        "authAccount", new Account(dataSource, settings, passwords, limiter, sessions, clock));
    beans.bind("authMailer", new AuthMail(settings));
    beans.bind(
        "authHousekeeping", new AuthHousekeeping(dataSource, sessions, pending, failures, clock));
    beans.bind("authJwks", new JwksEndpoint(keys));
    String host = beans.settings().get("reelroute.http.host");
    boolean loopback = DevMail.servedOn(host);
    if (beans.embedded() && !loopback && beans.settings().role().runsApi()) {
      LOG.warn(
          "/dev/mail is off: reelroute.http.host={} is not loopback, and the mail holds every"
              + " confirmation and reset code (bind 127.0.0.1 to read it)",
          host);
    }
    boolean devMail = beans.embedded() && loopback;
    beans.bind("devMail", new DevMail(devMail ? beans.stack().mail()::getReceivedMessages : null));
    UserGuard requireUser = new UserGuard(authenticator, false);
    beans.bind("requireUser", requireUser);
    // issue 15: roles and the accounts as admins and moderators change them
    beans.bind("requireModerator", new RoleGuard(requireUser, false));
    beans.bind("requireAdmin", new RoleGuard(requireUser, true));
    beans.bind("authMembers", new Members(settings.adminEmails()));
    beans.bind("optionalUser", new UserGuard(authenticator, true));
  }
}
