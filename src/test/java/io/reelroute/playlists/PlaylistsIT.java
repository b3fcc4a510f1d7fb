package io.reelroute.playlists;

import static io.reelroute.testing.ApiClient.json;
import static io.reelroute.testing.ApiClient.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.Viewers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Playlists through HTTP on the embedded stack, with the attack checks (IDOR, private lists). */
@IntegrationTest
class PlaylistsIT {

  private static List<String> keys(JsonNode playlist) {
    List<String> keys = new ArrayList<>();
    playlist.get("videos").forEach(v -> keys.add(v.get("videoKey").asText()));
    return keys;
  }

  private static String create(ApiClient api, String title, String visibility) {
    JsonNode created =
        json(
            api.post(
                "/api/playlists",
                Map.of("title", title, "description", "about " + title, "visibility", visibility)),
            201);
    assertEquals(title, created.get("title").asText());
    assertEquals(visibility, created.get("visibility").asText());
    assertEquals(11, created.get("id").asText().length());
    return created.get("id").asText();
  }

  @Test
  void aPrivatePlaylistHoldsAVideoAndIsHiddenFromEveryoneElse(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session other = TestUsers.signUp(app);
    ApiClient me = ApiClient.as(app, owner);
    ApiClient them = ApiClient.as(app, other);
    ApiClient anonymous = ApiClient.anonymous(app);
    String video = Viewers.row(app, other, "Someone's public video", "PUBLIC");
    String id = create(me, "Secret list", "private");

    JsonNode added = json(me.put("/api/playlists/" + id + "/videos/" + video, null), 200);
    assertEquals(List.of(video), keys(added));
    assertEquals(1, added.get("videoCount").asLong());
    JsonNode mine = json(me.get("/api/playlists/" + id), 200);
    assertEquals(List.of(video), keys(mine));
    assertTrue(mine.get("isOwner").asBoolean());
    assertEquals("Someone's public video", mine.get("videos").get(0).get("displayName").asText());

    // anonymous and other users: the same 404 as an unknown id
    for (ApiClient stranger : List.of(anonymous, them)) {
      problem(stranger.get("/api/playlists/" + id), 404, "id");
    }
    problem(anonymous.get("/api/playlists/AAAAAAAAAAA"), 404, "id");
    // IDOR: nobody else changes it, and nothing leaks from the answers
    problem(them.put("/api/playlists/" + id + "/videos/" + video, null), 404, "id");
    problem(them.delete("/api/playlists/" + id + "/videos/" + video), 404, "id");
    problem(them.patch("/api/playlists/" + id, Map.of("visibility", "public")), 404, "id");
    problem(them.delete("/api/playlists/" + id), 404, "id");
    problem(
        them.put("/api/playlists/" + id + "/order", Map.of("videoKeys", List.of(video))),
        404,
        "id");
    problem(anonymous.put("/api/playlists/" + id + "/videos/" + video, null), 401, null);
    problem(anonymous.delete("/api/playlists/" + id), 401, null);
    problem(anonymous.post("/api/playlists", Map.of("title", "x")), 401, null);
    assertEquals(1, app.count("SELECT COUNT(*) FROM playlist_videos WHERE playlist_id = ?", id));
    assertEquals("PRIVATE", visibility(app, id));

    // made public: everyone sees it, only the owner changes it (403 for the others now)
    json(me.patch("/api/playlists/" + id, Map.of("visibility", "public")), 200);
    assertEquals(List.of(video), keys(json(anonymous.get("/api/playlists/" + id), 200)));
    problem(them.delete("/api/playlists/" + id), 403, "id");
    problem(them.put("/api/playlists/" + id + "/videos/" + video, null), 403, "id");
    assertEquals(1, app.count("SELECT COUNT(*) FROM playlists WHERE id = ?", id));
    // unlisted: by link
    json(me.patch("/api/playlists/" + id, Map.of("visibility", "unlisted")), 200);
    assertEquals(200, anonymous.get("/api/playlists/" + id).statusCode());
    assertEquals(
        0, json(app.get("/api/users/" + Viewers.handle(app, owner) + "/playlists"), 200).size());
  }

