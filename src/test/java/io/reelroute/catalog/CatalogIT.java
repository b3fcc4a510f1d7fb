package io.reelroute.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.video.VideoKeys;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Listing, search, pagination, visibility, delete and housekeeping; public reads through HTTP,
 * writes through the services (the HTTP writes with real sign-ins are in CatalogHttpIT).
 */
@IntegrationTest
class CatalogIT {

  private static String token() {
    return "tok" + VideoKeys.generate().replaceAll("[^A-Za-z0-9]", "x").toLowerCase();
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    return Json.MAPPER.readTree(response.body());
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void emptySearchAnswersAnEmptyList(TestApp app) throws Exception {
    HttpResponse<String> r = app.get("/api/videos?q=" + token());
    JsonNode body = json(r, 200);
    assertTrue(body.isArray() && body.isEmpty(), r.body());
    assertTrue(r.headers().firstValue("X-Next-Cursor").isEmpty());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void searchMatchesTitleAndDescriptionPrefixes(TestApp app) throws Exception {
    Owner owner = CatalogFixtures.userRow(app, "Sam");
    String word = token();
    String inTitle =
        CatalogFixtures.seedReady(app, owner, "Sunset " + word, "at the beach", "PUBLIC");
    String inText =
        CatalogFixtures.seedReady(app, owner, "Mountains", "a hike, " + word + " indeed", "PUBLIC");
    CatalogFixtures.seedReady(app, owner, "Private " + word, null, "PRIVATE");
    CatalogFixtures.seedReady(app, owner, "Unlisted " + word, null, "UNLISTED");
    JsonNode all = json(app.get("/api/videos?q=" + word), 200);
    Set<String> keys = new HashSet<>();
    all.forEach(v -> keys.add(v.get("videoKey").asText()));
    assertEquals(Set.of(inTitle, inText), keys, all.toString());
    JsonNode prefix = json(app.get("/api/videos?q=" + word.substring(0, 8)), 200);
    assertTrue(prefix.size() >= 2, prefix.toString());
    JsonNode both = json(app.get("/api/videos?q=" + q("sunset " + word)), 200);
    assertEquals(1, both.size(), both.toString());
    assertEquals(inTitle, both.get(0).get("videoKey").asText());
    JsonNode item = both.get(0);
    assertEquals("Sam", item.get("ownerName").asText());
    assertTrue(item.get("thumbnailUrl").asText().contains("videos/" + inTitle + "/thumbnail.jpg"));
    assertTrue(item.get("uploadTime").asText().endsWith("Z"));
    assertFalse(item.has("email"), "no emails in public listings");
    // operators and SQL metacharacters are only text
    for (String nasty :
        List.of("'; DROP TABLE videos; --", "\" OR 1=1 --", "+-><()~*\"@", "%", "\\", "a*b")) {
      assertEquals(200, app.get("/api/videos?q=" + q(nasty)).statusCode(), nasty);
    }
  }

  @Test
  void paginationHasNoDuplicatesOrGapsUnderConcurrentInserts(TestApp app) throws Exception {
    Owner owner = CatalogFixtures.userRow(app, "Pat");
    String word = token();
    Set<String> before = new HashSet<>();
    for (int i = 0; i < 45; i++) {
      before.add(CatalogFixtures.seedReady(app, owner, "Clip " + i, "series " + word, "PUBLIC"));
    }
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> writer =
        CompletableFuture.supplyAsync(
            () -> {
              int n = 0;
              try {
                while (!stop.get() && n < 40) {
                  CatalogFixtures.seedReady(app, owner, "Late " + n, "series " + word, "PUBLIC");
                  n++;
                  Thread.sleep(15);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              return n;
            });
    for (String query : List.of("?q=" + word + "&limit=7", "?limit=9")) {
      List<String> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        HttpResponse<String> r =
            app.get("/api/videos" + query + (cursor == null ? "" : "&cursor=" + cursor));
        JsonNode page = json(r, 200);
        page.forEach(v -> seen.add(v.get("videoKey").asText()));
        cursor = r.headers().firstValue("X-Next-Cursor").orElse(null);
        if (cursor != null) {
          assertTrue(r.headers().firstValue("Link").orElse("").contains("rel=\"next\""));
        }
        pages++;
      } while (cursor != null && pages < 10_000);
      assertEquals(seen.size(), new HashSet<>(seen).size(), "no duplicates: " + query);
      assertTrue(seen.containsAll(before), "no gaps: " + query);
    }
    stop.set(true);
    assertTrue(writer.get() > 0);
  }

  @Test
  void visibilityRules(TestApp app) throws Exception {
    Owner owner = CatalogFixtures.userRow(app, "Vi");
    Owner other = CatalogFixtures.userRow(app, "Oz");
    String word = token();
    String unlisted = CatalogFixtures.seedReady(app, owner, "U " + word, null, "UNLISTED");
    String hidden = CatalogFixtures.seedReady(app, owner, "P " + word, null, "PRIVATE");
    assertEquals(0, json(app.get("/api/videos?q=" + word), 200).size());
    JsonNode byKey = json(app.get("/api/videos/" + unlisted), 200);
    assertEquals("unlisted", byKey.get("visibility").asText());
    assertFalse(byKey.has("email"));
    assertEquals(404, app.get("/api/videos/" + hidden).statusCode());
    assertEquals(404, app.get("/api/videos/" + VideoKeys.generate()).statusCode());
    CatalogService catalog = CatalogFixtures.bean(app, "catalogService", CatalogService.class);
    assertEquals(
        hidden, Json.MAPPER.readTree(catalog.view(owner, hidden)).get("videoKey").asText());
    assertEquals(404, assertThrows(ApiException.class, () -> catalog.view(other, hidden)).status());
    // others may not edit: 404 for what they cannot see, 403 for what they can
    String edit = "{\"displayName\":\"mine now\"}";
    assertEquals(
        404, assertThrows(ApiException.class, () -> catalog.patch(other, hidden, edit)).status());
    ApiException forbidden =
        assertThrows(ApiException.class, () -> catalog.patch(other, unlisted, edit));
    assertEquals(403, forbidden.status());
    assertEquals(
        403, assertThrows(ApiException.class, () -> catalog.delete(other, unlisted)).status());
    // the owner makes it public: listed at once in this process
    catalog.patch(
        owner, hidden, "{\"visibility\":\"public\",\"displayName\":\"Now public " + word + "\"}");
    JsonNode listed = json(app.get("/api/videos?q=" + word), 200);
    assertEquals(1, listed.size(), listed.toString());
    assertEquals("Now public " + word, listed.get(0).get("displayName").asText());
  }

  @Test
  void readyVideoCarriesAWorkingDownloadUrl(TestApp app) throws Exception {
    Owner owner = CatalogFixtures.userRow(app, "Dee");
    String key = CatalogFixtures.seedReady(app, owner, "Download me", null, "PUBLIC");
    S3Client s3 = app.app().infrastructure().s3();
    s3.putObject(
        r -> r.bucket("reelroute").key("videos/" + key + "/download.mp4"),
        RequestBody.fromString("mp4 bytes"));
    JsonNode video = json(app.get("/api/videos/" + key), 200);
    assertEquals("READY", video.get("state").asText());
    assertTrue(video.get("isTranscoded").asBoolean());
    String url = video.get("downloadUrl").asText();
    assertTrue(url.contains("X-Amz-Expires=3600"), url);
    HttpResponse<String> download =
        TestApp.http()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, download.statusCode());
    assertEquals("mp4 bytes", download.body());
  }

  @Test
  void deleteRemovesRowAndEveryObjectAndIsIdempotent(TestApp app) throws Exception {
    Owner owner = CatalogFixtures.userRow(app, "Del");
    String key = CatalogFixtures.seedReady(app, owner, "Gone soon", null, "PUBLIC");
    S3Client s3 = app.app().infrastructure().s3();
    for (String object :
        List.of(
            "uploads/" + key + "/source",
            "videos/" + key + "/master.m3u8",
            "videos/" + key + "/hls/720p/seg1.m4s",
            "videos/" + key + "/download.mp4")) {
      s3.putObject(r -> r.bucket("reelroute").key(object), RequestBody.fromString("x"));
    }
    String neighbour = CatalogFixtures.seedReady(app, owner, "Stays", null, "PUBLIC");
    s3.putObject(
        r -> r.bucket("reelroute").key("videos/" + neighbour + "/master.m3u8"),
        RequestBody.fromString("x"));
    CatalogService catalog = CatalogFixtures.bean(app, "catalogService", CatalogService.class);
    catalog.delete(owner, key);
    assertNull(CatalogFixtures.state(app, key));
    for (String prefix : List.of("uploads/" + key + "/", "videos/" + key + "/")) {
      assertEquals(
          0, s3.listObjectsV2(r -> r.bucket("reelroute").prefix(prefix)).contents().size(), prefix);
    }
    assertEquals(
        1,
        s3.listObjectsV2(r -> r.bucket("reelroute").prefix("videos/" + neighbour + "/"))
            .contents()
            .size());
    catalog.delete(owner, key); // again: nothing to do, no error
    assertEquals(404, app.get("/api/videos/" + key).statusCode());
  }

  @Test
  void sweeperExpiresUploadsThatNeverArrived(TestApp app) throws Exception {
    UploadService uploads = CatalogFixtures.bean(app, "uploadService", UploadService.class);
    Owner owner = CatalogFixtures.userRow(app, "Swe");
    String multipart =
        Json.MAPPER
            .readTree(
                Json.write(
                    uploads.create(
                        owner,
                        "{\"fileName\":\"a.mp4\",\"contentType\":\"video/mp4\",\"sizeBytes\":20000000,"
                            + "\"multipart\":true}")))
            .get("videoKey")
            .asText();
    String arrived =
        Json.MAPPER
            .readTree(
                Json.write(
                    uploads.create(
                        owner,
                        "{\"fileName\":\"b.mp4\",\"contentType\":\"video/mp4\",\"sizeBytes\":1}")))
            .get("videoKey")
            .asText();
    String fresh =
        Json.MAPPER
            .readTree(
                Json.write(
                    uploads.create(
                        owner,
                        "{\"fileName\":\"c.mp4\",\"contentType\":\"video/mp4\",\"sizeBytes\":1}")))
            .get("videoKey")
            .asText();
    S3Client s3 = app.app().infrastructure().s3();
    s3.putObject(
        r -> r.bucket("reelroute").key("uploads/" + arrived + "/source"),
        RequestBody.fromString("x"));
    String uploadId =
        s3.listMultipartUploads(r -> r.bucket("reelroute").prefix("uploads/" + multipart + "/"))
            .uploads()
            .get(0)
            .uploadId();
    assertNotNull(uploadId);
    for (String key : List.of(multipart, arrived)) {
      CatalogFixtures.sql(
          app, "UPDATE videos SET uploadTime = NOW() - INTERVAL 3 DAY WHERE videoKey = ?", key);
    }
    // the timer's next run is minutes away: run the housekeeping route's steps now
    var context = app.app().camelContext();
    org.apache.camel.builder.AdviceWith.adviceWith(
        context, "upload-sweeper", a -> a.replaceFromWith("direct:upload-sweeper-now"));
    context.createFluentProducerTemplate().to("direct:upload-sweeper-now").send();
    assertEquals("EXPIRED", CatalogFixtures.state(app, multipart));
    // arrived: left alone (the upload-events flow may already have taken it further); fresh: young
    assertNotEquals("EXPIRED", CatalogFixtures.state(app, arrived));
    assertEquals("AWAITING_UPLOAD", CatalogFixtures.state(app, fresh));
    assertTrue(
        s3.listMultipartUploads(r -> r.bucket("reelroute").prefix("uploads/" + multipart + "/"))
            .uploads()
            .isEmpty());
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(1),
            () -> app.app().camelContext().getRoute("upload-sweeper") != null));
  }

