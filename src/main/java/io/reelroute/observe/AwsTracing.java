package io.reelroute.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A client span per AWS SDK call ({@code S3.HeadObject}, {@code Sqs.SendMessage}, ...) made inside
 * a traced piece of work; calls outside one (a poll, a health check) make none. The span is the
 * current one while the request is built, so {@link SqsMessageContext} puts it into the message.
 */
final class AwsTracing implements ExecutionInterceptor {

  private static final ExecutionAttribute<Span> SPAN = new ExecutionAttribute<>("reelroute.span");
  private static final ExecutionAttribute<io.opentelemetry.context.Scope> SCOPE =
      new ExecutionAttribute<>("reelroute.scope");

  private final Tracer tracer;

  AwsTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (!Span.current().getSpanContext().isValid()) {
      return;
    }
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Span span =
        tracer
            .spanBuilder(service + "." + operation)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("rpc.system", "aws-api")
            .setAttribute("rpc.service", service)
            .setAttribute("rpc.method", operation)
            .startSpan();
    attributes.putAttribute(SPAN, span);
    // current until the request is built (modifyRequest runs on this thread, next)
    attributes.putAttribute(SCOPE, span.makeCurrent());
  }

  @Override
  public void beforeMarshalling(Context.BeforeMarshalling context, ExecutionAttributes attributes) {
    closeScope(attributes);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    closeScope(attributes);
    Span span = attributes.getAttribute(SPAN);
    if (span != null) {
      span.setAttribute("http.response.status_code", context.httpResponse().statusCode());
      span.end();
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    closeScope(attributes);
    Span span = attributes.getAttribute(SPAN);
    if (span != null) {
      span.recordException(context.exception());
      span.setStatus(StatusCode.ERROR, context.exception().getClass().getSimpleName());
      span.end();
    }
  }

  private static void closeScope(ExecutionAttributes attributes) {
    io.opentelemetry.context.Scope scope = attributes.getAttribute(SCOPE);
    if (scope != null) {
      attributes.putAttribute(SCOPE, null);
      scope.close();
    }
  }
}
