package io.reelroute.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scale benchmark (bench/scale): the stack, one api and two worker processes (the {@link
 * Cluster} of the fault tests); a few READY videos; then N concurrent viewers (closed loop, no
 * think time) list videos, open one's playback, its master and a media playlist, for a fixed time
 * while both workers transcode a queue of uploads. Prints and writes errors, throughput and latency
 * percentiles per request kind and overall.
 */
public final class ScaleBench {

  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results/scale.txt");
    int viewers = Integer.parseInt(System.getProperty("viewers", "50"));
    int seconds = Integer.parseInt(System.getProperty("seconds", "60"));
    int jobs = Integer.parseInt(System.getProperty("jobs", "12"));
    StringBuilder report = new StringBuilder();
    long begin = System.nanoTime();
    try (Cluster cluster =
        Cluster.start(
            Map.of(
                "reelroute.transcode.wait-seconds", "2",
                "reelroute.upload-events.poll-ms", "500"))) {
      Cluster.Node api = cluster.launch("api");
      Cluster.Node w1 = cluster.launch("worker");
      Cluster.Node w2 = cluster.launch("worker");
      Cluster.awaitReady(Duration.ofSeconds(300), api, w1, w2);
      Path clips = cluster.dir().resolve("clips");
      Path tiny = Cluster.clip(clips, "tiny.mp4", 320, 180, 2);
      Path medium = Cluster.clip(clips, "medium.mp4", 640, 360, 24);
      List<String> seeded = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        seeded.add(cluster.upload("seed-" + i, tiny));
      }
      if (!TestApp.eventually(
          Duration.ofSeconds(300),
          () -> seeded.stream().allMatch(k -> "READY".equals(cluster.state(k))))) {
        throw new IllegalStateException("seed videos did not become READY");
      }
      List<String> queued = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        queued.add(cluster.upload("load-" + i, medium));
      }
      Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
      Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
      List<String> samples = new CopyOnWriteArrayList<>();
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      List<Thread> threads = new ArrayList<>();
      String base = api.url();
      for (int v = 0; v < viewers; v++) {
        Thread t =
            new Thread(
                () -> {
                  while (System.nanoTime() < end) {
                    try {
                      JsonNode list =
                          Json.MAPPER.readTree(
                              timed("list", base + "/api/videos", latencies, errors, samples));
                      JsonNode items = list.isArray() ? list : list.path("items");
                      if (items.size() == 0) {
                        continue;
                      }
                      String key =
                          items
                              .get(ThreadLocalRandom.current().nextInt(items.size()))
                              .path("videoKey")
                              .asText();
                      String playback =
                          timed(
                              "playback",
                              base + "/api/videos/" + key + "/playback",
                              latencies,
                              errors,
                              samples);
                      if (playback == null) {
                        continue;
                      }
                      String hls = Json.MAPPER.readTree(playback).path("hls").asText();
                      String masterUrl = absolute(base, hls);
                      String master = timed("master.m3u8", masterUrl, latencies, errors, samples);
                      if (master == null) {
                        continue;
                      }
                      String variant =
                          master
                              .lines()
                              .filter(l -> !l.isBlank() && !l.startsWith("#"))
                              .findFirst()
                              .orElse(null);
                      if (variant != null) {
                        timed(
                            "media.m3u8",
                            URI.create(masterUrl).resolve(variant).toString(),
                            latencies,
                            errors,
                            samples);
                      }
                    } catch (Exception e) {
                      errors.computeIfAbsent("client", k -> new AtomicInteger()).incrementAndGet();
                    }
                  }
                },
                "viewer-" + v);
        threads.add(t);
      }
      Instant loadStart = Instant.now();
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      long ready = queued.stream().filter(k -> "READY".equals(cluster.state(k))).count();
      line(report, "Reelroute scale benchmark (bench/scale), " + loadStart);
      line(
          report,
          "machine: "
              + Runtime.getRuntime().availableProcessors()
              + " cores, load before: "
              + load(loadStart));
      line(
          report,
          String.format(
              Locale.ROOT,
              "topology: stack (this JVM) + 1 api + 2 workers (separate JVMs, -Xmx320m, external mode);"
                  + " %d viewers, closed loop without think time, %d s; %d uploads (24 s 640x360)"
                  + " queued for the workers at the start, %d READY by the end",
              viewers,
              seconds,
              jobs,
              ready));
      line(
          report,
          "each viewer loop: GET /api/videos, GET /api/videos/{key}/playback, GET master.m3u8, GET a media playlist");
      List<Long> all = new ArrayList<>();
      int totalErrors = 0;
      for (String kind : List.of("list", "playback", "master.m3u8", "media.m3u8")) {
        List<Long> l = latencies.getOrDefault(kind, List.of());
        all.addAll(l);
        int e = errors.getOrDefault(kind, new AtomicInteger()).get();
        totalErrors += e;
        line(report, summary(kind, l, e, seconds));
      }
      totalErrors += errors.getOrDefault("client", new AtomicInteger()).get();
      line(report, summary("all", all, totalErrors, seconds));
      line(
          report,
          "errors: "
              + totalErrors
              + (samples.isEmpty()
                  ? ""
                  : " e.g. " + samples.subList(0, Math.min(3, samples.size()))));
      line(
          report,
          String.format(
              Locale.ROOT,
              "wall time of the whole benchmark: %.0f s",
              (System.nanoTime() - begin) / 1e9));
    }
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.writeString(results, report.toString(), StandardCharsets.UTF_8);
    System.out.println("written to " + results);
  }

  private static String absolute(String base, String url) {
    String u = url.replace("http://localhost:", "http://127.0.0.1:");
    return u.startsWith("http") ? u : base + u;
  }

  private static String timed(
      String kind,
      String url,
      Map<String, List<Long>> latencies,
      Map<String, AtomicInteger> errors,
      List<String> samples) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> r =
          TestApp.http()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                  HttpResponse.BodyHandlers.ofString());
      long micros = (System.nanoTime() - start) / 1000;
      latencies.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(micros);
      if (r.statusCode() >= 400) {
        errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        if (samples.size() < 10) {
          samples.add(kind + " " + r.statusCode() + " " + r.body().lines().findFirst().orElse(""));
        }
        return null;
      }
      return r.body();
    } catch (Exception e) {
      errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
      if (samples.size() < 10) {
        samples.add(kind + " " + e);
      }
      return null;
    }
  }

  private static String summary(String kind, List<Long> micros, int errors, int seconds) {
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "%-12s %7d requests %6.1f/s  errors %d  p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %7.1f ms",
        kind,
        sorted.length,
        sorted.length / (double) seconds,
        errors,
        pct(sorted, 50),
        pct(sorted, 90),
        pct(sorted, 99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
  }

  private static String load(Instant at) {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (Exception e) {
      return "?";
    }
  }

  private static void line(StringBuilder report, String text) {
    System.out.println(text);
    report.append(text).append('\n');
  }
}
