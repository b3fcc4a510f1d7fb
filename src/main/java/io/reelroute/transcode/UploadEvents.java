package io.reelroute.transcode;

import io.reelroute.Reelroute;
import io.reelroute.video.VideoLifecycle;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The enqueue-job stage of routes/upload-events.camel.yaml: puts one S3 Event Notification message
 * per finished upload on the transcode-jobs queue. The route finds the waiting videos (an indexed
 * query on state) and HEADs each source, never its body: the cost follows the number of uploads in
 * flight, not the number of videos stored. A multipart upload's object exists only once it is
 * completed, so completions count and parts do not.
 */
public final class UploadEvents {

  private static final Logger LOG = LoggerFactory.getLogger(UploadEvents.class);

  private final VideoLifecycle store;
  private final SqsClient sqs;
  private final String bucket;
  private final String region;
  private final String queue;
  private volatile String queueUrl;

  public UploadEvents(
      VideoLifecycle store, SqsClient sqs, String bucket, String region, String queue) {
    this.store = store;
    this.sqs = sqs;
    this.bucket = bucket;
    this.region = region;
    this.queue = queue;
  }

  /**
   * Stage enqueue-job: the source exists (body: its HEAD response; headers ReelrouteVideoKey and
   * CamelAwsS3Key). Enqueues its S3 event once across processes and restarts.
   */
  public void enqueue(Exchange exchange) throws Exception {
    Message message = exchange.getMessage();
    String videoKey = message.getHeader("ReelrouteVideoKey", String.class);
    String key = message.getHeader("CamelAwsS3Key", String.class);
    HeadObjectResponse head = message.getMandatoryBody(HeadObjectResponse.class);
    String messageId = bucket + "/" + key + "/" + head.eTag();
    String body =
        S3Events.created(
            region,
            bucket,
            key,
            head.contentLength(),
            head.eTag(),
            head.lastModified() == null ? Instant.now() : head.lastModified());
    boolean sent =
        store.enqueueOnce(
            videoKey,
            messageId,
            head.contentLength(),
            () -> sqs.sendMessage(r -> r.queueUrl(queueUrl()).messageBody(body)));
    if (sent) {
      LOG.info(
          "Upload of {} noticed ({} bytes); transcode job enqueued",
          videoKey,
          head.contentLength());
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
