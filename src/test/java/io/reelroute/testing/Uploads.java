package io.reelroute.testing;

import static io.reelroute.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** An upload as the web UI makes it: POST /api/upload, then the presigned PUT to storage. */
public final class Uploads {

  private Uploads() {}

  /** Uploads the file as video/mp4; the video's key. */
  public static String viaApi(TestApp app, ApiClient api, Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    JsonNode upload =
        json(
            api.post(
                "/api/upload",
                Map.of(
                    "fileName",
                    file.getFileName().toString(),
                    "contentType",
                    "video/mp4",
                    "sizeBytes",
                    bytes.length)),
            201);
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
    assertEquals(200, app.send(put).statusCode(), "the presigned PUT");
    return upload.get("videoKey").asText();
  }
}
