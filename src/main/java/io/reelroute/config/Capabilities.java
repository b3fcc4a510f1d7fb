package io.reelroute.config;

import java.util.List;

/** Every capability whose beans are bound at start-up. A new capability adds one line here. */
public final class Capabilities {

  private Capabilities() {}

  public static List<Capability> all() {
    // one line per capability, e.g. new io.reelroute.auth.AuthCapability()
    return List.of(
        new io.reelroute.auth.AuthCapability(),
        new io.reelroute.catalog.CatalogCapability(),
        new io.reelroute.transcode.TranscodeCapability(),
        new io.reelroute.social.SocialCapability(),
        new io.reelroute.moderation.ModerationCapability(),
        new io.reelroute.playback.PlaybackCapability(),
        new io.reelroute.web.WebCapability(),
        new io.reelroute.webhooks.WebhooksCapability(),
        new io.reelroute.subscriptions.SubscriptionsCapability(),
        new io.reelroute.playlists.PlaylistsCapability(),
        new io.reelroute.thumbnails.ThumbnailsCapability());
  }
}
