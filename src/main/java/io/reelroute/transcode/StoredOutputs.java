package io.reelroute.transcode;

import io.reelroute.Reelroute;
import io.reelroute.video.VideoKeys;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Stage clear-earlier-outputs and the failure handlers: removes everything under
 * videos/{videoKey}/, so that a failed attempt's partial outputs never mix with the next one's.
 */
public final class StoredOutputs {

  private static final Logger LOG = LoggerFactory.getLogger(StoredOutputs.class);

  private final S3Client s3;
  private final String bucket;

  public StoredOutputs(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** Best effort: a failure is logged (the next attempt clears again). */
  public void remove(String videoKey) {
    try {
      String prefix = VideoKeys.outputPrefix(videoKey);
      String token = null;
      do {
        String next = token;
        var page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(next));
        List<ObjectIdentifier> ids =
            page.contents().stream()
                .map(S3Object::key)
                .map(k -> ObjectIdentifier.builder().key(k).build())
                .toList();
        if (!ids.isEmpty()) {
          s3.deleteObjects(r -> r.bucket(bucket).delete(Delete.builder().objects(ids).build()));
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (RuntimeException e) {
      LOG.warn("Could not remove outputs of {}: {}", videoKey, Reelroute.oneLine(e));
    }
  }
}
