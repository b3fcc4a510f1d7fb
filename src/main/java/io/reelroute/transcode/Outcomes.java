package io.reelroute.transcode;

import org.apache.camel.Exchange;

/**
 * What a transcode message came to, as exchange property {@value #PROPERTY}: the route deletes the
 * message unless it is {@link #RETRY}, and the count by outcome is a metric.
 */
public final class Outcomes {

  public static final String PROPERTY = "transcodeOutcome";

  public static final String READY = "ready";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";
  public static final String IGNORED = "ignored";
  public static final String RETRY = "retry";

  private Outcomes() {}

  static void set(Exchange exchange, String outcome) {
    exchange.setProperty(PROPERTY, outcome);
  }

  static String of(Exchange exchange) {
    return exchange.getProperty(PROPERTY, IGNORED, String.class);
  }
}
