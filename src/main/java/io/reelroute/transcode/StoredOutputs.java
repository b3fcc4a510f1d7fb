package io.reelroute.transcode;

import io.reelroute.Reelroute;
import io.reelroute.catalog.Storage;
import io.reelroute.video.LivePlayback;
import io.reelroute.video.VideoKeys;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage clear-earlier-outputs and the failure handlers: removes everything under
 * videos/{videoKey}/, so that a failed attempt's partial outputs never mix with the next one's.
 * First the video stops being playable while processing ({@link LivePlayback#reset}): viewers see
 * "processing" again, never a playlist whose segments are being deleted.
 */
public final class StoredOutputs {

  private static final Logger LOG = LoggerFactory.getLogger(StoredOutputs.class);

  private final Storage storage;
  private final LivePlayback live;

  public StoredOutputs(Storage storage, LivePlayback live) {
    this.storage = storage;
    this.live = live;
  }

  /**
   * Best effort: a failure is logged (the next attempt clears again). If the playable flag cannot
   * be cleared (database away), the outputs stay: better an old playlist than a broken one.
   */
  public void remove(String videoKey) {
    try {
      live.reset(videoKey);
    } catch (SQLException e) {
      LOG.warn("Could not reset live playback of {}: {}", videoKey, Reelroute.oneLine(e));
      return;
    }
    try {
      storage.deletePrefix(VideoKeys.outputPrefix(videoKey));
    } catch (RuntimeException e) {
      LOG.warn("Could not remove outputs of {}: {}", videoKey, Reelroute.oneLine(e));
    }
  }
}
