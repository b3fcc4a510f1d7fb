package io.reelroute.transcode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Samples the approximate number of messages of the job queue and its dead-letter queue for the
 * {@code reelroute_queue_messages} gauge (what KEDA scales the workers on, and what an operator
 * watches). Sampled by a timer route rather than on scrape, so a slow or absent SQS never holds up
 * /observe/metrics.
 */
public final class QueueDepth {

  private static final Logger LOG = LoggerFactory.getLogger(QueueDepth.class);

  /** The SQS attribute behind each state of the gauge. */
  static final Map<String, QueueAttributeName> STATES =
      Map.of(
          "visible", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          "in-flight", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
          "delayed", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

  private final SqsClient sqs;
  private final List<String> queues;
  private final TranscodeMetrics metrics;
  private final Map<String, String> urls = new ConcurrentHashMap<>();
  private volatile boolean failing;

  public QueueDepth(SqsClient sqs, List<String> queues, TranscodeMetrics metrics) {
    this.sqs = sqs;
    this.queues = List.copyOf(queues);
    this.metrics = metrics;
  }

  /** One sample of every queue; a queue that cannot be read keeps its last value (logged once). */
  public void sample(org.apache.camel.CamelContext context) {
    metrics.use(context);
    for (String queue : queues) {
      try {
        String url =
            urls.computeIfAbsent(queue, q -> sqs.getQueueUrl(r -> r.queueName(q)).queueUrl());
        Map<QueueAttributeName, String> attributes =
            sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(STATES.values()))
                .attributes();
        STATES.forEach(
            (state, attribute) ->
                metrics.queueMessages(queue, state, parse(attributes.get(attribute))));
        failing = false;
      } catch (RuntimeException e) {
        if (!failing) {
          LOG.warn("Cannot read the depth of queue {}: {}", queue, e.getMessage());
          failing = true;
        }
      }
    }
  }

  private static long parse(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
