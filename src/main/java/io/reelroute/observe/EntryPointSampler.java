package io.reelroute.observe;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Set;

/**
 * Which spans may start a trace: those of an entry point, an HTTP request (camel-opentelemetry2
 * names a REST span after its path template, {@code /api/upload/{videoKey}/complete}, and a plain
 * platform-http span after its method) or an SQS message ({@code aws2-sqs}). A span without a
 * parent of any other name (a timer's poll, a health check's query, a JDBC statement outside a
 * request) starts nothing, so the background polls of every process do not flood the collector.
 * Entry points then go through the ratio sampler; a span with a parent follows its parent, except
 * that a message whose context says "not sampled" (sent from an untraced poll) is judged as an
 * entry point of its own.
 */
final class EntryPointSampler implements Sampler {

  static final Set<String> ENTRY_POINTS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "aws2-sqs");

  private final Sampler ratio;

  private EntryPointSampler(Sampler ratio) {
    this.ratio = ratio;
  }

  static Sampler parentBased(Sampler ratio) {
    Sampler roots = new EntryPointSampler(ratio);
    return Sampler.parentBasedBuilder(roots).setRemoteParentNotSampled(roots).build();
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    if (!ENTRY_POINTS.contains(name) && !name.startsWith("/")) {
      return SamplingResult.drop();
    }
    return ratio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "EntryPoints{" + ratio.getDescription() + "}";
  }
}
