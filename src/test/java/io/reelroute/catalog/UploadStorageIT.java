package io.reelroute.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;

/** The upload service against the real embedded S3: presigned PUTs and multipart. */
@IntegrationTest
class UploadStorageIT {

  private static JsonNode tree(Object value) throws Exception {
    return Json.MAPPER.readTree(Json.write(value));
  }

  private static Map<String, String> headers(JsonNode node) {
    return Json.MAPPER.convertValue(node, Map.class);
  }

  @Test
  void singlePutIsBoundToKeyTypeAndLength(TestApp app) throws Exception {
    UploadService uploads = CatalogFixtures.bean(app, "uploadService", UploadService.class);
    Owner owner = CatalogFixtures.userRow(app, "Uma");
    byte[] bytes = new byte[100_000];
    new Random(1).nextBytes(bytes);
    JsonNode created =
        tree(
            uploads.create(
                owner,
                "{\"fileName\":\"clip.mp4\",\"contentType\":\"video/mp4\",\"sizeBytes\":100000}"));
    String key = created.get("videoKey").asText();
    JsonNode upload = created.get("upload");
    assertEquals("single", upload.get("type").asText());
    String url = upload.get("url").asText();
    assertTrue(url.contains("uploads/" + key + "/source"), url);
    assertTrue(url.toLowerCase().contains("content-length"), "length is signed: " + url);

    // wrong type, wrong length: refused by S3
    assertEquals(
        403, CatalogFixtures.refusedPutStatus(url, Map.of("Content-Type", "video/webm"), bytes));
    assertEquals(
        403,
        CatalogFixtures.refusedPutStatus(url, headers(upload.get("headers")), new byte[99_999]));
    ApiException missing =
        assertThrows(ApiException.class, () -> uploads.complete(owner, key, null));
    assertEquals(409, missing.status());

    HttpResponse<String> ok = CatalogFixtures.put(url, headers(upload.get("headers")), bytes);
    assertEquals(200, ok.statusCode(), ok.body());
    JsonNode done = tree(uploads.complete(owner, key, ""));
    assertEquals(key, done.get("videoKey").asText());
    byte[] stored =
        app.app()
            .infrastructure()
            .s3()
            .getObject(
                r -> r.bucket("reelroute").key("uploads/" + key + "/source"),
                ResponseTransformer.toBytes())
            .asByteArray();
    assertTrue(java.util.Arrays.equals(bytes, stored));
  }

  @Test
  void multipartResumesWithFreshPartUrls(TestApp app) throws Exception {
    UploadService uploads = CatalogFixtures.bean(app, "uploadService", UploadService.class);
    Owner owner = CatalogFixtures.userRow(app, "Mo");
    int size = 36 * 1024 * 1024 + 123;
    byte[] bytes = new byte[size];
    new Random(2).nextBytes(bytes);
    JsonNode created =
        tree(
            uploads.create(
                owner,
                "{\"fileName\":\"big.mkv\",\"contentType\":\"video/x-matroska\",\"sizeBytes\":"
                    + size
                    + ",\"multipart\":true}"));
    String key = created.get("videoKey").asText();
    JsonNode upload = created.get("upload");
    assertEquals("multipart", upload.get("type").asText());
    int partSize = upload.get("partSizeBytes").asInt();
    int count = upload.get("partCount").asInt();
    assertTrue(partSize >= 5 * 1024 * 1024 && count >= 5, upload.toString());
    List<String> etags = new ArrayList<>();
    // two parts, then the connection "drops"
    for (int n = 1; n <= 2; n++) {
      etags.add(putPart(upload.get("parts").get(n - 1), bytes, partSize, n));
    }
    // resume: fresh URLs for the missing parts only
    JsonNode resumed = tree(uploads.parts(owner, key, ""));
    assertEquals(2, resumed.get("uploadedParts").size(), resumed.toString());
    assertEquals(3, resumed.get("parts").get(0).get("partNumber").asInt());
    for (JsonNode part : resumed.get("parts")) {
      etags.add(putPart(part, bytes, partSize, part.get("partNumber").asInt()));
    }
    StringBuilder parts = new StringBuilder("{\"parts\":[");
    for (int n = 1; n <= count; n++) {
      parts
          .append(n == 1 ? "" : ",")
          .append("{\"partNumber\":")
          .append(n)
          .append(",\"etag\":")
          .append(Json.write(etags.get(n - 1)))
          .append('}');
    }
    parts.append("]}");
    uploads.complete(owner, key, parts.toString());
    long stored =
        app.app()
            .infrastructure()
            .s3()
            .headObject(r -> r.bucket("reelroute").key("uploads/" + key + "/source"))
            .contentLength();
    assertEquals(size, stored);
  }

  private static String putPart(JsonNode part, byte[] bytes, int partSize, int n) {
    int from = (n - 1) * partSize;
    int to = Math.min(bytes.length, from + partSize);
    HttpResponse<String> r =
        CatalogFixtures.put(
            part.get("url").asText(), Map.of(), java.util.Arrays.copyOfRange(bytes, from, to));
    assertEquals(200, r.statusCode(), r.body());
    return r.headers().firstValue("ETag").orElseThrow();
  }
}
