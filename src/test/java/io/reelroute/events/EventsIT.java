package io.reelroute.events;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.Clips;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.Uploads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every event of one video's and one user's life lands in the outbox with the state change that
 * caused it, and is published: user.registered, video.uploaded, video.processing, video.ready,
 * video.published, comment.created, video.deleted, each with the public body {id, type, occurredAt,
 * data}.
 */
@IntegrationTest
class EventsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aLifeFromSignUpToDeletionIsTheseEventsInOrder(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session viewer = TestUsers.signUp(app);
    assertEquals(List.of("user.registered"), types(app, "user_id = ? AND videoKey IS NULL", owner));
    ApiClient api = ApiClient.as(app, owner);
    String videoKey = upload(app, api);
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(120),
            () ->
                app.count(
                        "SELECT COUNT(*) FROM videos WHERE videoKey = ? AND state = 'READY'",
                        videoKey)
                    == 1),
        "READY");
    json(
        ApiClient.as(app, viewer)
            .post("/api/videos/" + videoKey + "/comments", Map.of("body", "Nice one")),
        201);
    assertEquals(204, api.delete("/api/videos/" + videoKey).statusCode());
    List<String> types = new ArrayList<>();
    List<JsonNode> bodies = new ArrayList<>();
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT type, body, user_id FROM events WHERE videoKey = ? ORDER BY seq")) {
      s.setString(1, videoKey);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          types.add(r.getString(1));
          bodies.add(JSON.readTree(r.getString(2)));
          assertEquals(owner.userId(), r.getLong(3), "every event is the owner's");
        }
      }
    }
    assertEquals(
        List.of(
            "video.uploaded",
            "video.processing",
            "video.ready",
            "video.published",
            "comment.created",
            "video.deleted"),
        types);
    for (JsonNode body : bodies) {
      assertTrue(body.hasNonNull("id") && body.hasNonNull("occurredAt"), body.toString());
      assertEquals(videoKey, body.get("data").get("videoKey").asText(), body.toString());
    }
    assertEquals("Nice one", bodies.get(4).get("data").get("text").asText());
    assertTrue(bodies.get(2).get("data").get("durationSeconds").asDouble() > 1);
    // uploaded public: published at READY, in the same transaction
    assertTrue(bodies.get(3).get("data").hasNonNull("publishedAt"), bodies.get(3).toString());
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(10),
            () ->
                app.count(
                        "SELECT COUNT(*) FROM events WHERE videoKey = ? AND published_at IS NULL",
                        videoKey)
                    == 0),
        "all published");
  }

  @Test
  void publishedEventsOlderThanTheKeepDaysArePurged(TestApp app) throws Exception {
    String old = java.util.UUID.randomUUID().toString();
    String recent = java.util.UUID.randomUUID().toString();
    String pending = java.util.UUID.randomUUID().toString();
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO events (id, type, body, published_at, claimed_by, claimed_until)"
                    + " VALUES (?, 'video.deleted', '{}', NOW(3) - INTERVAL ? DAY, 'x',"
                    + " NOW(3) + INTERVAL 1 DAY)")) {
      for (Object[] row : new Object[][] {{old, 30}, {recent, 1}}) {
        s.setString(1, (String) row[0]);
        s.setInt(2, (Integer) row[1]);
        s.executeUpdate();
      }
    }
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO events (id, type, body, claimed_by, claimed_until)"
                    + " VALUES (?, 'video.deleted', '{}', 'x', NOW(3) + INTERVAL 1 DAY)")) {
      s.setString(1, pending); // not published yet (its lease holds it): never purged
      s.executeUpdate();
    }
    // the hourly timer's run, now
    var context = app.app().camelContext();
    org.apache.camel.builder.AdviceWith.adviceWith(
        context, "events-purge", a -> a.replaceFromWith("direct:events-purge-now"));
    context.createFluentProducerTemplate().to("direct:events-purge-now").send();
    assertEquals(0, app.count("SELECT COUNT(*) FROM events WHERE id = ?", old));
    assertEquals(1, app.count("SELECT COUNT(*) FROM events WHERE id = ?", recent));
    assertEquals(1, app.count("SELECT COUNT(*) FROM events WHERE id = ?", pending));
  }

  private static List<String> types(TestApp app, String where, TestUsers.Session user)
      throws Exception {
    List<String> types = new ArrayList<>();
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT type FROM events WHERE " + where + " ORDER BY seq")) {
      s.setLong(1, user.userId());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          types.add(r.getString(1));
        }
      }
    }
    return types;
  }

  private static String upload(TestApp app, ApiClient api) throws Exception {
    Path clip =
        Clips.make(Files.createTempDirectory("events-clip"), "clip.mp4", 320, 240, 2, 25, "stereo");
    return Uploads.viaApi(app, api, clip);
  }
}
