package io.reelroute.moderation;

import io.reelroute.config.Settings;
import java.time.Duration;

/** The reelroute.moderation.* settings. */
record ModerationSettings(
    Duration reportRateWindow, int reportRateMax, int pageSize, int maxPageSize) {

  static ModerationSettings from(Settings s) {
    return new ModerationSettings(
        Duration.ofSeconds(s.positiveInt("reelroute.moderation.report-rate-window-seconds")),
        s.positiveInt("reelroute.moderation.report-rate-max"),
        s.positiveInt("reelroute.moderation.page-size"),
        s.positiveInt("reelroute.moderation.max-page-size"));
  }
}
