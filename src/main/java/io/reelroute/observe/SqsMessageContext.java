package io.reelroute.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * What a message sent from Java (the upload-events flow's {@code enqueue-job}) carries of the work
 * that sent it, as SQS message attributes: {@code X-Request-Id} from the MDC (the worker logs the
 * upload's request id) and, when the sending work is traced and sampled, the W3C trace context
 * ({@code traceparent}, {@code tracestate}) that the worker's route continues. Attributes the
 * sender set itself are kept. The transcode route asks SQS for these attributes ({@link
 * #ATTRIBUTES}); Camel turns them into headers.
 */
public final class SqsMessageContext implements ExecutionInterceptor {

  /** The message attributes the job consumers receive (aws2-sqs messageAttributeNames). */
  public static final String ATTRIBUTES = "traceparent,tracestate," + RequestIds.HEADER;

  private final ContextPropagators propagators;

  public SqsMessageContext(ContextPropagators propagators) {
    this.propagators = propagators;
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (!(context.request() instanceof SendMessageRequest send)) {
      return context.request();
    }
    Map<String, MessageAttributeValue> added = new HashMap<>();
    String requestId = MDC.get(RequestIds.KEY_REQUEST_ID);
    if (requestId != null) {
      added.put(RequestIds.HEADER, text(requestId));
    }
    if (Span.current().getSpanContext().isSampled()) {
      propagators
          .getTextMapPropagator()
          .inject(
              io.opentelemetry.context.Context.current(),
              added,
              (carrier, key, value) -> carrier.put(key, text(value)));
    }
    if (added.isEmpty()) {
      return send;
    }
    Map<String, MessageAttributeValue> all = new HashMap<>(added);
    all.putAll(send.messageAttributes());
    return send.toBuilder().messageAttributes(all).build();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
