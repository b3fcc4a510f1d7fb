package io.reelroute.thumbnails;

import static io.reelroute.testing.ApiClient.json;
import static io.reelroute.testing.ApiClient.problem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.RawHttp;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import io.reelroute.testing.Viewers;
import io.reelroute.video.VideoKeys;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Custom thumbnails on the real stack: a frame of the highest rung, an uploaded picture. */
@IntegrationTest
class ThumbnailIT {

  private static HttpResponse<String> put(
      TestApp app, TestUsers.Session who, String key, String query, String type, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    app.baseUrl()
                        + "/api/videos/"
                        + key
                        + "/thumbnail"
                        + (query == null ? "" : "?" + query)))
            .PUT(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    if (who != null) {
      request.header("Authorization", who.bearer());
    }
    return app.send(request);
  }

  private static byte[] object(TestApp app, String key) {
    return app.app()
        .infrastructure()
        .s3()
        .getObjectAsBytes(r -> r.bucket(app.app().settings().get("reelroute.s3.bucket")).key(key))
        .asByteArray();
  }

  private static byte[] image(String format, int width, int height, Color color) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    var g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    if (format.equals("jpeg")) {
      BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      rgb.getGraphics().drawImage(image, 0, 0, null);
      image = rgb;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  @Test
  void theOwnerPicksAFrameOrUploadsAPicture(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    TestUsers.Session other = TestUsers.signUp(app);
    String key = Viewers.uploaded(app, owner, "thumb.mp4");
    String prefix = VideoKeys.outputPrefix(key);
    byte[] poster = object(app, prefix + "poster.jpg");
    byte[] thumbnail = object(app, prefix + "thumbnail.jpg");

    // a frame at 1 s of the highest rung
    long started = System.nanoTime();
    HttpResponse<String> framed = put(app, owner, key, "time=1", null, null);
    System.out.printf(
        "ThumbnailIT: PUT ?time=1 answered %d in %d ms%n",
        framed.statusCode(), (System.nanoTime() - started) / 1_000_000);
    JsonNode answer = json(framed, 200);
    assertTrue(answer.get("posterUrl").asText().contains("poster.jpg"), answer.toString());
    byte[] framePoster = object(app, prefix + "poster.jpg");
    assertFalse(Arrays.equals(poster, framePoster), "the poster was replaced");
    assertFalse(Arrays.equals(thumbnail, object(app, prefix + "thumbnail.jpg")));
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(framePoster));
    assertEquals(320, decoded.getWidth()); // the highest rung of a 320x240 source
    assertEquals(240, decoded.getHeight());
    // the video's public view and the catalog cards point at it
    JsonNode view = json(ApiClient.anonymous(app).get("/api/videos/" + key), 200);
    HttpResponse<byte[]> served =
        TestApp.http()
            .send(
                HttpRequest.newBuilder(URI.create(view.get("posterUrl").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, served.statusCode());
    assertArrayEquals(framePoster, served.body());

    // an uploaded PNG: decoded, re-encoded as JPEG, never stored as uploaded
    byte[] png = image("png", 1600, 900, new Color(200, 30, 30, 128));
    json(put(app, owner, key, null, "image/png", png), 200);
    byte[] stored = object(app, prefix + "poster.jpg");
    assertEquals((byte) 0xFF, stored[0]);
    assertEquals((byte) 0xD8, stored[1]);
    BufferedImage big = ImageIO.read(new ByteArrayInputStream(stored));
    assertEquals(1280, big.getWidth());
    assertEquals(720, big.getHeight());
    BufferedImage card =
        ImageIO.read(new ByteArrayInputStream(object(app, prefix + "thumbnail.jpg")));
    assertEquals(320, card.getWidth());
    assertEquals(180, card.getHeight());
    // a JPEG too
    json(put(app, owner, key, null, "image/jpeg", image("jpeg", 640, 360, Color.BLUE)), 200);

    // refusals: bad images, bad times, too large, not the owner
    problem(put(app, owner, key, null, "image/png", "not an image".getBytes()), 400, "body");
    assertEquals(
        "invalid-image",
        json(put(app, owner, key, null, "image/png", "<svg/>".getBytes()), 400)
            .get("code")
            .asText());
    byte[] gif = image("gif", 10, 10, Color.RED);
    problem(put(app, owner, key, null, "image/gif", gif), 400, "body");
    // a small file that claims a huge picture
    byte[] bomb = image("png", 9000, 1, Color.RED);
    problem(put(app, owner, key, null, "image/png", bomb), 400, "body");
    problem(put(app, owner, key, null, null, null), 400, "time");
    problem(put(app, owner, key, "time=abc", null, null), 400, "time");
    problem(put(app, owner, key, "time=-1", null, null), 400, "time");
    problem(put(app, owner, key, "time=NaN", null, null), 400, "time");
    problem(put(app, owner, key, "time=3600", null, null), 400, "time");
    problem(put(app, owner, key, "time=1", "image/png", png), 400, "time");
    byte[] head =
        ("PUT /api/videos/"
                + key
                + "/thumbnail HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                + "Content-Length: "
                + (2 * 1024 * 1024 + 1)
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    RawHttp.Response large = RawHttp.send(app.baseUrl(), head, 10_000);
    assertEquals(413, large.status(), large.head());
    assertTrue(large.body().contains("\"code\":\"image-too-large\""), large.body());
    problem(put(app, other, key, "time=1", null, null), 403, "videoKey");
    problem(put(app, null, key, "time=1", null, null), 401, null);
    problem(put(app, owner, "AAAAAAAAAAA", "time=1", null, null), 404, "videoKey");
    // another user's private video: 404 as if unknown
    json(
        ApiClient.as(app, owner)
            .patch("/api/videos/" + key, java.util.Map.of("visibility", "private")),
        200);
    problem(put(app, other, key, null, "image/png", png), 404, "videoKey");
    // nothing the refused requests sent was stored
    assertFalse(Arrays.equals(png, object(app, prefix + "poster.jpg")));
    BufferedImage last = ImageIO.read(new ByteArrayInputStream(object(app, prefix + "poster.jpg")));
    assertEquals(640, last.getWidth());
  }

  @Test
  void aVideoThatIsNotReadyHasNoThumbnailToPick(TestApp app) throws Exception {
    TestUsers.Session owner = TestUsers.signUp(app);
    String key = Viewers.row(app, owner, "Processing", "PUBLIC");
    Viewers.sql(
        app, "UPDATE videos SET state = 'PROCESSING', isTranscoded = 0 WHERE videoKey = ?", key);
    problem(put(app, owner, key, "time=1", null, null), 409, "videoKey");
  }
}
