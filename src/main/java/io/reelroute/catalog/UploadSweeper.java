package io.reelroute.catalog;

import io.reelroute.video.VideoKeys;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping for uploads that never arrived: rows still AWAITING_UPLOAD after the configured age
 * get their multipart upload aborted, partial objects deleted, and become EXPIRED. A row whose
 * source object did arrive is left alone (the upload-events flow picks it up). Safe to run in
 * several processes at once: the state change is conditional.
 */
public final class UploadSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(UploadSweeper.class);
  private static final int BATCH = 100;

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

  /** One sweep (the timer route calls this); returns how many uploads expired. */
  public int sweep() throws SQLException {
    int expired = 0;
    for (Video video : store.staleUploads(maxAge.toMinutes(), BATCH)) {
      String key = video.videoKey();
      if (video.uploadId() == null && storage.size(video.sourceKey()).isPresent()) {
        continue; // a single PUT that arrived: not ours to expire
      }
      if (video.uploadId() != null) {
        storage.abort(video.sourceKey(), video.uploadId());
      }
      try {
        storage.abortAll(VideoKeys.uploadPrefix(key));
      } catch (RuntimeException e) {
        LOG.debug("Listing multipart uploads under {} failed: {}", key, e.toString());
      }
      storage.deletePrefix(VideoKeys.uploadPrefix(key));
      if (store.expire(
          key, "The upload did not arrive within " + maxAge.toMinutes() + " minutes")) {
        expired++;
        catalog.invalidate(key);
      }
    }
    if (expired > 0) {
      LOG.info("Expired {} uploads that never arrived", expired);
    }
    return expired;
  }
}