  @Test
  void limitsAreCheckedBeforeAnyUrl(TestApp app) throws Exception {
    UploadService uploads = CatalogFixtures.bean(app, "uploadService", UploadService.class);
    Owner owner = CatalogFixtures.userRow(app, "Lim");
    ApiException big =
        assertThrows(
            ApiException.class,
            () ->
                uploads.create(
                    owner,
                    "{\"fileName\":\"a.mp4\",\"contentType\":\"video/mp4\",\"sizeBytes\":"
                        + (10L * 1024 * 1024 * 1024 + 1)
                        + "}"));
    assertEquals(413, big.status());
    ApiException type =
        assertThrows(
            ApiException.class,
            () ->
                uploads.create(
                    owner,
                    "{\"fileName\":\"a.exe\",\"contentType\":\"application/x-msdownload\",\"sizeBytes\":5}"));
    assertEquals(415, type.status());
    assertEquals("contentType", type.field());
    JsonNode large =
        Json.MAPPER.readTree(
            Json.write(
                uploads.create(
                    owner,
                    "{\"fileName\":\"a.mov\",\"contentType\":\"video/quicktime\",\"sizeBytes\":"
                        + (600L * 1024 * 1024)
                        + "}")));
    assertEquals("multipart", large.get("upload").get("type").asText(), "over 512 MiB: multipart");
    assertEquals(75, large.get("upload").get("partCount").asInt());
    assertEquals(75, large.get("upload").get("parts").size());
  }
}
