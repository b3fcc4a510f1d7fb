package io.reelroute.catalog;

import io.reelroute.config.Beans;
import io.reelroute.config.Capability;

/** Upload, catalog and housekeeping beans (routes/upload, catalog, housekeeping .camel.yaml). */
public final class CatalogCapability implements Capability {

  @Override
  public void bind(Beans beans) {
    CatalogSettings settings = CatalogSettings.from(beans.settings());
    CatalogStore store =
        new CatalogStore(
            beans.infra().dataSource(),
            beans.settings().positiveInt("reelroute.db.pool-size"),
            beans.settings().integer("reelroute.db.connect-timeout-ms"));
    Storage storage = new Storage(beans.infra().s3(), beans.infra().presigner(), settings.bucket());
    CatalogService catalog = new CatalogService(settings, store, storage);
    beans
        .binder()
        .onStarted(
            (context, alreadyStarted) ->
                io.reelroute.observe.CacheMetrics.register(context, catalog.caches()));
    UploadQuotas quotas =
        new UploadQuotas(
            beans.infra().dataSource(),
            UploadQuotas.Limits.from(beans.settings()),
            settings.expireAfter());
    UploadService uploads = new UploadService(settings, store, storage, catalog, quotas);
    beans.bind("uploadQuotas", quotas);
    beans.bind("catalogService", catalog);
    beans.bind("uploadService", uploads);
    beans.bind("catalogApi", new CatalogApi(uploads, catalog));
    beans.bind("uploadSweeper", new UploadSweeper(store, storage, catalog, settings.expireAfter()));
    beans.bind("openApi", new OpenApi());
  }
}
