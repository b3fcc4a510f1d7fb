package io.reelroute.playlists;

import io.reelroute.catalog.CatalogService;
import io.reelroute.config.Beans;
import io.reelroute.config.Capability;

/**
 * Playlists (issue 15, routes/playlists.camel.yaml): a user's ordered lists of videos and the
 * built-in "Watch later". Needs the catalog's beans (bound before this one).
 */
public final class PlaylistsCapability implements Capability {

  @Override
  public void bind(Beans beans) {
    CatalogService catalog = beans.lookup("catalogService", CatalogService.class);
    if (catalog == null) {
      throw new IllegalStateException("the playlists capability needs the catalog's beans first");
    }
    beans.bind(
        "playlistsApi",
        new PlaylistsApi(
            new PlaylistStore(beans.infra().dataSource()),
            catalog,
            beans.settings().positiveInt("reelroute.playlists.max-per-user"),
            beans.settings().positiveInt("reelroute.playlists.max-videos")));
  }
}
