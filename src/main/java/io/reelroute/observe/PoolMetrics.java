package io.reelroute.observe;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database pool's metrics on /observe/metrics: HikariCP's own Micrometer tracker registers
 * {@code hikaricp_connections} (total), {@code _active}, {@code _idle}, {@code _pending}, {@code
 * _max}, {@code _min}, {@code _timeout_total}, {@code _acquire_seconds}, {@code _usage_seconds} and
 * {@code _creation_seconds}, tagged {@code pool}, in the Camel Micrometer registry.
 */
public final class PoolMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(PoolMetrics.class);

  private PoolMetrics() {}

  /** Once per pool, after Camel started (the registry is Camel's); the pool may already run. */
  public static void register(CamelContext context, HikariDataSource dataSource) {
    MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
    if (registry == null) {
      LOG.warn("No Micrometer registry in Camel: no database pool metrics");
      return;
    }
    if (dataSource.getMetricRegistry() == null && dataSource.getMetricsTrackerFactory() == null) {
      dataSource.setMetricRegistry(registry);
    }
  }
}
