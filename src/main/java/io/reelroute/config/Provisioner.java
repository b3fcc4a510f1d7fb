package io.reelroute.config;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the bucket, the job queue and its dead-letter queue when absent. Idempotent: running it
 * against resources that exist changes nothing but the queue attributes we own.
 */
public final class Provisioner {

  private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

  /** What to create. */
  public record Plan(
      String bucket,
      String queue,
      String deadLetterQueue,
      int maxReceiveCount,
      int visibilityTimeoutSeconds) {}

  private Provisioner() {}

  public static void provision(S3Client s3, SqsClient sqs, Plan plan) {
    ensureBucket(s3, plan.bucket());
    String dlqUrl = sqs.createQueue(r -> r.queueName(plan.deadLetterQueue())).queueUrl();
    String dlqArn =
        sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String redrive =
        "{\"maxReceiveCount\":\""
            + plan.maxReceiveCount()
            + "\",\"deadLetterTargetArn\":\""
            + dlqArn
            + "\"}";
    Map<QueueAttributeName, String> attributes =
        Map.of(
            QueueAttributeName.REDRIVE_POLICY,
            redrive,
            QueueAttributeName.VISIBILITY_TIMEOUT,
            Integer.toString(plan.visibilityTimeoutSeconds()),
            // DLQ messages are evidence of a failure; keep them the SQS maximum of 14 days.
            QueueAttributeName.MESSAGE_RETENTION_PERIOD,
            "1209600");
    String queueUrl = sqs.createQueue(r -> r.queueName(plan.queue())).queueUrl();
    sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(attributes));
    LOG.info(
        "Provisioned bucket '{}', queue '{}' with dead-letter queue '{}' after {} receives",
        plan.bucket(),
        plan.queue(),
        plan.deadLetterQueue(),
        plan.maxReceiveCount());
  }

  private static void ensureBucket(S3Client s3, String bucket) {
    try {
      s3.headBucket(r -> r.bucket(bucket));
    } catch (NoSuchBucketException e) {
      try {
        // Buckets are private by default; nothing here grants public access.
        s3.createBucket(r -> r.bucket(bucket));
      } catch (BucketAlreadyOwnedByYouException raced) {
        // another process created it first: fine
      }
    }
  }
}
