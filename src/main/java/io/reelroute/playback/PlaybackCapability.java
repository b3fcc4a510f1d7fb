package io.reelroute.playback;

import io.reelroute.config.Beans;
import io.reelroute.config.Capability;
import io.reelroute.config.SettingsException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Playback: the playback description and the signed playlists (routes/playback.camel.yaml). */
public final class PlaybackCapability implements Capability {

  private static final Logger LOG = LoggerFactory.getLogger(PlaybackCapability.class);

  @Override
  public void bind(Beans beans) {
    var settings = beans.settings();
    String secret = settings.getOrEmpty("reelroute.playback.token-secret");
    byte[] key;
    if (secret.isBlank()) {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
      if (!beans.embedded()) {
        LOG.warn(
            "reelroute.playback.token-secret is not set: playback links only work on this api"
                + " process and end with it; set the same secret on every api process");
      }
    } else {
      key = secret.getBytes(StandardCharsets.UTF_8);
      if (key.length < 16) {
        throw new SettingsException(
            "reelroute.playback.token-secret", "needs at least 16 characters");
      }
    }
    var config =
        new PlaybackService.Config(
            settings.get("reelroute.s3.bucket"),
            Duration.ofSeconds(settings.positiveInt("reelroute.playback.url-ttl-seconds")),
            Duration.ofSeconds(settings.positiveInt("reelroute.playback.token-ttl-seconds")),
            settings.positiveInt("reelroute.playback.cache-entries"),
            "");
    beans.bind("playbackHeaderFilter", new io.reelroute.web.PassHeaders());
    beans.bind(
        "playback",
        new PlaybackService(
            beans.infra().dataSource(),
            beans.infra().s3(),
            beans.infra().presigner(),
            new PlaybackTokens(key),
            config,
            Clock.systemUTC()));
  }
}
