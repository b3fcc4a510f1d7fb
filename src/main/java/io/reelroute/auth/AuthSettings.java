package io.reelroute.auth;

import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The reelroute.auth.* settings, checked once at start-up. */
public record AuthSettings(
    Mode mode,
    String issuer,
    String audience,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration clockSkew,
    Duration keyRotation,
    Duration codeTtl,
    int codeMaxAttempts,
    int codeMaxFailuresPerDay,
    int argon2MemoryKib,
    int argon2Iterations,
    int argon2Parallelism,
    Duration rateWindow,
    int loginMax,
    int registerMax,
    int resendMax,
    String clientIpHeader,
    String oidcIssuer,
    String oidcAudience,
    String oidcJwksUrl,
    List<String> oidcAlgorithms,
    Duration oidcJwksCache,
    Duration oidcJwksMinRefresh,
    String smtpFrom,
    String publicUrl,
    // issue 15: reelroute.admin.emails, lower case
    java.util.Set<String> adminEmails) {

  public enum Mode {
    LOCAL,
    OIDC
  }

  public static AuthSettings from(Settings s) {
    String modeRaw = s.get("reelroute.auth.mode").toLowerCase(Locale.ROOT);
    Mode mode =
        switch (modeRaw) {
          case "local" -> Mode.LOCAL;
          case "oidc" -> Mode.OIDC;
          default ->
              throw new SettingsException(
                  "reelroute.auth.mode", "must be local or oidc, got '" + modeRaw + "'");
        };
    String publicUrl = s.get("reelroute.public-url");
    String issuer = s.isSet("reelroute.auth.issuer") ? s.get("reelroute.auth.issuer") : publicUrl;
    List<String> algorithms =
        Arrays.stream(s.get("reelroute.auth.oidc.algorithms").split(","))
            .map(String::strip)
            .filter(a -> !a.isEmpty())
            .toList();
    for (String alg : algorithms) {
      // asymmetric only: an HMAC "verified" with a published key would accept forged tokens
      if (!alg.matches("RS(256|384|512)|PS(256|384|512)|ES(256|384|512)|EdDSA|Ed25519")) {
        throw new SettingsException(
            "reelroute.auth.oidc.algorithms", "allows asymmetric JWS algorithms only, got " + alg);
      }
    }
    if (mode == Mode.OIDC) {
      s.require("reelroute.auth.oidc.issuer");
      s.require("reelroute.auth.oidc.audience");
      s.require("reelroute.auth.oidc.jwks-url");
    }
    int memory = s.positiveInt("reelroute.auth.argon2.memory-kib");
    if (memory < 8 * 1024) {
      throw new SettingsException(
          "reelroute.auth.argon2.memory-kib", "must be at least 8192 (8 MiB), got " + memory);
    }
    return new AuthSettings(
        mode,
        issuer,
        s.get("reelroute.auth.audience"),
        Duration.ofMinutes(s.positiveInt("reelroute.auth.access-token-minutes")),
        Duration.ofDays(s.positiveInt("reelroute.auth.refresh-token-days")),
        Duration.ofSeconds(s.integer("reelroute.auth.clock-skew-seconds")),
        Duration.ofDays(s.positiveInt("reelroute.auth.key-rotation-days")),
        Duration.ofMinutes(s.positiveInt("reelroute.auth.code-minutes")),
        s.positiveInt("reelroute.auth.code-max-attempts"),
        s.positiveInt("reelroute.auth.code-max-failures-per-day"),
        memory,
        s.positiveInt("reelroute.auth.argon2.iterations"),
        s.positiveInt("reelroute.auth.argon2.parallelism"),
        Duration.ofSeconds(s.positiveInt("reelroute.auth.rate.window-seconds")),
        s.positiveInt("reelroute.auth.rate.login-max"),
        s.positiveInt("reelroute.auth.rate.register-max"),
        s.positiveInt("reelroute.auth.rate.resend-max"),
        s.getOrEmpty("reelroute.auth.client-ip-header").strip(),
        s.getOrEmpty("reelroute.auth.oidc.issuer"),
        s.getOrEmpty("reelroute.auth.oidc.audience"),
        s.getOrEmpty("reelroute.auth.oidc.jwks-url"),
        algorithms,
        Duration.ofSeconds(s.positiveInt("reelroute.auth.oidc.jwks-cache-seconds")),
        Duration.ofSeconds(s.integer("reelroute.auth.oidc.jwks-min-refresh-seconds")),
        s.get("reelroute.smtp.from"),
        publicUrl,
        Roles.parseAdminEmails(s.getOrEmpty("reelroute.admin.emails")));
  }
}
