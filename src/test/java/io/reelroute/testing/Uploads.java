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
    return viaApi(app, api, file, null);
  }

  /** Uploads the file as video/mp4 with this visibility (null: the default, public); its key. */
  public static String viaApi(TestApp app, ApiClient api, Path file, String visibility)
      throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    Map<String, Object> request = new java.util.LinkedHashMap<>();
    request.put("fileName", file.getFileName().toString());
    request.put("contentType", "video/mp4");
    request.put("sizeBytes", bytes.length);
    if (visibility != null) {
      request.put("visibility", visibility);
    }
    JsonNode upload = json(api.post("/api/upload", request), 201);
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
