package io.reelroute.social;

import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import java.time.Duration;

/** The reelroute.social.* settings, checked once at start-up. */
public record SocialSettings(
    Duration commentRateWindow,
    int commentRateMax,
    int commentPageSize,
    int commentMaxPageSize,
    Duration viewWindow,
    String viewerSalt,
    Duration digestInterval,
    String publicUrl,
    String smtpFrom,
    String clientIpHeader) {

  public static SocialSettings from(Settings s) {
    int pageSize = s.positiveInt("reelroute.social.comment-page-size");
    int maxPage = s.positiveInt("reelroute.social.comment-max-page-size");
    if (maxPage > 100 || pageSize > maxPage) {
      throw new SettingsException(
          "reelroute.social.comment-page-size",
          "must not exceed reelroute.social.comment-max-page-size, which must be at most 100");
    }
    String publicUrl = s.require("reelroute.public-url").strip();
    return new SocialSettings(
        Duration.ofSeconds(s.positiveInt("reelroute.social.comment-rate-window-seconds")),
        s.positiveInt("reelroute.social.comment-rate-max"),
        pageSize,
        maxPage,
        Duration.ofMinutes(s.positiveInt("reelroute.social.view-window-minutes")),
        s.getOrEmpty("reelroute.social.viewer-salt").strip(),
        Duration.ofSeconds(s.positiveInt("reelroute.social.digest-interval-seconds")),
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl,
        s.require("reelroute.smtp.from"),
        s.getOrEmpty("reelroute.auth.client-ip-header").strip());
  }
}
