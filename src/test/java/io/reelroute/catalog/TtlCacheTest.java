package io.reelroute.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TtlCacheTest {

  @Test
  void expiresAfterTheTtlAndTtlZeroIsOff() throws Exception {
    TtlCache<String, String> cache = new TtlCache<>(Duration.ofMillis(50), 10);
    cache.put("a", "1");
    assertEquals("1", cache.get("a"));
    Thread.sleep(80);
    assertNull(cache.get("a"));
    TtlCache<String, String> off = new TtlCache<>(Duration.ZERO, 10);
    off.put("a", "1");
    assertNull(off.get("a"));
    AtomicInteger loads = new AtomicInteger();
    assertEquals(
        "x", off.<RuntimeException>get("a", () -> "x" + loads.incrementAndGet()).substring(0, 1));
    assertEquals("x2", off.<RuntimeException>get("a", () -> "x" + loads.incrementAndGet()));
  }

  @Test
  void concurrentMissesLoadOnce() throws Exception {
    TtlCache<String, String> cache = new TtlCache<>(Duration.ofSeconds(10), 10);
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  cache.<RuntimeException>get(
                      "k",
                      () -> {
                        loads.incrementAndGet();
                        Thread.sleep(50);
                        return "v";
                      });
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(1, loads.get());
    assertEquals("v", cache.get("k"));
  }

  @Test
  void boundedAndNullsAreNotCached() throws Exception {
    TtlCache<Integer, String> cache = new TtlCache<>(Duration.ofSeconds(10), 3);
    for (int i = 0; i < 10; i++) {
      cache.put(i, "v" + i);
    }
    assertEquals("v9", cache.get(9));
    AtomicInteger loads = new AtomicInteger();
    cache.<RuntimeException>get(
        42,
        () -> {
          loads.incrementAndGet();
          return null;
        });
    cache.<RuntimeException>get(
        42,
        () -> {
          loads.incrementAndGet();
          return null;
        });
    assertEquals(2, loads.get());
  }
}
