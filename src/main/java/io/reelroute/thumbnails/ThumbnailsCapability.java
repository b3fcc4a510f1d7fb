package io.reelroute.thumbnails;

import io.reelroute.catalog.CatalogService;
import io.reelroute.config.Beans;
import io.reelroute.config.Capability;

/**
 * Custom thumbnails (issue 15, routes/thumbnails.camel.yaml): a video's owner picks a frame or
 * uploads a picture. Needs the catalog's beans (bound before this one).
 */
public final class ThumbnailsCapability implements Capability {

  @Override
  public void bind(Beans beans) {
    CatalogService catalog = beans.lookup("catalogService", CatalogService.class);
    if (catalog == null) {
      throw new IllegalStateException("the thumbnails capability needs the catalog's beans");
    }
    var settings = beans.settings();
    FrameGrabber frames =
        new FrameGrabber(
            beans.infra().s3(),
            settings.get("reelroute.s3.bucket"),
            settings.get("reelroute.ffmpeg.path"),
            settings.positiveInt("reelroute.thumbnails.concurrency"));
    beans.bind("thumbnails", new Thumbnails(beans.infra().dataSource(), catalog, frames));
  }
}
