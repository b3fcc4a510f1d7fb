package io.reelroute.auth;

import static io.reelroute.auth.AuthFlowIT.problem;
import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.video.VideoKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * POST /api/me/deletion: the account goes with its videos and their objects, its reactions and
 * comments on other people's videos (and the counts they held); the address can sign up again.
 */
@IntegrationTest
class AccountDeletionIT {

  private static String readyVideo(TestApp app, long ownerId, String email) throws Exception {
    String key = VideoKeys.generate();
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO videos (videoKey, displayName, description, visibility, owner_id,"
                    + " email, state, isTranscoded, duration_seconds, size_bytes, source_key)"
                    + " VALUES (?, 'Film', 'd', 'PUBLIC', ?, ?, 'READY', 1, 10, 1000, ?)")) {
      s.setString(1, key);
      s.setLong(2, ownerId);
      s.setString(3, email);
      s.setString(4, VideoKeys.sourceKey(key));
      s.executeUpdate();
    }
    return key;
  }

  @Test
  void anAccountGoesWithEverythingItOwnedAndTheCountsItHeld(TestApp app) throws Exception {
    String email = "leaving-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String password = "a leaving pass phrase " + UUID.randomUUID();
    TestUsers.Session alice = TestUsers.signUp(app, email, password, "Alice Leaves");
    TestUsers.Session bob = TestUsers.signUp(app);
    ApiClient a = ApiClient.as(app, alice);
    ApiClient b = ApiClient.as(app, bob);

    // alice's video, with objects in storage
    String mine = readyVideo(app, alice.userId(), alice.email());
    S3Client s3 = app.app().infrastructure().s3();
    String bucket = app.app().settings().get("reelroute.s3.bucket");
    for (String object :
        new String[] {VideoKeys.sourceKey(mine), "videos/" + mine + "/hls/360p/seg_00000.m4s"}) {
      s3.putObject(r -> r.bucket(bucket).key(object), RequestBody.fromString("bytes"));
    }
    // on bob's video: alice's like, alice's comment with bob's reply, bob's comment with alice's
    String theirs = readyVideo(app, bob.userId(), bob.email());
    String comments = "/api/videos/" + theirs + "/comments";
    json(a.put("/api/videos/" + theirs + "/reaction", Map.of("reaction", "like")), 200);
    long aliceSays = json(a.post(comments, Map.of("body", "Lovely")), 201).get("id").asLong();
    json(b.post(comments, Map.of("body", "Thanks", "parentId", aliceSays)), 201);
    long bobSays =
        json(b.post(comments, Map.of("body", "Behind the scenes")), 201).get("id").asLong();
    json(a.post(comments, Map.of("body", "Cool", "parentId", bobSays)), 201);
    JsonNode before = json(b.get("/api/videos/" + theirs), 200);
    assertEquals(1, before.get("likes").asInt());
    assertEquals(4, before.get("comments").asInt());

    // the password proves it is her; a wrong one deletes nothing
    JsonNode wrong =
        problem(
            a.post("/api/me/deletion", Map.of("password", "not hers at all")),
            400,
            "wrong-password");
    assertEquals("password", wrong.get("field").asText());
    assertEquals(200, a.get("/api/videos/" + mine).statusCode());
    problem(
        ApiClient.anonymous(app).post("/api/me/deletion", Map.of("password", password)),
        401,
        "authentication-required");

    int mails = TestUsers.mailCount(app, email);
    assertEquals(204, a.post("/api/me/deletion", Map.of("password", password)).statusCode());

    assertEquals(404, b.get("/api/videos/" + mine).statusCode());
    assertEquals(
        0, s3.listObjectsV2(r -> r.bucket(bucket).prefix("uploads/" + mine + "/")).keyCount());
    assertEquals(
        0, s3.listObjectsV2(r -> r.bucket(bucket).prefix("videos/" + mine + "/")).keyCount());
    JsonNode after = json(b.get("/api/videos/" + theirs), 200);
    assertEquals(0, after.get("likes").asInt(), after.toString());
    assertEquals(1, after.get("comments").asInt(), "only bob's own comment is left: " + after);
    assertEquals(0, app.count("SELECT reply_count FROM comments WHERE id = ?", bobSays));
    assertEquals(0, app.count("SELECT COUNT(*) FROM comments WHERE user_id = ?", alice.userId()));
    assertEquals(0, app.count("SELECT COUNT(*) FROM users WHERE id = ?", alice.userId()));
    assertTrue(
        TestApp.eventually(Duration.ofSeconds(10), () -> TestUsers.mailCount(app, email) > mails));
    assertTrue(TestUsers.latestMailTo(app, email).startsWith("Your Reelroute account was deleted"));

    // signed out for good; the address is free again
    String ip = TestUsers.randomIp();
    problem(
        TestUsers.post(app, "/api/auth/refresh", Map.of("refreshToken", alice.refreshToken()), ip),
        401,
        "invalid-token");
    problem(
        TestUsers.post(app, "/api/auth/login", Map.of("email", email, "password", password), ip),
        401,
        "invalid-credentials");
    TestUsers.Session again = TestUsers.signUp(app, email, password, "Alice Returns");
    assertTrue(again.userId() != alice.userId());
  }
}
