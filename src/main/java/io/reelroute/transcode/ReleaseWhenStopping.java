package io.reelroute.transcode;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * On the job consumers' SQS client: messages that a long poll returns after the worker began to
 * stop (SIGTERM) are made visible again at once (ChangeMessageVisibility 0) and never reach the
 * stopping route, so another worker takes them now instead of after the visibility timeout.
 */
final class ReleaseWhenStopping implements ExecutionInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(ReleaseWhenStopping.class);

  private final BooleanSupplier stopping;
  private final SqsClient releaser;

  /** {@code releaser}: a client of its own (the intercepted one is inside a call). */
  ReleaseWhenStopping(BooleanSupplier stopping, SqsClient releaser) {
    this.stopping = stopping;
    this.releaser = releaser;
  }

  @Override
  public SdkResponse modifyResponse(
      Context.ModifyResponse context, ExecutionAttributes executionAttributes) {
    if (!(context.response() instanceof ReceiveMessageResponse received)
        || !(context.request() instanceof ReceiveMessageRequest request)
        || !received.hasMessages()
        || received.messages().isEmpty()
        || !stopping.getAsBoolean()) {
      return context.response();
    }
    for (Message message : received.messages()) {
      try {
        releaser.changeMessageVisibility(
            r ->
                r.queueUrl(request.queueUrl())
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(0));
      } catch (RuntimeException e) {
        // it comes back after the visibility timeout, as without this
        LOG.warn("Could not release message {}: {}", message.messageId(), e.toString());
      }
    }
    LOG.info(
        "Released {} message(s) received while stopping: visible again at once",
        received.messages().size());
    return received.toBuilder().messages(List.of()).build();
  }
}
