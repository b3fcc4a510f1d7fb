package io.reelroute.catalog;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny time-bounded cache for hot reads (the first page of the catalog, a popular video). Entries
 * live at most the TTL, so other processes' writes show within it; this process's own writes
 * invalidate at once. Bounded: when full, it starts over.
 */
final class TtlCache<K, V> {

  private record Entry<V>(V value, long expiresAt) {}

  /** Loads a value on a miss. */
  interface Loader<V> {
    V load() throws Exception;
  }

  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Object[] locks = new Object[64];
  private final long ttlNanos;
  private final int maxEntries;

  TtlCache(Duration ttl, int maxEntries) {
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * The cached value, or the loader's (cached when not null). Concurrent misses of one key wait for
   * a single load instead of all asking the database at the moment an entry expires.
   */
  @SuppressWarnings("unchecked")
  <E extends Exception> V get(K key, Loader<V> loader) throws E {
    V value = get(key);
    if (value != null) {
      return value;
    }
    try {
      if (ttlNanos == 0) {
        return loader.load();
      }
      synchronized (locks[Math.floorMod(key.hashCode(), locks.length)]) {
        value = get(key);
        if (value == null) {
          value = loader.load();
          if (value != null) {
            put(key, value);
          }
        }
        return value;
      }
    } catch (Exception e) {
      throw (E) e;
    }
  }

  V get(K key) {
    if (ttlNanos == 0) {
      return null;
    }
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (System.nanoTime() - entry.expiresAt() > 0) {
      entries.remove(key, entry);
      return null;
    }
    return entry.value();
  }

  void put(K key, V value) {
    if (ttlNanos == 0) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Entry<>(value, System.nanoTime() + ttlNanos));
  }

  void remove(K key) {
    entries.remove(key);
  }

  void clear() {
    entries.clear();
  }
}
