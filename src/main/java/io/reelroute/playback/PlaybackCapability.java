package io.reelroute.playback;

import io.reelroute.config.Beans;
import io.reelroute.config.Capability;
import io.reelroute.config.SettingsException;
import io.reelroute.config.SharedSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** Playback: the playback description and the signed playlists (routes/playback.camel.yaml). */
public final class PlaybackCapability implements Capability {

  @Override
  public void bind(Beans beans) {
    var settings = beans.settings();
    String secret = settings.secret("reelroute.playback.token-secret");
    byte[] key;
    if (secret.isBlank()) {
      // every api process of this deployment signs and checks with the same key
      key = SharedSecrets.getOrCreate(beans.infra().dataSource(), "playback-token-key", 32);
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
            "",
            Duration.ofSeconds(settings.positiveInt("reelroute.playback.private-url-ttl-seconds")),
            Duration.ofSeconds(
                settings.positiveInt("reelroute.playback.private-token-ttl-seconds")));
    beans.bind("playbackHeaderFilter", new io.reelroute.web.PassHeaders());
    PlaybackService playback =
        new PlaybackService(
            beans.infra().dataSource(),
            beans.infra().s3(),
            beans.infra().presigner(),
            new PlaybackTokens(key),
            config,
            Clock.systemUTC(),
            reviewers(beans));
    beans.bind("playback", playback);
    beans
        .binder()
        .onStarted(
            (context, alreadyStarted) ->
                io.reelroute.observe.CacheMetrics.register(context, playback.caches()));
    beans.bind(
        "captions",
        new CaptionsService(
            beans.infra().dataSource(),
            beans.infra().s3(),
            settings.get("reelroute.s3.bucket"),
            playback));
  }

  /**
   * Whether a user is an active moderator or admin, read on each call (a moderator or admin may
   * play a taken-down video: video.Visibility).
   */
  private static java.util.function.LongPredicate reviewers(Beans beans) {
    var members = beans.lookup("authMembers", io.reelroute.auth.Members.class);
    var dataSource = beans.infra().dataSource();
    if (members == null) {
      throw new IllegalStateException("playback needs the auth beans first");
    }
    return userId -> {
      try (var c = dataSource.getConnection()) {
        return members.reviewer(c, userId);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    };
  }
}
