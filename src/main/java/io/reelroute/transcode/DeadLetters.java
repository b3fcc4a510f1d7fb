package io.reelroute.transcode;

import io.reelroute.Reelroute;
import io.reelroute.video.VideoLifecycle;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage give-up of the dead-letters route: a job ran out of attempts. Its video is FAILED with the
 * last attempt's error (and the video.failed event), unless a worker runs it now or it is done.
 */
public final class DeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final VideoLifecycle store;
  private final TranscodeMetrics metrics;
  private final int staleAfterSeconds;

  public DeadLetters(VideoLifecycle store, TranscodeMetrics metrics, int staleAfterSeconds) {
    this.store = store;
    this.metrics = metrics;
    this.staleAfterSeconds = staleAfterSeconds;
  }

  public void giveUp(Exchange exchange) {
    for (S3Events.Created object : S3Events.parse(exchange.getMessage().getBody(String.class))) {
      Optional<String> videoKey = object.videoKey();
      if (videoKey.isEmpty()) {
        continue;
      }
      try {
        if (store.markGaveUp(
            videoKey.get(), staleAfterSeconds, "Transcoding failed after several attempts.")) {
          String reason =
              store.find(videoKey.get()).map(VideoLifecycle.Video::failureReason).orElse("");
          LOG.warn("Video {} FAILED after its last attempt: {}", videoKey.get(), reason);
          metrics.job("gave-up");
        }
      } catch (SQLException e) {
        throw new TransientJobException("database unavailable: " + Reelroute.oneLine(e), e);
      }
    }
  }
}
