package io.reelroute.transcode;

import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage read-upload-event: the queue message is an S3 Event Notification. For an upload source of
 * our bucket it sets header {@value #VIDEO_KEY}, header CamelAwsS3Key (the source, for the fetch
 * stage) and the {@link Job}; anything else (s3:TestEvent, another bucket or prefix) is ignored.
 */
public final class UploadEventReader {

  private static final Logger LOG = LoggerFactory.getLogger(UploadEventReader.class);

  public static final String VIDEO_KEY = "ReelrouteVideoKey";

  private final String bucket;
  private final TranscodeMetrics metrics;

  public UploadEventReader(String bucket, TranscodeMetrics metrics) {
    this.bucket = bucket;
    this.metrics = metrics;
  }

  public void read(Exchange exchange) {
    metrics.use(exchange.getContext());
    if (Processes.stopping()) {
      // received as the worker began to stop: not started, released by the retry stage at once
      throw new TransientJobException("the worker is stopping", null);
    }
    Message message = exchange.getMessage();
    List<S3Events.Created> objects = S3Events.parse(message.getBody(String.class));
    S3Events.Created upload = null;
    for (S3Events.Created object : objects) {
      Optional<String> videoKey = object.videoKey();
      if (videoKey.isEmpty() || !bucket.equals(object.bucket())) {
        LOG.info("Ignoring S3 event for {}/{}", object.bucket(), object.key());
      } else if (upload == null) {
        upload = object;
      } else {
        // S3 sends one record per notification; a second one here would be a hand-made message
        LOG.warn("Ignoring a second upload in one message: {}", object.key());
      }
    }
    if (objects.isEmpty()) {
      LOG.info("Ignoring a message that is not an upload event (e.g. s3:TestEvent)");
    }
    if (upload == null) {
      Outcomes.set(exchange, Outcomes.IGNORED);
      return;
    }
    String videoKey = upload.videoKey().orElseThrow();
    message.setHeader(VIDEO_KEY, videoKey);
    message.setHeader("CamelAwsS3Key", upload.key());
    exchange.setProperty(Job.PROPERTY, new Job(videoKey, upload.key()));
  }
}
