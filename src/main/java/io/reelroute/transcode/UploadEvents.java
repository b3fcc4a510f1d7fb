package io.reelroute.transcode;

import io.reelroute.Reelroute;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The api side of routes/upload-events.camel.yaml: notices finished uploads and puts one S3 Event
 * Notification message per upload on the transcode-jobs queue.
 *
 * <p>Each poll looks only at the videos still waiting for their upload (an indexed query on state)
 * and asks S3 for each one's metadata with HEAD, never the body: the cost follows the number of
 * uploads in flight, not the number of videos stored. A multipart upload's object exists only once
 * it is completed, so completions count and parts do not.
 */
public final class UploadEvents {

  private static final Logger LOG = LoggerFactory.getLogger(UploadEvents.class);

  /** An upload whose source object exists. */
  public record Upload(String videoKey, String key, long size, String eTag, Instant lastModified) {}

  private final VideoStore store;
  private final S3Client s3;
  private final SqsClient sqs;
  private final String bucket;
  private final String region;
  private final String queue;
  private final int batch;
  private volatile String queueUrl;

  public UploadEvents(
      VideoStore store,
      S3Client s3,
      SqsClient sqs,
      String bucket,
      String region,
      String queue,
      int batch) {
    this.store = store;
    this.s3 = s3;
    this.sqs = sqs;
    this.bucket = bucket;
    this.region = region;
    this.queue = queue;
    this.batch = batch;
  }

  /** The waiting videos whose source has arrived. */
  public List<Upload> arrived() throws SQLException {
    List<Upload> found = new ArrayList<>();
    for (String videoKey : store.awaitingUpload(batch)) {
      String key = "uploads/" + videoKey + "/source";
      try {
        HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
        found.add(
            new Upload(videoKey, key, head.contentLength(), head.eTag(), head.lastModified()));
      } catch (NoSuchKeyException e) {
        // not uploaded yet
      } catch (S3Exception e) {
        if (e.statusCode() != 404) {
          throw e;
        }
      }
    }
    return found;
  }

  /** Enqueues one upload, exactly once across processes and restarts. */
  public void enqueue(Upload upload) throws Exception {
    String messageId = bucket + "/" + upload.key() + "/" + upload.eTag();
    String body =
        S3Events.created(
            region,
            bucket,
            upload.key(),
            upload.size(),
            upload.eTag(),
            upload.lastModified() == null ? Instant.now() : upload.lastModified());
    boolean sent =
        store.enqueueOnce(
            upload.videoKey(),
            messageId,
            upload.size(),
            () -> sqs.sendMessage(r -> r.queueUrl(queueUrl()).messageBody(body)));
    if (sent) {
      LOG.info(
          "Upload of {} noticed ({} bytes); transcode job enqueued",
          upload.videoKey(),
          upload.size());
    }
  }

  private String queueUrl() {
    String url = queueUrl;
    if (url == null) {
      try {
        url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
      } catch (RuntimeException e) {
        throw new IllegalStateException("queue " + queue + ": " + Reelroute.oneLine(e), e);
      }
      queueUrl = url;
    }
    return url;
  }
}
