package io.reelroute.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.config.Provisioner;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Each embedded service is real: exercised through the same clients the routes use. */
@IntegrationTest
class EmbeddedStackIT {

  @Test
  void sqlRoundTripThroughHikari(TestApp app) throws Exception {
    try (Connection c = app.app().infrastructure().dataSource().getConnection()) {
      c.createStatement()
          .execute("CREATE TABLE IF NOT EXISTS it_roundtrip (id INT PRIMARY KEY, t VARCHAR(50))");
      try (PreparedStatement insert =
          c.prepareStatement("REPLACE INTO it_roundtrip VALUES (?, ?)")) {
        insert.setInt(1, 1);
        insert.setString(2, "grüße 🎬");
        insert.executeUpdate();
      }
      try (ResultSet rs =
          c.createStatement().executeQuery("SELECT t FROM it_roundtrip WHERE id = 1")) {
        assertTrue(rs.next());
        assertEquals("grüße 🎬", rs.getString(1), "utf8mb4 survives the round trip");
      }
      try (ResultSet rs = c.createStatement().executeQuery("SELECT VERSION()")) {
        assertTrue(rs.next());
        assertTrue(rs.getString(1).contains("MariaDB"), rs.getString(1));
      }
    }
  }

  @Test
  void s3PutGetAndPresignedUrlsOverPlainHttp(TestApp app) throws Exception {
    S3Client s3 = app.app().infrastructure().s3();
    String bucket = app.app().settings().get("reelroute.s3.bucket");
    String key = "it/" + UUID.randomUUID() + ".txt";
    s3.putObject(
        r -> r.bucket(bucket).key(key).contentType("text/plain"),
        RequestBody.fromString("hello s3"));
    assertEquals("hello s3", s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String());

    var presigner = app.app().infrastructure().presigner();
    URI getUrl =
        presigner
            .presignGetObject(
                p ->
                    p.signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(g -> g.bucket(bucket).key(key)))
            .url()
            .toURI();
    HttpResponse<String> got =
        TestApp.http()
            .send(HttpRequest.newBuilder(getUrl).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, got.statusCode());
    assertEquals("hello s3", got.body());

    HttpResponse<String> ranged =
        TestApp.http()
            .send(
                HttpRequest.newBuilder(getUrl).header("Range", "bytes=0-4").build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(206, ranged.statusCode());
    assertEquals("hello", ranged.body());

    String putKey = "it/" + UUID.randomUUID() + ".bin";
    byte[] payload = "uploaded by presigned PUT".getBytes(StandardCharsets.UTF_8);
    URI putUrl =
        presigner
            .presignPutObject(
                p ->
                    p.signatureDuration(Duration.ofMinutes(5))
                        .putObjectRequest(
                            o -> o.bucket(bucket).key(putKey).contentType("video/mp4")))
            .url()
            .toURI();
    HttpResponse<String> put =
        TestApp.http()
            .send(
                HttpRequest.newBuilder(putUrl)
                    .header("Content-Type", "video/mp4")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(payload))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, put.statusCode(), put.body());
    assertArrayEquals(
        payload, s3.getObjectAsBytes(r -> r.bucket(bucket).key(putKey)).asByteArray());

    HttpResponse<String> wrongType =
        TestApp.http()
            .send(
                HttpRequest.newBuilder(putUrl)
                    .header("Content-Type", "text/html")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(payload))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(
        403, wrongType.statusCode(), "a PUT with another content type than signed is refused");

    HttpResponse<String> anonymous =
        TestApp.http()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            app.app().settings().get("reelroute.s3.endpoint")
                                + "/"
                                + bucket
                                + "/"
                                + key))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(403, anonymous.statusCode(), "the bucket is private");
  }

  @Test
  void sqsVisibilityTimeoutAndDeadLetterAfterMaxReceives(TestApp app) {
    SqsClient sqs = app.app().infrastructure().sqs();
    String suffix = Long.toString(System.nanoTime());
    Provisioner.provision(
        app.app().infrastructure().s3(),
        sqs,
        new Provisioner.Plan(
            app.app().settings().get("reelroute.s3.bucket"),
            "it-jobs-" + suffix,
            "it-dlq-" + suffix,
            3,
            1));
    String queue = sqs.getQueueUrl(r -> r.queueName("it-jobs-" + suffix)).queueUrl();
    String dlq = sqs.getQueueUrl(r -> r.queueName("it-dlq-" + suffix)).queueUrl();
    sqs.sendMessage(r -> r.queueUrl(queue).messageBody("job-1"));

    List<Message> first = sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(2)).messages();
    assertEquals(1, first.size());
    assertEquals("job-1", first.get(0).body());
    assertTrue(
        sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(0)).messages().isEmpty(),
        "invisible while the visibility timeout runs");

    // Received twice more without deleting: the third receive exhausts maxReceiveCount=3.
    for (int receive = 2; receive <= 3; receive++) {
      List<Message> again =
          sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(5)).messages();
      assertEquals(
          1, again.size(), "redelivered after the visibility timeout (receive " + receive + ")");
    }
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(10),
            () -> {
              sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(1));
              return !sqs.receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(1))
                  .messages()
                  .isEmpty();
            }),
        "the message lands in the dead-letter queue");
  }

  @Test
  void emailIsDeliveredOverSmtp(TestApp app) throws Exception {
    ProducerTemplate producer = app.app().camelContext().createProducerTemplate();
    String to = "viewer-" + UUID.randomUUID() + "@example.test";
    producer.sendBodyAndHeaders(
        "smtp://{{reelroute.smtp.host}}:{{reelroute.smtp.port}}",
        "Your video is ready.",
        java.util.Map.of("To", to, "From", "no-reply@reelroute.local", "Subject", "Ready"));
    assertTrue(app.app().stack().mail().waitForIncomingEmail(5000, 1));
    MimeMessage delivered =
        java.util.Arrays.stream(app.app().stack().mail().getReceivedMessages())
            .filter(
                m -> {
                  try {
                    return m.getAllRecipients()[0].toString().equals(to);
                  } catch (Exception e) {
                    return false;
                  }
                })
            .findFirst()
            .orElseThrow();
    assertEquals("Ready", delivered.getSubject());
    assertTrue(delivered.getContent().toString().contains("Your video is ready."));
  }
}
