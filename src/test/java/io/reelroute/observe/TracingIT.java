package io.reelroute.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.faults.Cluster;
import io.reelroute.testing.OtlpReceiver;
import io.reelroute.testing.OtlpReceiver.Span;
import io.reelroute.testing.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One upload, one trace, across processes (issue 14): the stack, an api and a worker as separate
 * JVMs in external mode (the fault suite's {@link Cluster}), both exporting over OTLP/HTTP to a
 * receiver in this test. A user uploads through the API as the web UI does (POST /api/upload, the
 * presigned PUT, POST .../complete); the api's spans of the complete call and the worker's spans of
 * the transcode job (its S3 and database calls) share one trace id, the worker's first span being a
 * child of the api's SQS send. The worker's log lines of the job carry the complete call's
 * X-Request-Id.
 */
@Tag("faults")
class TracingIT {

  private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

  @Test
  void oneUploadIsOneTraceAcrossApiAndWorker() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        Cluster cluster =
            Cluster.start(
                Map.of(
                    "reelroute.tracing.otlp-endpoint", receiver.url(),
                    // only the complete call enqueues (the poller, its fallback, would race it)
                    "reelroute.upload-events.poll-ms", "600000",
                    "reelroute.transcode.wait-seconds", "2",
                    "reelroute.log.format", "json"))) {
      Cluster.Node api = cluster.launch("api");
      Cluster.Node worker = cluster.launch("worker");
      Path clip = Cluster.clip(cluster.dir().resolve("clips"), "traced.mp4", 320, 180, 2);
      Cluster.awaitReady(Duration.ofSeconds(240), api, worker);

      String token = signUp(cluster, api.url());
      String requestId = "upload-" + UUID.randomUUID();
      String key = upload(api.url(), token, clip, requestId);
      assertTrue(
          TestApp.eventually(Duration.ofSeconds(120), () -> "READY".equals(cluster.state(key))),
          "the video is READY: " + cluster.state(key));

      // the complete call's span (api) and the job's spans (worker) arrive within seconds; the
      // job's own span (aws2-sqs) ends last, after its message is deleted
      String[] traceId = new String[1];
      boolean exported =
          TestApp.eventually(
              Duration.ofSeconds(30),
              () -> {
                traceId[0] = completeTrace(receiver, key);
                return traceId[0] != null
                    && receiver.spans().stream()
                        .anyMatch(
                            s ->
                                s.traceId().equals(traceId[0])
                                    && s.service().equals("reelroute-worker")
                                    && s.name().equals("aws2-sqs"));
              });
      assertTrue(exported, "spans of the upload's trace; received:\n" + receiver.dump());
      List<Span> trace =
          receiver.spans().stream().filter(s -> s.traceId().equals(traceId[0])).toList();
      Map<String, Long> perService =
          trace.stream().collect(Collectors.groupingBy(Span::service, Collectors.counting()));
      Set<String> apiSpans = names(trace, "reelroute-api");
      Set<String> workerSpans = names(trace, "reelroute-worker");
      // api: the HTTP request, the HEAD of the source, the database, the SQS send
      assertTrue(apiSpans.contains("S3.HeadObject"), "api spans: " + apiSpans);
      assertTrue(apiSpans.contains("Sqs.SendMessage"), "api spans: " + apiSpans);
      assertTrue(apiSpans.stream().anyMatch(n -> n.startsWith("UPDATE")), "api: " + apiSpans);
      // worker: the job's message, S3 fetch and publish, the database (claim, READY)
      assertTrue(workerSpans.contains("aws2-sqs"), "worker spans: " + workerSpans);
      assertTrue(workerSpans.contains("S3.GetObject"), "worker spans: " + workerSpans);
      assertTrue(workerSpans.contains("S3.PutObject"), "worker spans: " + workerSpans);
      assertTrue(
          workerSpans.stream().anyMatch(n -> n.startsWith("UPDATE")), "worker: " + workerSpans);
      // the worker's first span continues the api's SQS send (the message's traceparent)
      Span send =
          trace.stream()
              .filter(s -> s.service().equals("reelroute-api"))
              .filter(s -> s.name().equals("Sqs.SendMessage"))
              .findFirst()
              .orElseThrow();
      Span received =
          trace.stream()
              .filter(s -> s.service().equals("reelroute-worker"))
              .filter(s -> s.name().equals("aws2-sqs"))
              .filter(s -> s.parentSpanId().equals(send.spanId()))
              .findFirst()
              .orElse(null);
      assertNotNull(received, "a worker span whose parent is the api's send:\n" + receiver.dump());
      // no other trace holds this video's job: background polls start none
      long otherWorkerTraces =
          receiver.spans().stream()
              .filter(s -> s.service().equals("reelroute-worker"))
              .filter(s -> !s.traceId().equals(traceId[0]))
              .map(Span::traceId)
              .distinct()
              .count();
      assertEquals(0, otherWorkerTraces, "worker traces outside the upload:\n" + receiver.dump());
      // the worker logs the job with the complete call's request id (JSON log, MDC requestId)
      assertTrue(
          TestApp.eventually(
              Duration.ofSeconds(10),
              () -> worker.log().lines().anyMatch(l -> l.contains("\"requestId\":\"" + requestId))),
          "worker log lines with requestId " + requestId);
      System.out.printf(
          "tracing: one upload = trace %s with %d spans %s; %d OTLP requests, %d spans in all%n",
          traceId[0], trace.size(), perService, receiver.requests(), receiver.spans().size());
      assertFalse(trace.isEmpty());
    }
  }

  /** The trace id of the api's POST .../complete span of this video, or null. */
  private static String completeTrace(OtlpReceiver receiver, String key) {
    return receiver.spans().stream()
        .filter(
            s ->
                s.service().equals("reelroute-api")
                    && s.name().equals("/api/upload/{videoKey}/complete"))
        .filter(s -> s.attributes().values().stream().anyMatch(v -> v.contains(key)))
        .map(Span::traceId)
        .findFirst()
        .orElse(null);
  }

  private static Set<String> names(List<Span> trace, String service) {
    return trace.stream()
        .filter(s -> s.service().equals(service))
        .map(Span::name)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static String signUp(Cluster cluster, String base) throws Exception {
    String email = "tracer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String password = "correct horse " + UUID.randomUUID();
    expect(
        202,
        post(
            base,
            "/api/auth/register",
            Map.of("email", email, "password", password, "displayName", "Tracer"),
            null));
    String[] code = new String[1];
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(15),
            () -> {
              for (var message : cluster.stack().stack().mail().getReceivedMessages()) {
                try {
                  if (message.getAllRecipients()[0].toString().equalsIgnoreCase(email)) {
                    Matcher m =
                        CODE.matcher(com.icegreen.greenmail.util.GreenMailUtil.getBody(message));
                    if (m.find()) {
                      code[0] = m.group(1);
                      return true;
                    }
                  }
                } catch (jakarta.mail.MessagingException e) {
                  // next
                }
              }
              return false;
            }),
        "confirmation code mailed");
    expect(
        200,
        post(
            base,
            "/api/auth/confirm-register",
            Map.of("email", email, "code", code[0], "password", password),
            null));
    HttpResponse<String> login =
        post(base, "/api/auth/login", Map.of("email", email, "password", password), null);
    expect(200, login);
    return Json.MAPPER.readTree(login.body()).get("accessToken").asText();
  }

  private static String upload(String base, String token, Path file, String requestId)
      throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    HttpResponse<String> created =
        post(
            base,
            "/api/upload",
            Map.of("fileName", "traced.mp4", "contentType", "video/mp4", "sizeBytes", bytes.length),
            token);
    expect(201, created);
    JsonNode upload = Json.MAPPER.readTree(created.body());
    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(upload.get("upload").get("url").asText()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    upload
        .get("upload")
        .get("headers")
        .fields()
        .forEachRemaining(
            h -> {
              if (!h.getKey().equalsIgnoreCase("Content-Length")) {
                put.header(h.getKey(), h.getValue().asText());
              }
            });
    assertEquals(
        200, TestApp.http().send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    String key = upload.get("videoKey").asText();
    HttpRequest complete =
        HttpRequest.newBuilder(URI.create(base + "/api/upload/" + key + "/complete"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header(RequestIds.HEADER, requestId)
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    expect(200, TestApp.http().send(complete, HttpResponse.BodyHandlers.ofString()));
    return key;
  }

  private static HttpResponse<String> post(String base, String path, Object body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return TestApp.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(int status, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.request().uri() + ": " + response.body());
  }
}
