package io.reelroute.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * script/backup and script/restore on an embedded stack: back up, lose everything, restore; every
 * READY video still plays (playback answer, master playlist, rung playlist, segment bytes) and
 * every user still logs in. Both scripts refuse while a Reelroute process uses the data directory.
 */
@IntegrationTest
class BackupRestoreIT {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String MASTER =
      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
          + "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS=\"avc1.64001e,mp4a.40.2\"\n"
          + "hls/360p/index.m3u8\n";
  private static final String RUNG =
      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n"
          + "#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.000000,\nseg_000.m4s\n#EXT-X-ENDLIST\n";

  record Account(String email, String password) {}

  @Test
  void backupWipeRestoreKeepsVideosPlayingAndUsersLoggingIn() throws Exception {
    Path dataDir = TestApp.newDataDir();
    Path archive = dataDir.resolveSibling(dataDir.getFileName() + "-backup.tar.gz");
    List<Account> accounts = new ArrayList<>();
    Map<String, byte[]> segments = new LinkedHashMap<>();
    Set<String> readyBefore;
    try (TestApp app = TestApp.start(dataDir, Map.of())) {
      for (int i = 0; i < 2; i++) {
        Account account =
            new Account(
                "backup-" + i + "-" + System.nanoTime() + "@example.test",
                "restore me " + i + " " + System.nanoTime());
        TestUsers.Session session =
            TestUsers.signUp(app, account.email(), account.password(), "Backup " + i);
        accounts.add(account);
        for (int v = 0; v < 2; v++) {
          String key = newKey();
          segments.put(key, seedReadyVideo(app, session.userId(), key));
        }
      }
      readyBefore = readyKeys(app);
      assertTrue(readyBefore.containsAll(segments.keySet()), "the seeded videos are READY");
      for (String key : segments.keySet()) {
        assertPlays(app, key, segments.get(key));
      }
      // a running process owns the data directory: both scripts refuse
      Result refused = script("backup", dataDir, archive);
      assertEquals(2, refused.exit(), refused.output());
      assertTrue(
          refused.output().contains("in use by a running Reelroute process"), refused.output());
      assertEquals(2, script("restore", dataDir, archive).exit());
    }

    Result backup = script("backup", dataDir, archive);
    assertEquals(0, backup.exit(), backup.output());
    assertTrue(Files.size(archive) > 0);

    // after the backup: one more user and one video gone, then everything lost
    Account later =
        new Account("after-backup-" + System.nanoTime() + "@example.test", "not in the backup 1");
    try (TestApp app = TestApp.start(dataDir, Map.of())) {
      TestUsers.signUp(app, later.email(), later.password(), "Later");
      String gone = segments.keySet().iterator().next();
      sql(app, "DELETE FROM videos WHERE videoKey = ?", gone);
    }
    Backups.deleteTree(dataDir.resolve("db"));
    Backups.deleteTree(dataDir.resolve("s3"));

    Result restore = script("restore", dataDir, archive);
    assertEquals(0, restore.exit(), restore.output());

    try (TestApp app = TestApp.start(dataDir, Map.of())) {
      assertEquals(readyBefore, readyKeys(app), "the READY videos of the backup, no other");
      for (String key : readyKeys(app)) {
        assertEquals(200, app.get("/api/videos/" + key + "/playback").statusCode(), key);
      }
      for (Map.Entry<String, byte[]> video : segments.entrySet()) {
        assertPlays(app, video.getKey(), video.getValue());
      }
      for (Account account : accounts) {
        assertEquals(200, login(app, account).statusCode(), account.email() + " logs in");
      }
      assertEquals(401, login(app, later).statusCode(), "a user made after the backup is gone");
    }
  }

  private static HttpResponse<String> login(TestApp app, Account account) {
    return TestUsers.post(
        app,
        "/api/auth/login",
        Map.of("email", account.email(), "password", account.password()),
        TestUsers.randomIp());
  }

  /** Playback answers, the master and rung playlists serve, and the segment has its bytes. */
  private static void assertPlays(TestApp app, String key, byte[] segment) throws Exception {
    HttpResponse<String> playback = app.get("/api/videos/" + key + "/playback");
    assertEquals(200, playback.statusCode(), playback.body());
    JsonNode body = Json.MAPPER.readTree(playback.body());
    HttpResponse<String> master = app.get(body.get("hls").asText());
    assertEquals(200, master.statusCode(), master.body());
    String rungUri = uris(master.body()).get(0);
    HttpResponse<String> rung =
        TestApp.http()
            .send(
                HttpRequest.newBuilder(URI.create(master.uri().resolve(rungUri).toString()))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, rung.statusCode(), rung.body());
    String segmentUri = uris(rung.body()).get(0);
    HttpResponse<byte[]> bytes =
        TestApp.http()
            .send(
                HttpRequest.newBuilder(rung.uri().resolve(segmentUri)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, bytes.statusCode(), segmentUri);
    assertArrayEquals(segment, bytes.body(), "segment bytes of " + key);
  }

  private static List<String> uris(String playlist) {
    List<String> uris = new ArrayList<>();
    for (String line : playlist.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        uris.add(line.strip());
      }
    }
    assertFalse(uris.isEmpty(), playlist);
    return uris;
  }

  /** A READY video row with a one-rung HLS output in the bucket; returns its segment's bytes. */
  private static byte[] seedReadyVideo(TestApp app, long owner, String key) throws Exception {
    sql(
        app,
        "INSERT INTO videos (videoKey, displayName, owner_id, state, isTranscoded, visibility,"
            + " duration_seconds) VALUES (?, 'Backed up', ?, 'READY', 1, 'PUBLIC', 2)",
        key,
        owner);
    byte[] segment = new byte[4096 + RANDOM.nextInt(4096)];
    RANDOM.nextBytes(segment);
    byte[] init = new byte[512];
    RANDOM.nextBytes(init);
    var s3 = app.app().infrastructure().s3();
    String bucket = app.app().settings().get("reelroute.s3.bucket");
    Map<String, byte[]> objects = new HashMap<>();
    objects.put("master.m3u8", MASTER.getBytes(StandardCharsets.UTF_8));
    objects.put("hls/360p/index.m3u8", RUNG.getBytes(StandardCharsets.UTF_8));
    objects.put("hls/360p/init.mp4", init);
    objects.put("hls/360p/seg_000.m4s", segment);
    for (Map.Entry<String, byte[]> object : objects.entrySet()) {
      s3.putObject(
          b -> b.bucket(bucket).key("videos/" + key + "/" + object.getKey()),
          RequestBody.fromBytes(object.getValue()));
    }
    return segment;
  }

  private static Set<String> readyKeys(TestApp app) throws Exception {
    Set<String> keys = new TreeSet<>();
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT videoKey FROM videos WHERE state = 'READY'");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        keys.add(rows.getString(1));
      }
    }
    return keys;
  }

  private static void sql(TestApp app, String sql, Object... args) throws Exception {
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  private static String newKey() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      key.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return key.toString();
  }

  record Result(int exit, String output) {}

  /** Runs script/backup or script/restore as an operator would. */
  private static Result script(String name, Path dataDir, Path archive) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(Path.of("script", name).toAbsolutePath().toString(), archive.toString())
            .redirectErrorStream(true);
    builder.environment().put("REELROUTE_DATA_DIR", dataDir.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), name + " finished");
    return new Result(process.exitValue(), output);
  }
}
