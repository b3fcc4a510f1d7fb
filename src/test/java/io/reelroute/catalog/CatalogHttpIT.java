package io.reelroute.catalog;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.Json;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.video.VideoKeys;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The upload and catalog API end to end through HTTP, with users signed up through HTTP. */
@IntegrationTest
class CatalogHttpIT {

  private static final String BUCKET = "reelroute";

  private static Map<String, String> headers(JsonNode node) {
    Map<String, String> headers = new java.util.HashMap<>();
    node.fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    return headers;
  }

  private static String uploadBody(String name, String type, long size, boolean multipart) {
    return Json.write(
        Map.of("fileName", name, "contentType", type, "sizeBytes", size, "multipart", multipart));
  }

  @Test
  void singleUploadStraightToStorage(TestApp app) {
    ApiClient me = ApiClient.as(app, TestUsers.signUp(app));
    byte[] bytes = new byte[256 * 1024];
    new Random(7).nextBytes(bytes);
    JsonNode created =
        json(
            me.post("/api/upload", uploadBody("Holiday.mp4", "video/mp4", bytes.length, false)),
            201);
    String key = created.get("videoKey").asText();
    assertTrue(VideoKeys.isValid(key), key);
    assertEquals("AWAITING_UPLOAD", created.get("state").asText());
    JsonNode upload = created.get("upload");
    assertEquals("single", upload.get("type").asText());
    String url = upload.get("url").asText();
    assertTrue(url.contains("X-Amz-Expires=900"), url);
    // the wrong type and the wrong length are refused by storage itself
    assertEquals(
        403, CatalogFixtures.refusedPutStatus(url, Map.of("Content-Type", "video/webm"), bytes));
    assertEquals(
        403,
        CatalogFixtures.refusedPutStatus(
            url, headers(upload.get("headers")), Arrays.copyOf(bytes, bytes.length + 1)));
    assertEquals(
        "upload-missing",
        json(me.post("/api/upload/" + key + "/complete", null), 409).get("code").asText());
    HttpResponse<String> put = CatalogFixtures.put(url, headers(upload.get("headers")), bytes);
    assertEquals(200, put.statusCode(), put.body());
    JsonNode done = json(me.post("/api/upload/" + key + "/complete", null), 200);
    assertEquals("Holiday", done.get("displayName").asText());
    assertEquals(bytes.length, done.get("sizeBytes").asLong());
    assertEquals(me.session().email(), done.get("email").asText());
    JsonNode mine = json(me.get("/api/me/videos"), 200);
    assertEquals(key, mine.get(0).get("videoKey").asText());
    // the upload-events flow may already have noticed the file (and a worker tried it)
    assertTrue(
        Set.of("AWAITING_UPLOAD", "UPLOADED", "PROCESSING", "FAILED")
            .contains(mine.get(0).get("state").asText()),
        mine.toString());
    S3Client s3 = app.app().infrastructure().s3();
    assertEquals(
        bytes.length,
        s3.headObject(r -> r.bucket(BUCKET).key("uploads/" + key + "/source")).contentLength());
    // the upload cannot be aborted once complete... only deleted
    assertEquals(409, me.delete("/api/upload/" + key).statusCode());
  }

  @Test
  void multipartUploadResumesAfterAnInterruption(TestApp app) {
    ApiClient me = ApiClient.as(app, TestUsers.signUp(app));
    int size = 38 * 1024 * 1024 + 4321;
    byte[] bytes = new byte[size];
    new Random(11).nextBytes(bytes);
    JsonNode upload =
        json(
            me.post("/api/upload", uploadBody("long take.mov", "video/quicktime", size, true)),
            201);
    String key = upload.get("videoKey").asText();
    JsonNode plan = upload.get("upload");
    assertEquals("multipart", plan.get("type").asText());
    int partSize = plan.get("partSizeBytes").asInt();
    int count = plan.get("partCount").asInt();
    assertTrue(partSize >= 5 * 1024 * 1024 && count >= 5, plan.toString());
    String[] etags = new String[count + 1];
    for (int n = 1; n <= 2; n++) {
      etags[n] = putPart(plan.get("parts").get(n - 1).get("url").asText(), bytes, partSize, n);
    }
    // the browser reloads: it asks what is there and gets fresh URLs for the rest
    JsonNode resume = json(me.post("/api/upload/" + key + "/parts", null), 200);
    assertEquals(2, resume.get("uploadedParts").size(), resume.toString());
    assertEquals(etags[1], resume.get("uploadedParts").get(0).get("etag").asText());
    List<Integer> fresh = new ArrayList<>();
    for (JsonNode part : resume.get("parts")) {
      int n = part.get("partNumber").asInt();
      fresh.add(n);
      etags[n] = putPart(part.get("url").asText(), bytes, partSize, n);
    }
    assertEquals(count - 2, fresh.size());
    assertFalse(fresh.contains(1) || fresh.contains(2));
    // explicit part numbers work too (re-sending part 1 replaces it)
    JsonNode again = json(me.post("/api/upload/" + key + "/parts", "{\"partNumbers\":[1]}"), 200);
    etags[1] = putPart(again.get("parts").get(0).get("url").asText(), bytes, partSize, 1);
    // a part of the wrong length is refused by storage
    JsonNode two = json(me.post("/api/upload/" + key + "/parts", "{\"partNumbers\":[2]}"), 200);
    assertEquals(
        403,
        CatalogFixtures.refusedPutStatus(
            two.get("parts").get(0).get("url").asText(), Map.of(), new byte[100]));
    // completing with a wrong ETag is refused, then with the right ones accepted
    StringBuilder wrong = new StringBuilder("{\"parts\":[");
    StringBuilder right = new StringBuilder("{\"parts\":[");
    for (int n = 1; n <= count; n++) {
      String sep = n == 1 ? "" : ",";
      wrong
          .append(sep)
          .append("{\"partNumber\":")
          .append(n)
          .append(",\"etag\":\"")
          .append(n == 3 ? "0123456789abcdef0123456789abcdef" : etags[n].replace("\"", ""))
          .append("\"}");
      right
          .append(sep)
          .append("{\"partNumber\":")
          .append(n)
          .append(",\"etag\":")
          .append(Json.write(etags[n]))
          .append("}");
    }
    assertEquals(
        "parts",
        json(me.post("/api/upload/" + key + "/complete", wrong + "]}"), 400).get("field").asText());
    JsonNode done = json(me.post("/api/upload/" + key + "/complete", right + "]}"), 200);
    assertEquals(size, done.get("sizeBytes").asLong());
    byte[] stored =
        app.app()
            .infrastructure()
            .s3()
            .getObjectAsBytes(r -> r.bucket(BUCKET).key("uploads/" + key + "/source"))
            .asByteArray();
    assertTrue(Arrays.equals(bytes, stored), "the joined object is the file");
    assertEquals(409, me.post("/api/upload/" + key + "/parts", null).statusCode());
  }

