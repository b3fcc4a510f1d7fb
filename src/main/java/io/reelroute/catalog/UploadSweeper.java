package io.reelroute.catalog;

import io.reelroute.video.VideoKeys;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of routes/housekeeping.camel.yaml for uploads that never arrived (rows still
 * AWAITING_UPLOAD after the configured age, found by its sql: step): their multipart upload
 * aborted, partial objects deleted, and EXPIRED. Safe to run in several processes at once: the
 * state change is conditional.
 */
public final class UploadSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(UploadSweeper.class);

  private final CatalogStore store;
  private final Storage storage;
  private final CatalogService catalog;
  private final Duration maxAge;

  public UploadSweeper(
      CatalogStore store, Storage storage, CatalogService catalog, Duration maxAge) {
    this.store = store;
    this.storage = storage;
    this.catalog = catalog;
    this.maxAge = maxAge;
  }

  /**
   * Stage arrived-meanwhile (body: a row of find-stale-uploads): property "arrived" when a single
   * PUT did arrive after all (not ours to expire: upload-events takes it).
   */
  public void arrived(Exchange exchange) {
    Map<?, ?> row = exchange.getMessage().getBody(Map.class);
    boolean arrived =
        row.get("upload_id") == null && storage.size((String) row.get("source_key")).isPresent();
    exchange.setProperty("arrived", arrived);
  }

  /** Stage abort-upload: the multipart upload aborted and every partial object deleted. */
  public void abort(Exchange exchange) {
    Map<?, ?> row = exchange.getMessage().getBody(Map.class);
    String key = (String) row.get("videoKey");
    if (row.get("upload_id") != null) {
      storage.abort((String) row.get("source_key"), (String) row.get("upload_id"));
    }
    try {
      storage.abortAll(VideoKeys.uploadPrefix(key));
    } catch (RuntimeException e) {
      LOG.debug("Listing multipart uploads under {} failed: {}", key, e.toString());
    }
    storage.deletePrefix(VideoKeys.uploadPrefix(key));
  }

  /** Stage expire-upload: AWAITING_UPLOAD becomes EXPIRED with the reason, if it still waits. */
  public void expire(Exchange exchange) throws SQLException {
    String key = (String) exchange.getMessage().getBody(Map.class).get("videoKey");
    if (store.expire(key, "The upload did not arrive within " + maxAge.toMinutes() + " minutes")) {
      LOG.info("Upload of {} never arrived: EXPIRED", key);
      catalog.invalidate(key);
    }
  }
}
