package io.reelroute.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which spans start a trace, and the tracing settings. */
class TracingTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static SamplingDecision decide(Sampler sampler, Context parent, String name) {
    return sampler
        .shouldSample(parent, TRACE, name, SpanKind.INTERNAL, Attributes.empty(), List.of())
        .getDecision();
  }

  private static Context remoteParent(boolean sampled) {
    SpanContext parent =
        SpanContext.createFromRemoteParent(
            TRACE,
            "00f067aa0ba902b7",
            sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
            TraceState.getDefault());
    return Context.root().with(io.opentelemetry.api.trace.Span.wrap(parent));
  }

  @Test
  void onlyEntryPointsStartTraces() {
    Sampler sampler = EntryPointSampler.parentBased(Sampler.alwaysOn());
    Context none = Context.root();
    // HTTP requests (REST path templates, plain methods) and SQS messages start traces
    assertEquals(
        SamplingDecision.RECORD_AND_SAMPLE,
        decide(sampler, none, "/api/upload/{videoKey}/complete"));
    assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, none, "GET"));
    assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, none, "aws2-sqs"));
    // polls, health checks and their statements start none
    for (String quiet : List.of("upload-events", "events", "SELECT reelroute.videos", "S3.Head")) {
      assertEquals(SamplingDecision.DROP, decide(sampler, none, quiet), quiet);
    }
    // a continued trace follows its start, whatever the span
    assertEquals(
        SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, remoteParent(true), "S3.GetObject"));
    // a message sent from an unsampled poll is judged as an entry point of its own
    assertEquals(
        SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, remoteParent(false), "aws2-sqs"));
    assertEquals(
        SamplingDecision.DROP, decide(sampler, remoteParent(false), "UPDATE reelroute.videos"));
    // the ratio applies to the entry points
    assertEquals(
        SamplingDecision.DROP,
        decide(EntryPointSampler.parentBased(Sampler.alwaysOff()), none, "POST"));
  }

  @Test
  void offUnlessAnOtlpEndpointIsSet() {
    Tracing off = Tracing.from(Settings.load(Map.of()));
    assertFalse(off.enabled());
    assertTrue(off.camelProperties().isEmpty());
    assertEquals(1, off.awsInterceptors().size(), "only the request id on SQS messages");
    Tracing on = Tracing.from(Settings.load(Map.of(Tracing.ENDPOINT, "http://127.0.0.1:4318")));
    try {
      assertTrue(on.enabled());
      assertEquals("true", on.camelProperties().get("camel.opentelemetry2.enabled"));
      assertEquals(2, on.awsInterceptors().size());
    } finally {
      on.close();
    }
    assertThrows(
        SettingsException.class,
        () -> Tracing.from(Settings.load(Map.of(Tracing.ENDPOINT, "collector:4318"))));
    assertThrows(
        SettingsException.class,
        () ->
            Tracing.from(
                Settings.load(
                    Map.of(
                        Tracing.ENDPOINT,
                        "http://127.0.0.1:4318",
                        "reelroute.tracing.sample-ratio",
                        "1.5"))));
  }
}