  private static String putPart(String url, byte[] bytes, int partSize, int n) {
    int from = (n - 1) * partSize;
    int to = Math.min(bytes.length, from + partSize);
    HttpResponse<String> r =
        CatalogFixtures.put(url, Map.of(), Arrays.copyOfRange(bytes, from, to));
    assertEquals(200, r.statusCode(), r.body());
    return r.headers().firstValue("ETag").orElseThrow();
  }

  @Test
  void abortCancelsAnUnfinishedUpload(TestApp app) {
    ApiClient me = ApiClient.as(app, TestUsers.signUp(app));
    String key =
        json(me.post("/api/upload", uploadBody("x.webm", "video/webm", 30_000_000, true)), 201)
            .get("videoKey")
            .asText();
    S3Client s3 = app.app().infrastructure().s3();
    assertEquals(
        1,
        s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("uploads/" + key + "/"))
            .uploads()
            .size());
    ApiClient stranger = ApiClient.as(app, TestUsers.signUp(app));
    assertEquals(403, stranger.delete("/api/upload/" + key).statusCode());
    assertEquals(204, me.delete("/api/upload/" + key).statusCode());
    assertEquals(204, me.delete("/api/upload/" + key).statusCode(), "idempotent");
    assertTrue(
        s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix("uploads/" + key + "/"))
            .uploads()
            .isEmpty());
    assertEquals(404, me.get("/api/videos/" + key).statusCode());
  }

  @Test
  void limitsAndAuthentication(TestApp app) {
    ApiClient anonymous = ApiClient.anonymous(app);
    assertEquals(
        401,
        anonymous.post("/api/upload", uploadBody("a.mp4", "video/mp4", 5, false)).statusCode());
    assertEquals(401, anonymous.get("/api/me/videos").statusCode());
    assertEquals(
        401,
        anonymous
            .post("/api/metadata", "{\"videoKey\":\"AbCdEfGhIjK\",\"displayName\":\"x\"}")
            .statusCode());
    assertEquals(401, anonymous.delete("/api/videos/AbCdEfGhIjK").statusCode());
    ApiClient me = ApiClient.as(app, TestUsers.signUp(app));
    JsonNode tooBig =
        json(
            me.post(
                "/api/upload",
                uploadBody("a.mp4", "video/mp4", 10L * 1024 * 1024 * 1024 + 1, false)),
            413);
    assertEquals("sizeBytes", tooBig.get("field").asText());
    JsonNode wrongType =
        json(me.post("/api/upload", uploadBody("a.png", "image/png", 5, false)), 415);
    assertEquals("contentType", wrongType.get("field").asText());
    JsonNode traversal =
        json(me.post("/api/upload", uploadBody("../../etc/passwd", "video/mp4", 5, false)), 400);
    assertEquals("fileName", traversal.get("field").asText());
    JsonNode big =
        json(
            me.post("/api/upload", uploadBody("big.mp4", "video/mp4", 600L * 1024 * 1024, false)),
            201);
    assertEquals("multipart", big.get("upload").get("type").asText(), "over 512 MiB: multipart");
  }

  @Test
  void onlyTheOwnerEditsAndDeletes(TestApp app) throws Exception {
    ApiClient owner = ApiClient.as(app, TestUsers.signUp(app));
    ApiClient other = ApiClient.as(app, TestUsers.signUp(app));
    ApiClient anonymous = ApiClient.anonymous(app);
    String key =
        json(owner.post("/api/upload", uploadBody("mine.mp4", "video/mp4", 10, false)), 201)
            .get("videoKey")
            .asText();
    CatalogFixtures.markReady(app, key);
    S3Client s3 = app.app().infrastructure().s3();
    for (String object :
        List.of(
            "uploads/" + key + "/source",
            "videos/" + key + "/master.m3u8",
            "videos/" + key + "/hls/360p/init.mp4",
            "videos/" + key + "/download.mp4")) {
      s3.putObject(r -> r.bucket(BUCKET).key(object), RequestBody.fromString("x"));
    }
    String word = "own" + VideoKeys.generate().replaceAll("[^A-Za-z0-9]", "q").toLowerCase();
    assertEquals(
        403, other.patch("/api/videos/" + key, "{\"displayName\":\"hijacked\"}").statusCode());
    assertEquals(
        403,
        other
            .post("/api/metadata", "{\"videoKey\":\"" + key + "\",\"displayName\":\"hijacked\"}")
            .statusCode());
    assertEquals(
        401, anonymous.patch("/api/videos/" + key, "{\"displayName\":\"hijacked\"}").statusCode());
    JsonNode edited =
        json(
            owner.post(
                "/api/metadata",
                Json.write(
                    Map.of(
                        "videoKey",
                        key,
                        "displayName",
                        "Title " + word,
                        "description",
                        "About it",
                        "visibility",
                        "public"))),
            200);
    assertEquals("Title " + word, edited.get("displayName").asText());
    JsonNode patched =
        json(owner.patch("/api/videos/" + key, "{\"description\":\"New text\"}"), 200);
    assertEquals("New text", patched.get("description").asText());
    assertEquals("Title " + word, patched.get("displayName").asText());
    JsonNode listed = json(anonymous.get("/api/videos?q=" + word), 200);
    assertEquals(1, listed.size());
    JsonNode publicView = json(anonymous.get("/api/videos/" + key), 200);
    assertTrue(publicView.get("downloadUrl").asText().contains("download.mp4"));
    assertFalse(publicView.has("email"));
    // private: the owner only
    json(owner.patch("/api/videos/" + key, "{\"visibility\":\"private\"}"), 200);
    assertEquals(404, anonymous.get("/api/videos/" + key).statusCode());
    assertEquals(404, other.get("/api/videos/" + key).statusCode());
    assertEquals(404, other.patch("/api/videos/" + key, "{\"displayName\":\"x\"}").statusCode());
    assertEquals(404, other.delete("/api/videos/" + key).statusCode());
    assertEquals(0, json(anonymous.get("/api/videos?q=" + word), 200).size());
    assertEquals(key, json(owner.get("/api/videos/" + key), 200).get("videoKey").asText());
    // unlisted: by key, not in listings
    json(owner.patch("/api/videos/" + key, "{\"visibility\":\"unlisted\"}"), 200);
    assertEquals(200, anonymous.get("/api/videos/" + key).statusCode());
    assertEquals(0, json(anonymous.get("/api/videos?q=" + word), 200).size());
    assertEquals(403, other.delete("/api/videos/" + key).statusCode());
    assertEquals(204, owner.delete("/api/videos/" + key).statusCode());
    assertEquals(204, owner.delete("/api/videos/" + key).statusCode(), "idempotent");
    assertEquals(404, anonymous.get("/api/videos/" + key).statusCode());
    for (String prefix : List.of("uploads/" + key + "/", "videos/" + key + "/")) {
      assertTrue(
          s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix)).contents().isEmpty(), prefix);
    }
  }

  @Test
  void myVideosListEveryStateWithFailureReasons(TestApp app) throws Exception {
    ApiClient me = ApiClient.as(app, TestUsers.signUp(app));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      keys.add(
          json(me.post("/api/upload", uploadBody("v" + i + ".mp4", "video/mp4", 10, false)), 201)
              .get("videoKey")
              .asText());
    }
    CatalogFixtures.sql(
        app,
        "UPDATE videos SET state = 'FAILED', failure_reason = 'Not a video' WHERE videoKey = ?",
        keys.get(0));
    CatalogFixtures.markReady(app, keys.get(1));
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> r =
          me.get("/api/me/videos?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      for (JsonNode v : json(r, 200)) {
        seen.add(v.get("videoKey").asText());
        if (v.get("videoKey").asText().equals(keys.get(0))) {
          assertEquals("FAILED", v.get("state").asText());
          assertEquals("Not a video", v.get("failureReason").asText());
        }
      }
      cursor = r.headers().firstValue("X-Next-Cursor").orElse(null);
    } while (cursor != null);
    assertEquals(5, seen.size());
    assertTrue(seen.containsAll(keys));
    ApiClient other = ApiClient.as(app, TestUsers.signUp(app));
    assertEquals(0, json(other.get("/api/me/videos"), 200).size());
  }
}
