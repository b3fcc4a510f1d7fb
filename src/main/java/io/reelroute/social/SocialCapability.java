package io.reelroute.social;

import io.reelroute.auth.RateLimiter;
import io.reelroute.catalog.CatalogService;
import io.reelroute.config.Beans;
import io.reelroute.config.Capability;
import java.time.Clock;

/**
 * Social features (issue 8, routes/social.camel.yaml): reactions, comments, view counts, channel
 * pages, the comment e-mail digest. Needs the catalog's beans (bound before this one).
 */
public final class SocialCapability implements Capability {

  @Override
  public void bind(Beans beans) {
    SocialSettings settings = SocialSettings.from(beans.settings());
    Clock clock = Clock.systemUTC();
    var dataSource = beans.infra().dataSource();
    CatalogService catalog = beans.lookup("catalogService", CatalogService.class);
    if (catalog == null) {
      throw new IllegalStateException("the social capability needs the catalog's beans first");
    }
    // the identity flow's database-backed rate limiter, with the comment window
    RateLimiter limiter = new RateLimiter(dataSource, settings.commentRateWindow(), clock);
    Views views = new Views(dataSource, settings.viewWindow(), settings.viewerSalt(), clock);
    Comments comments = new Comments(dataSource, settings, limiter, new Notifications());
    beans.bind(
        "socialApi",
        new SocialApi(dataSource, settings, new Reactions(dataSource), comments, views, catalog));
    beans.bind("socialViews", views);
    beans.bind("socialDigest", new Digest(dataSource, settings, clock));
  }
}