  @Test
  void someoneElsesPrivateVideoIsNeverShownOrAdded(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session other = TestUsers.signUp(app);
    ApiClient me = ApiClient.as(app, owner);
    String theirs = Viewers.row(app, other, "Theirs", "PUBLIC");
    String theirPrivate = Viewers.row(app, other, "Their private", "PRIVATE");
    String myPrivate = Viewers.row(app, owner, "My private", "PRIVATE");
    String id = create(me, "Public list", "public");
    // another user's private video cannot be added (404 as if unknown)
    problem(me.put("/api/playlists/" + id + "/videos/" + theirPrivate, null), 404, "videoKey");
    problem(me.put("/api/playlists/" + id + "/videos/AAAAAAAAAAA", null), 404, "videoKey");
    problem(me.put("/api/playlists/" + id + "/videos/bad", null), 400, "videoKey");
    json(me.put("/api/playlists/" + id + "/videos/" + theirs, null), 200);
    json(me.put("/api/playlists/" + id + "/videos/" + myPrivate, null), 200);
    // idempotent
    json(me.put("/api/playlists/" + id + "/videos/" + theirs, null), 200);
    assertEquals(List.of(theirs, myPrivate), keys(json(me.get("/api/playlists/" + id), 200)));
    // the public sees the public entry only: the owner's private video stays private
    JsonNode seen = json(ApiClient.anonymous(app).get("/api/playlists/" + id), 200);
    assertEquals(List.of(theirs), keys(seen));
    assertFalse(seen.toString().contains(myPrivate));
    // a listed video turned private by its owner drops out for everyone but its owner
    Viewers.sql(app, "UPDATE videos SET visibility = 'PRIVATE' WHERE videoKey = ?", theirs);
    JsonNode mine = json(me.get("/api/playlists/" + id), 200);
    assertTrue(mine.get("videos").get(0).get("unavailable").asBoolean());
    assertFalse(mine.get("videos").get(0).has("displayName"), mine.toString());
    JsonNode theirView = json(ApiClient.as(app, other).get("/api/playlists/" + id), 200);
    assertEquals(List.of(theirs), keys(theirView));
    assertEquals(
        1, json(app.get("/api/users/" + Viewers.handle(app, owner) + "/playlists"), 200).size());
    // a deleted video leaves the playlist
    Viewers.sql(app, "DELETE FROM videos WHERE videoKey = ?", myPrivate);
    assertEquals(1, app.count("SELECT COUNT(*) FROM playlist_videos WHERE playlist_id = ?", id));
  }

  @Test
  void reorderRemoveWatchLaterAndLimits(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    ApiClient me = ApiClient.as(app, owner);
    List<String> videos = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      videos.add(Viewers.row(app, owner, "V" + i, "PUBLIC"));
    }
    String id = create(me, "Ordered", "public");
    for (String v : videos) {
      json(me.put("/api/playlists/" + id + "/videos/" + v, null), 200);
    }
    assertEquals(videos, keys(json(me.get("/api/playlists/" + id), 200)));
    List<String> reversed = List.of(videos.get(2), videos.get(1), videos.get(0));
    assertEquals(
        reversed,
        keys(json(me.put("/api/playlists/" + id + "/order", Map.of("videoKeys", reversed)), 200)));
    problem(
        me.put("/api/playlists/" + id + "/order", Map.of("videoKeys", List.of(videos.get(0)))),
        400,
        "videoKeys");
    problem(
        me.put(
            "/api/playlists/" + id + "/order",
            Map.of("videoKeys", List.of(videos.get(0), videos.get(0), videos.get(1)))),
        400,
        "videoKeys");
    assertEquals(204, me.delete("/api/playlists/" + id + "/videos/" + videos.get(1)).statusCode());
    assertEquals(
        List.of(videos.get(2), videos.get(0)), keys(json(me.get("/api/playlists/" + id), 200)));

    // Watch later: built in, private, kept
    JsonNode lists = json(me.get("/api/me/playlists?videoKey=" + videos.get(0)), 200);
    JsonNode watchLater = lists.get(0);
    assertTrue(watchLater.get("watchLater").asBoolean());
    assertEquals("private", watchLater.get("visibility").asText());
    assertFalse(watchLater.get("containsVideo").asBoolean());
    assertTrue(lists.get(1).get("containsVideo").asBoolean());
    String later = watchLater.get("id").asText();
    json(me.put("/api/playlists/" + later + "/videos/" + videos.get(0), null), 200);
    assertEquals(2, json(me.get("/api/me/playlists"), 200).size(), "one Watch later only");
    problem(me.delete("/api/playlists/" + later), 409, null);
    problem(me.patch("/api/playlists/" + later, Map.of("visibility", "public")), 409, null);
    problem(ApiClient.anonymous(app).get("/api/playlists/" + later), 404, "id");

    // bad input
    problem(me.post("/api/playlists", Map.of("title", "")), 400, "title");
    problem(me.post("/api/playlists", Map.of("title", "x".repeat(151))), 400, "title");
    problem(
        me.post("/api/playlists", Map.of("title", "x", "visibility", "secret")), 400, "visibility");
    problem(me.post("/api/playlists", Map.of("title", "x", "owner", 1)), 400, "owner");
    problem(
        me.post("/api/playlists", Map.of("title", "x", "description", "y".repeat(1001))),
        400,
        "description");
    // deleting is the owner's, idempotent
    assertEquals(204, me.delete("/api/playlists/" + id).statusCode());
    assertEquals(204, me.delete("/api/playlists/" + id).statusCode());
    assertEquals(0, app.count("SELECT COUNT(*) FROM playlist_videos WHERE playlist_id = ?", id));
    // the default visibility is private
    JsonNode plain = json(me.post("/api/playlists", Map.of("title", "Plain")), 201);
    assertEquals("private", plain.get("visibility").asText());
  }

  private static String visibility(TestApp app, String id) throws Exception {
    try (var c = app.app().infrastructure().dataSource().getConnection();
        var s = c.prepareStatement("SELECT visibility FROM playlists WHERE id = ?")) {
      s.setString(1, id);
      try (var r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }
}
