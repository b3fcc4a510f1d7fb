package io.reelroute.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * A time-bounded cache for hot reads (the first page of the catalog, a popular video), on Caffeine.
 * Entries live at most the TTL, so other processes' writes show within it; this process's own
 * writes invalidate at once. Bounded (least valuable entries go first); hits and misses are counted
 * for /observe/metrics ({@link #cache()}, observe.CacheMetrics).
 */
final class TtlCache<K, V> {

  /** Loads a value on a miss. */
  interface Loader<V> {
    V load() throws Exception;
  }

  /** Carries a loader's checked exception through Caffeine's function. */
  private static final class LoadFailure extends RuntimeException {
    LoadFailure(Exception cause) {
      super(cause);
    }
  }

  private final Cache<K, V> entries;
  private final boolean off;

  TtlCache(Duration ttl, int maxEntries) {
    this.off = ttl.isZero();
    this.entries =
        Caffeine.newBuilder()
            .expireAfterWrite(off ? Duration.ofNanos(1) : ttl)
            .maximumSize(maxEntries)
            // eviction and expiry in the caller's thread, never in the common pool
            .executor(Runnable::run)
            .recordStats()
            .build();
  }

  /**
   * The cached value, or the loader's (cached when not null). Concurrent misses of one key wait for
   * a single load instead of all asking the database at the moment an entry expires.
   */
  @SuppressWarnings("unchecked")
  <E extends Exception> V get(K key, Loader<V> loader) throws E {
    try {
      if (off) {
        return loader.load();
      }
      return entries.get(
          key,
          k -> {
            try {
              return loader.load();
            } catch (RuntimeException e) {
              throw e;
            } catch (Exception e) {
              throw new LoadFailure(e);
            }
          });
    } catch (LoadFailure e) {
      throw (E) e.getCause();
    } catch (Exception e) {
      throw (E) e;
    }
  }

  V get(K key) {
    return off ? null : entries.getIfPresent(key);
  }

  void put(K key, V value) {
    if (!off) {
      entries.put(key, value);
    }
  }

  void remove(K key) {
    entries.invalidate(key);
  }

  void clear() {
    entries.invalidateAll();
  }

  /** The Caffeine cache itself (statistics for the metrics). */
  Cache<K, V> cache() {
    return entries;
  }
}
