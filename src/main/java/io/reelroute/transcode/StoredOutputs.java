package io.reelroute.transcode;

import io.reelroute.Reelroute;
import io.reelroute.catalog.Storage;
import io.reelroute.video.VideoKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage clear-earlier-outputs and the failure handlers: removes everything under
 * videos/{videoKey}/, so that a failed attempt's partial outputs never mix with the next one's.
 */
public final class StoredOutputs {

  private static final Logger LOG = LoggerFactory.getLogger(StoredOutputs.class);

  private final Storage storage;

  public StoredOutputs(Storage storage) {
    this.storage = storage;
  }

  /** Best effort: a failure is logged (the next attempt clears again). */
  public void remove(String videoKey) {
    try {
      storage.deletePrefix(VideoKeys.outputPrefix(videoKey));
    } catch (RuntimeException e) {
      LOG.warn("Could not remove outputs of {}: {}", videoKey, Reelroute.oneLine(e));
    }
  }
}
