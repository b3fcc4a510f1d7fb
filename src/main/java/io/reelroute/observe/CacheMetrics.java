package io.reelroute.observe;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process caches on /observe/metrics, through Micrometer's {@link CaffeineCacheMetrics}:
 * {@code cache_gets_total{cache, result="hit"|"miss"}}, {@code cache_puts_total}, {@code
 * cache_evictions_total}, {@code cache_size} and the loads, tagged with the cache's name ({@code
 * catalog.pages}, {@code playback.urls}, ...).
 */
public final class CacheMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(CacheMetrics.class);

  private CacheMetrics() {}

  /** Once Camel runs (the registry is Camel's): every cache of the map under its name. */
  public static void register(CamelContext context, Map<String, Cache<?, ?>> caches) {
    MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
    if (registry == null) {
      LOG.debug("No Micrometer registry in Camel: no cache metrics");
      return;
    }
    caches.forEach((name, cache) -> CaffeineCacheMetrics.monitor(registry, cache, name));
  }
}
