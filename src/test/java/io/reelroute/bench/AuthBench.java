package io.reelroute.bench;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.HashingFunction;
import com.password4j.types.Argon2;
import com.password4j.types.Bcrypt;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Identity benchmark (not part of the test suite; run bench/auth.sh): the cost of one password hash
 * for candidate argon2id and bcrypt parameters, and login and /api/me latency through HTTP on the
 * embedded stack. Writes bench/results/auth.txt.
 */
class AuthBench {

  private final StringBuilder out = new StringBuilder();

  private void line(String format, Object... args) {
    String text = String.format(format, args);
    System.out.println(text);
    out.append(text).append('\n');
  }

  @Test
  void run() throws Exception {
    line("Reelroute auth benchmark, %s", Instant.now());
    line(
        "machine: %d cores visible to the JVM, Java %s, max heap %d MiB",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    Path loadavg = Path.of("/proc/loadavg");
    if (Files.isReadable(loadavg)) {
      // other builds on a shared machine inflate every number below; this says how busy it was
      line("load average at start (1/5/15 min): %s", Files.readString(loadavg).strip());
    }
    line("");
    hashing();
    line("");
    logins();
    Path results = Path.of("bench", "results", "auth.txt");
    Files.createDirectories(results.getParent());
    Files.writeString(results, out.toString(), StandardCharsets.UTF_8);
  }

  private void hashing() {
    Map<String, HashingFunction> candidates = new LinkedHashMap<>();
    candidates.put(
        "argon2id m=19456KiB t=2 p=1 (OWASP; chosen)",
        Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID));
    candidates.put(
        "argon2id m=12288KiB t=3 p=1 (OWASP)",
        Argon2Function.getInstance(12288, 3, 1, 32, Argon2.ID));
    candidates.put(
        "argon2id m=47104KiB t=1 p=1 (OWASP)",
        Argon2Function.getInstance(47104, 1, 1, 32, Argon2.ID));
    candidates.put(
        "argon2id m=65536KiB t=3 p=1 (RFC 9106 2nd)",
        Argon2Function.getInstance(65536, 3, 1, 32, Argon2.ID));
    candidates.put("bcrypt cost 10", BcryptFunction.getInstance(Bcrypt.B, 10));
    candidates.put("bcrypt cost 11", BcryptFunction.getInstance(Bcrypt.B, 11));
    candidates.put("bcrypt cost 12", BcryptFunction.getInstance(Bcrypt.B, 12));
    // Interleaved rounds (one hash of each candidate per round) after a warm-up of all, so that
    // JIT warm-up and the load of a shared machine hit every candidate alike.
    int warmUp = 5;
    int rounds = 15;
    line(
        "Password hashing, one thread, %d warm-up + %d interleaved timed hashes each (ms):",
        warmUp, rounds);
    line("  %-45s %8s %8s %8s", "function", "median", "p90", "max");
    for (int i = 0; i < warmUp; i++) {
      for (HashingFunction f : candidates.values()) {
        f.hash("warm-up password " + i);
      }
    }
    Map<String, List<Double>> times = new LinkedHashMap<>();
    candidates.keySet().forEach(k -> times.put(k, new ArrayList<>()));
    for (int i = 0; i < rounds; i++) {
      for (Map.Entry<String, HashingFunction> c : candidates.entrySet()) {
        long t = System.nanoTime();
        c.getValue().hash("benchmark password " + i);
        times.get(c.getKey()).add((System.nanoTime() - t) / 1e6);
      }
    }
    for (Map.Entry<String, List<Double>> e : times.entrySet()) {
      List<Double> ms = e.getValue();
      Collections.sort(ms);
      line(
          "  %-45s %8.1f %8.1f %8.1f", e.getKey(), pct(ms, 50), pct(ms, 90), ms.get(ms.size() - 1));
    }
  }

  private void logins() throws Exception {
    try (TestApp app =
        TestApp.start(
            Map.of(
                "reelroute.auth.rate.login-max", "1000000",
                "reelroute.auth.rate.register-max", "1000000"))) {
      TestUsers.Session s = TestUsers.signUp(app, "bench@example.test", "bench pass phrase 1", "B");
      String body = "{\"email\":\"bench@example.test\",\"password\":\"bench pass phrase 1\"}";
      HttpRequest.Builder login =
          HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/auth/login"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      for (int i = 0; i < 10; i++) {
        check(app.send(login), 200);
      }
      List<Double> sequential = timed(app, login, 1, 200, 200);
      line("Login through HTTP (POST /api/auth/login, embedded stack, argon2id as configured):");
      report("sequential, 1 client, 200 logins", sequential, 1);
      List<Double> concurrent = timed(app, login, 4, 50, 200);
      report("concurrent, 4 clients x 50 logins", concurrent, 4);

      HttpRequest.Builder me =
          HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/me"))
              .header("Authorization", s.bearer())
              .GET();
      for (int i = 0; i < 50; i++) {
        check(app.send(me), 200);
      }
      line("Token check (GET /api/me: RS256 verify + user row):");
      report("sequential, 1 client, 1000 requests", timed(app, me, 1, 1000, 200), 1);
    }
  }

  private List<Double> timed(
      TestApp app, HttpRequest.Builder request, int clients, int each, int ok) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<Double>>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        futures.add(
            pool.submit(
                () -> {
                  List<Double> ms = new ArrayList<>();
                  for (int i = 0; i < each; i++) {
                    long t = System.nanoTime();
                    check(app.send(request), ok);
                    ms.add((System.nanoTime() - t) / 1e6);
                  }
                  return ms;
                }));
      }
      List<Double> all = new ArrayList<>();
      for (Future<List<Double>> f : futures) {
        all.addAll(f.get());
      }
      lastWallMs = (System.nanoTime() - start) / 1e6;
      Collections.sort(all);
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private double lastWallMs;

  private void report(String label, List<Double> ms, int clients) {
    line(
        "  %-40s p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  %6.1f req/s",
        label, pct(ms, 50), pct(ms, 99), ms.get(ms.size() - 1), ms.size() / (lastWallMs / 1000));
  }

  private static double pct(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void check(HttpResponse<String> response, int status) throws IOException {
    if (response.statusCode() != status) {
      throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
    }
  }
}
