package io.reelroute.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * OpenTelemetry tracing of one process, off unless {@code reelroute.tracing.otlp-endpoint} names an
 * OTLP/HTTP receiver. When on: Camel's own tracer (camel-opentelemetry2) makes a span per route and
 * per endpoint a route sends to (HTTP in, SQS, S3, SQL), {@link AwsTracing} one per AWS SDK call
 * made from beans and the trace context of SQS messages we send, the JDBC wrapper one per
 * statement. Every process has an SDK of its own (never the global one): several Reelroute
 * processes in one JVM (tests) keep their own service name.
 *
 * <p>Traces start only at entry points: HTTP requests and SQS messages without a trace context
 * ({@link EntryPointSampler}); timer polls, health checks and the database calls they make start
 * none. An upload's trace is its {@code POST /api/upload/{videoKey}/complete} request, the
 * transcode-jobs message it enqueues (the context rides in the message attribute {@code
 * traceparent}) and the worker's job with its S3 and database calls.
 */
public final class Tracing implements AutoCloseable {

  public static final String ENDPOINT = "reelroute.tracing.otlp-endpoint";

  private static final Tracing OFF = new Tracing(null);

  private final OpenTelemetrySdk sdk;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  /** No tracing (route-level tests, tools). */
  public static Tracing off() {
    return OFF;
  }

  /** Tracing as the settings ask; off when the OTLP endpoint is empty. */
  public static Tracing from(Settings settings) {
    String endpoint = settings.getOrEmpty(ENDPOINT).strip();
    if (endpoint.isEmpty()) {
      return OFF;
    }
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      throw new SettingsException(
          ENDPOINT, "must be an http(s) URL of an OTLP/HTTP receiver, e.g. http://collector:4318");
    }
    double ratio;
    try {
      ratio = Double.parseDouble(settings.get("reelroute.tracing.sample-ratio"));
    } catch (NumberFormatException e) {
      ratio = -1;
    }
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new SettingsException("reelroute.tracing.sample-ratio", "must be between 0 and 1");
    }
    String service = settings.getOrEmpty("reelroute.tracing.service-name").strip();
    if (service.isEmpty()) {
      service = "reelroute-" + settings.role().name().toLowerCase(Locale.ROOT);
    }
    String traces = endpoint.replaceAll("/+$", "");
    if (!traces.endsWith("/v1/traces")) {
      traces = traces + "/v1/traces";
    }
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(traces)
            .setTimeout(Duration.ofSeconds(settings.integer("reelroute.aws.timeout-seconds")))
            .build();
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        service,
                        AttributeKey.stringKey("service.instance.id"),
                        hostName() + "/" + ProcessHandle.current().pid())));
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .setSampler(EntryPointSampler.parentBased(Sampler.traceIdRatioBased(ratio)))
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter)
                    .setScheduleDelay(Duration.ofSeconds(1))
                    .build())
            .build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    return new Tracing(sdk);
  }

  public boolean enabled() {
    return sdk != null;
  }

  /** The SDK, or the no-op implementation when off. */
  public OpenTelemetry openTelemetry() {
    return sdk != null ? sdk : OpenTelemetry.noop();
  }

  /** The tracer Camel's camel-opentelemetry2 finds in the registry (bean of this type). */
  public Tracer tracer() {
    return openTelemetry().getTracer("io.reelroute");
  }

  public ContextPropagators propagators() {
    return openTelemetry().getPropagators();
  }

  /**
   * Interceptors for an AWS SDK client: a span per call (when on) and, on SQS sends, the request id
   * and trace context as message attributes (always).
   */
  public List<ExecutionInterceptor> awsInterceptors() {
    List<ExecutionInterceptor> interceptors = new ArrayList<>();
    if (sdk != null) {
      interceptors.add(new AwsTracing(tracer()));
    }
    interceptors.add(new SqsMessageContext(propagators()));
    return interceptors;
  }

  /** Camel's tracer (camel-opentelemetry2), when on; it finds {@link #bindInto}'s beans. */
  public java.util.Map<String, String> camelProperties() {
    return sdk == null
        ? java.util.Map.of()
        : java.util.Map.of("camel.opentelemetry2.enabled", "true");
  }

  /** The tracer and propagators Camel's tracer looks up by type, when on. */
  public void bindInto(io.reelroute.config.Beans beans) {
    if (sdk != null) {
      beans.bind("otelTracer", tracer());
      beans.bind("otelPropagators", propagators());
    }
  }

  /** The pool itself when off, else a wrapper that makes a span per statement. */
  public DataSource wrap(DataSource pool) {
    if (sdk == null) {
      return pool;
    }
    return JdbcTelemetry.builder(sdk)
        .setDataSourceInstrumenterEnabled(false)
        .setQuerySanitizationEnabled(true)
        .build()
        .wrap(pool);
  }

  /** Exports what is still buffered (bounded), then stops the exporter. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.getSdkTracerProvider().shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
