package io.reelroute.transcode;

import io.reelroute.Reelroute;
import io.reelroute.video.VideoKeys;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stage find-stale-jobs of transcode-recover, on worker start: PROCESSING videos whose heartbeat
 * stopped (their worker died) and UPLOADED videos left quiet (their message may be gone: the
 * embedded queue lives in memory) are taken back once, and their upload events returned for the
 * route to put on the queue again. A duplicate message is harmless: a job claims a video once.
 */
public final class StaleJobs {

  private static final Logger LOG = LoggerFactory.getLogger(StaleJobs.class);

  private final io.reelroute.video.StaleVideos store;
  private final Workspaces workspaces;
  private final S3Client s3;
  private final TranscodeConfig config;

  public StaleJobs(
      io.reelroute.video.StaleVideos store,
      Workspaces workspaces,
      S3Client s3,
      TranscodeConfig config) {
    this.store = store;
    this.workspaces = workspaces;
    this.s3 = s3;
    this.config = config;
  }

  /** The S3 event messages of the jobs to run again. */
  public List<String> find() {
    workspaces.cleanAbandoned();
    List<String> events = new ArrayList<>();
    int stale = config.staleAfterSeconds();
    try {
      for (String videoKey : store.stale(stale, 1000)) {
        if (store.requeueStale(videoKey, stale)) {
          events.add(uploadEvent(videoKey));
        }
      }
      for (String videoKey : store.leftUploaded(stale, 1000)) {
        if (store.touchUploaded(videoKey, stale)) {
          events.add(uploadEvent(videoKey));
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Could not re-queue stale jobs: {}", Reelroute.oneLine(e));
    }
    if (!events.isEmpty()) {
      LOG.info("Re-queueing {} job(s) left by stopped workers", events.size());
    }
    return events;
  }

  private String uploadEvent(String videoKey) {
    String key = VideoKeys.sourceKey(videoKey);
    long size = 0;
    String eTag = "";
    try {
      var head = s3.headObject(r -> r.bucket(config.bucket()).key(key));
      size = head.contentLength();
      eTag = head.eTag();
    } catch (RuntimeException e) {
      LOG.debug("no source for {}: {}", videoKey, e.toString());
    }
    return S3Events.created(config.region(), config.bucket(), key, size, eTag, Instant.now());
  }
}
