package io.reelroute.transcode;

import io.reelroute.Reelroute;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Stage retry-later: the message of a job that failed for a passing reason stays on the queue and
 * comes back after a back-off. Each receive waits twice as long as the one before, so that a
 * dependency away for longer than one visibility timeout does not use up the message's receives
 * (reelroute.sqs.max-receive-count before the dead-letter queue).
 */
public final class TranscodeRetries {

  private static final Logger LOG = LoggerFactory.getLogger(TranscodeRetries.class);

  private final SqsClient sqs;
  private final String queue;
  private final int visibilityTimeoutSeconds;
  private final TranscodeMetrics metrics;
  private volatile String queueUrl;

  public TranscodeRetries(
      SqsClient sqs, String queue, int visibilityTimeoutSeconds, TranscodeMetrics metrics) {
    this.sqs = sqs;
    this.queue = queue;
    this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
    this.metrics = metrics;
  }

  /**
   * When the worker is stopping (SIGTERM) the job was given back because of the stop, not of a
   * fault: the message is made visible again at once so another worker takes it now.
   */
  public void retryLater(Exchange exchange) {
    Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    String receipt = exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class);
    Object messageId = exchange.getMessage().getHeader("CamelAwsSqsMessageId");
    if (Processes.stopping() && receipt != null && visibility(receipt, 0)) {
      LOG.info("Worker stopping: transcode message {} released to the queue at once", messageId);
      metrics.job("released");
      return;
    }
    int receives = receiveCount(exchange.getMessage().getHeader("CamelAwsSqsAttributes"));
    int backoff = backoffSeconds(visibilityTimeoutSeconds, receives);
    if (receipt != null && receives > 1) {
      visibility(receipt, backoff);
    }
    LOG.warn(
        "Transcode message {} left on the queue for a retry in {} s (receive {}): {}",
        messageId,
        backoff,
        receives,
        caught == null ? "unknown error" : Reelroute.oneLine(caught));
    metrics.job(Outcomes.RETRY);
  }

  private boolean visibility(String receipt, int seconds) {
    try {
      sqs.changeMessageVisibility(
          r -> r.queueUrl(queueUrl()).receiptHandle(receipt).visibilityTimeout(seconds));
      return true;
    } catch (RuntimeException e) {
      LOG.warn("Could not set the message's visibility: {}", Reelroute.oneLine(e));
      return false;
    }
  }

  /**
   * The wait before the next receive of a job that failed on its {@code receives}-th receive: the
   * visibility timeout, doubled for each earlier receive, at most SQS's 12 hours.
   */
  static int backoffSeconds(int visibilityTimeoutSeconds, int receives) {
    long wait = (long) visibilityTimeoutSeconds << Math.min(20, Math.max(0, receives - 1));
    return (int) Math.min(43_200, wait);
  }

  /** ApproximateReceiveCount from the CamelAwsSqsAttributes header (1 when SQS did not say). */
  static int receiveCount(Object attributes) {
    if (attributes instanceof Map<?, ?> map) {
      for (var entry : map.entrySet()) {
        if ("ApproximateReceiveCount".equals(String.valueOf(entry.getKey()))) {
          try {
            return Math.max(1, Integer.parseInt(String.valueOf(entry.getValue()).trim()));
          } catch (NumberFormatException e) {
            return 1;
          }
        }
      }
    }
    return 1;
  }

  private String queueUrl() {
    String url = queueUrl;
    if (url == null) {
      url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
      queueUrl = url;
    }
    return url;
  }
}
