package io.reelroute.transcode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * Pipeline metrics in the registry /observe/metrics serves: jobs by outcome, job duration and
 * transcode seconds per second of video (below 1 is faster than real time).
 */
public final class TranscodeMetrics implements CamelContextAware {

  private CamelContext context;
  private volatile MeterRegistry registry;
  private final java.util.concurrent.atomic.AtomicLong eventsPending =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean eventsGauge;
  private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> queueMessages =
      new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public void setCamelContext(CamelContext camelContext) {
    this.context = camelContext;
  }

  /** Uses the registry of this context (called by the job beans with the exchange's context). */
  public void use(CamelContext camelContext) {
    if (context == null) {
      context = camelContext;
    }
  }

  @Override
  public CamelContext getCamelContext() {
    return context;
  }

  private MeterRegistry registry() {
    MeterRegistry found = registry;
    if (found == null) {
      if (context != null) {
        found = context.getRegistry().findSingleByType(MeterRegistry.class);
      }
      if (found == null) {
        return Metrics.globalRegistry; // no context yet: not cached, the next call looks again
      }
      registry = found;
    }
    return found;
  }

  /**
   * outcome: ready, failed (poison), retry (transient), gave-up (dead letter), skipped, ignored.
   */
  public void job(String outcome) {
    Counter.builder("reelroute.transcode.jobs")
        .description("Transcode jobs by outcome")
        .tag("outcome", outcome)
        .register(registry())
        .increment();
  }

  /**
   * READY/FAILED events not yet delivered, as the last sweep saw them (at most its batch of 100):
   * above 0 for long means notifications or mail are stuck.
   */
  public void eventsPending(org.apache.camel.Exchange exchange) {
    use(exchange.getContext());
    eventsPending(exchange.getMessage().getBody(Long.class));
  }

  void eventsPending(long count) {
    if (!eventsGauge) {
      io.micrometer.core.instrument.Gauge.builder(
              "reelroute.video.events.pending",
              eventsPending,
              java.util.concurrent.atomic.AtomicLong::get)
          .description("Events in the outbox not yet published (last count)")
          .register(registry());
      eventsGauge = true;
    }
    eventsPending.set(count);
  }

  /** The last sampled number of messages of a queue in a state (visible, in-flight, delayed). */
  public void queueMessages(String queue, String state, long count) {
    queueMessages
        .computeIfAbsent(
            queue + "|" + state,
            k -> {
              java.util.concurrent.atomic.AtomicLong value =
                  new java.util.concurrent.atomic.AtomicLong();
              io.micrometer.core.instrument.Gauge.builder(
                      "reelroute.queue.messages",
                      value,
                      java.util.concurrent.atomic.AtomicLong::get)
                  .description("Approximate messages of a queue, as last sampled")
                  .tag("queue", queue)
                  .tag("state", state)
                  .register(registry());
              return value;
            })
        .set(count);
  }

  /**
   * CPU seconds (user + system, all threads) of one job's ladder ffmpeg, sampled just before it
   * exited: what a job costs in cores, whatever the machine's load ({@code
   * reelroute_transcode_ffmpeg_cpu_seconds}).
   */
  public void ffmpegCpu(double seconds) {
    if (seconds < 0) {
      return; // the platform does not tell
    }
    DistributionSummary.builder("reelroute.transcode.ffmpeg.cpu")
        .baseUnit("seconds")
        .description("CPU seconds of the ladder's ffmpeg per job")
        .publishPercentileHistogram()
        .minimumExpectedValue(0.1)
        .maximumExpectedValue(100_000.0)
        .register(registry())
        .record(seconds);
  }

  public void transcoded(Duration wall, double videoSeconds) {
    Timer.builder("reelroute.transcode.job.duration")
        .description("Wall time of successful transcode jobs")
        .publishPercentileHistogram()
        .register(registry())
        .record(wall);
    if (videoSeconds > 0) {
      DistributionSummary.builder("reelroute.transcode.seconds.per.video.second")
          .description("Transcode wall seconds per second of video (lower is faster)")
          .publishPercentileHistogram()
          .minimumExpectedValue(0.01)
          .maximumExpectedValue(100.0)
          .register(registry())
          .record(wall.toMillis() / 1000.0 / videoSeconds);
    }
  }
}
