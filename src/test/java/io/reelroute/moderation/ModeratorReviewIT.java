package io.reelroute.moderation;

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
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Moderators and admins review a taken-down video (video.Visibility): its detail with the takedown
 * {reason, at} and its playback (description and the signed playlists of a real transcoded upload)
 * answer them 200, while a plain user and an anonymous caller still get 404 everywhere, and
 * listings and comments stay closed to everyone but the owner. A moderator whose role is revoked
 * loses the playlists of their playback link at once; restore opens the video to everyone again.
 */
@IntegrationTest
class ModeratorReviewIT {

  @Test
  void moderatorsAndAdminsOpenATakenDownVideoOthersGet404(TestApp app) throws Exception {
    TestUsers.Session ownerSession = TestUsers.signUp(app);
    TestUsers.Session modSession = TestUsers.signUp(app);
    ApiClient owner = ApiClient.as(app, ownerSession);
    ApiClient moderator = ApiClient.as(app, modSession);
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    ApiClient plain = ApiClient.as(app, TestUsers.signUp(app));
    ApiClient anonymous = ApiClient.anonymous(app);
    json(
        admin.put("/api/admin/users/" + modSession.userId() + "/role", Map.of("role", "moderator")),
        200);
    String key = Viewers.uploaded(app, ownerSession, "review.mp4");

    // before the takedown nobody but its owner is told of one
    assertTrue(json(moderator.get("/api/videos/" + key), 200).path("takedown").isMissingNode());

    json(
        moderator.post(
            "/api/moderation/videos/" + key + "/takedown", Map.of("reason", "Gore in the intro")),
        200);

    // moderators and admins: the detail with the takedown, and playback
    for (ApiClient reviewer : new ApiClient[] {moderator, admin}) {
      JsonNode detail = json(reviewer.get("/api/videos/" + key), 200);
      assertEquals(key, detail.get("videoKey").asText());
      assertEquals("READY", detail.get("state").asText());
      assertEquals("Gore in the intro", detail.get("takedown").get("reason").asText());
      assertTrue(detail.get("takedown").hasNonNull("at"), detail.toString());
      assertFalse(detail.path("isOwner").asBoolean(false), "not the owner's view");
      assertTrue(detail.path("email").isMissingNode(), "no owner-only fields: " + detail);
      JsonNode playback = json(reviewer.get("/api/videos/" + key + "/playback"), 200);
      HttpResponse<String> master = anonymous.get(playback.get("hls").asText());
      assertEquals(200, master.statusCode(), master.body());
      assertTrue(master.body().startsWith("#EXTM3U"), master.body());
      String media = firstPlaylist(master.body()); // /api/stream/{key}/…m3u8?t=<token>
      assertEquals(200, anonymous.get(media).statusCode(), media);
      String bare = media.substring(0, media.indexOf('?'));
      assertEquals(404, anonymous.get(bare).statusCode(), "no token, no identity: " + bare);
    }
    // the owner as before
    assertEquals(
        "Gore in the intro",
        json(owner.get("/api/videos/" + key), 200).get("takedown").get("reason").asText());
    json(owner.get("/api/videos/" + key + "/playback"), 200);

    // a plain user and an anonymous caller: 404 for the detail, playback and playlists
    for (ApiClient other : new ApiClient[] {plain, anonymous}) {
      problem(other.get("/api/videos/" + key), 404, null);
      problem(other.get("/api/videos/" + key + "/playback"), 404, null);
      assertEquals(404, other.get("/api/stream/" + key + "/master.m3u8").statusCode());
      assertEquals(404, other.get("/api/videos/" + key + "/captions").statusCode());
    }
    // listings and comments stay closed to reviewers too (the owner alone)
    assertFalse(moderator.get("/api/videos?limit=100").body().contains(key));
    assertEquals(404, moderator.get("/api/videos/" + key + "/comments").statusCode());
    assertEquals(404, admin.get("/api/videos/" + key + "/comments").statusCode());

    // a moderator's playback link stops with the role: the role is read on each playlist
    String hls = json(moderator.get("/api/videos/" + key + "/playback"), 200).get("hls").asText();
    assertEquals(200, anonymous.get(hls).statusCode());
    json(
        admin.put("/api/admin/users/" + modSession.userId() + "/role", Map.of("role", "user")),
        200);
    assertEquals(404, anonymous.get(hls).statusCode());
    problem(moderator.get("/api/videos/" + key), 404, null);
    problem(moderator.get("/api/videos/" + key + "/playback"), 404, null);

    // restored: everyone again, without a takedown
    json(admin.post("/api/moderation/videos/" + key + "/restore", Map.of()), 200);
    for (ApiClient viewer : new ApiClient[] {plain, anonymous, moderator}) {
      JsonNode detail = json(viewer.get("/api/videos/" + key), 200);
      assertTrue(detail.path("takedown").isMissingNode(), detail.toString());
      json(viewer.get("/api/videos/" + key + "/playback"), 200);
    }
  }

  /** The first playlist a master names (an API path with the viewer's token). */
  private static String firstPlaylist(String master) {
    for (String line : master.split("\n")) {
      String l = line.strip();
      if (l.startsWith("/api/stream/")) {
        return l;
      }
      int uri = l.indexOf("URI=\"/api/stream/");
      if (uri >= 0) {
        return l.substring(uri + 5, l.indexOf('"', uri + 5));
      }
    }
    throw new AssertionError("no playlist in " + master);
  }
}
