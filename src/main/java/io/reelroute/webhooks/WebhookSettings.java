package io.reelroute.webhooks;

import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import java.time.Duration;
import java.util.Locale;

/** The reelroute.webhooks.* settings, checked once at start-up. */
public record WebhookSettings(boolean allowPrivateTargets, Duration retryBase, int concurrency) {

  public static final String ALLOW_PRIVATE = "reelroute.webhooks.allow-private-targets";

  public static WebhookSettings from(Settings s) {
    String allow = s.getOrEmpty(ALLOW_PRIVATE).strip().toLowerCase(Locale.ROOT);
    boolean allowPrivate;
    if (allow.isEmpty()) { // auto: a local receiver works on the embedded stack only
      allowPrivate = s.stackMode() == Settings.StackMode.EMBEDDED;
    } else if (allow.equals("true") || allow.equals("false")) {
      allowPrivate = Boolean.parseBoolean(allow);
    } else {
      throw new SettingsException(
          ALLOW_PRIVATE, "must be true, false or empty, got '" + allow + "'");
    }
    return new WebhookSettings(
        allowPrivate,
        Duration.ofSeconds(s.positiveInt("reelroute.webhooks.retry-base-seconds")),
        s.positiveInt("reelroute.webhooks.concurrency"));
  }
}
