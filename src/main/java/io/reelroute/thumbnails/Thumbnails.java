package io.reelroute.thumbnails;

import io.reelroute.auth.Caller;
import io.reelroute.catalog.CatalogService;
import io.reelroute.catalog.Input;
import io.reelroute.catalog.Owner;
import io.reelroute.common.ApiException;
import io.reelroute.common.Replies;
import io.reelroute.video.VideoKeys;
import io.reelroute.video.VideoState;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * The thumbnail route's bean (routes/thumbnails.camel.yaml): PUT /api/videos/{videoKey}/thumbnail,
 * by the video's owner only, either {@code ?time=<seconds>} (a frame of the highest rung) or a
 * JPEG/PNG body (decoded and re-encoded, {@link Images}). Leaves the two objects to publish
 * (poster.jpg and thumbnail.jpg, where the transcoder put them and where cards and the player
 * already look) as the body; the route writes them to the bucket.
 */
public final class Thumbnails {

  /** One object to write: key and JPEG bytes. */
  public record Output(String key, byte[] bytes) {}

  static final String VIDEO = "thumbnailVideo";

  private final DataSource dataSource;
  private final CatalogService catalog;
  private final FrameGrabber frames;

  Thumbnails(DataSource dataSource, CatalogService catalog, FrameGrabber frames) {
    this.dataSource = dataSource;
    this.catalog = catalog;
    this.frames = frames;
  }

  /** The caller must own the video (404 when they cannot see it, 403 when they only can). */
  public void authorize(Exchange exchange) throws SQLException {
    Caller caller = Replies.caller(exchange);
    String videoKey = Input.videoKey(exchange.getIn().getHeader("videoKey", String.class));
    Map<String, Object> video = catalog.ownerView(new Owner(caller.id(), caller.email()), videoKey);
    if (!VideoState.READY.name().equals(video.get("state"))) {
      throw new ApiException(
          409, "video-not-ready", "The video is not ready yet", "videoKey", null);
    }
    exchange.setProperty(VIDEO, videoKey);
  }

  /** The poster and the thumbnail to publish, from the frame or the uploaded picture. */
  public List<Output> render(Exchange exchange) throws Exception {
    String videoKey = exchange.getProperty(VIDEO, String.class);
    String time = Replies.query(exchange, "time");
    byte[] body = exchange.getIn().getBody(byte[].class);
    boolean hasBody = body != null && body.length > 0;
    BufferedImage picture;
    if (time != null) {
      if (hasBody) {
        throw ApiException.invalidField("time", "Give either ?time= or an image body, not both");
      }
      picture = frame(videoKey, seconds(time));
    } else if (hasBody) {
      picture = Images.decode(body);
    } else {
      throw ApiException.invalidField(
          "time", "Give ?time=<seconds> to pick a frame, or a JPEG or PNG image as the body");
    }
    Images.Rendered rendered = Images.render(picture);
    String prefix = VideoKeys.outputPrefix(videoKey);
    return List.of(
        new Output(prefix + "poster.jpg", rendered.poster()),
        new Output(prefix + "thumbnail.jpg", rendered.thumbnail()));
  }

  /** Published: the cached views forget the old URLs; the answer is the video's new URLs. */
  public void done(Exchange exchange) throws SQLException {
    String videoKey = exchange.getProperty(VIDEO, String.class);
    catalog.invalidate(videoKey);
    Caller caller = Replies.caller(exchange);
    Map<String, Object> video = catalog.ownerView(new Owner(caller.id(), caller.email()), videoKey);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("videoKey", videoKey);
    out.put("thumbnailUrl", video.get("thumbnailUrl"));
    out.put("posterUrl", video.get("posterUrl"));
    Replies.json(exchange, 200, out);
  }

  static double seconds(String raw) {
    double value;
    try {
      if (raw.length() > 20) {
        throw new NumberFormatException();
      }
      value = Double.parseDouble(raw.strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalidField("time", "time must be a number of seconds");
    }
    if (!Double.isFinite(value) || value < 0) {
      throw ApiException.invalidField("time", "time must be a number of seconds, 0 or more");
    }
    return value;
  }

  private BufferedImage frame(String videoKey, double seconds) throws Exception {
    String playlist = highestRung(videoKey);
    if (playlist == null) {
      throw new ApiException(
          409,
          "video-not-ready",
          "The video has no rendition to take a frame from",
          "videoKey",
          null);
    }
    byte[] png = frames.grab(playlist, seconds);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    if (image == null) {
      throw new IOException("ffmpeg wrote a frame that could not be read");
    }
    return image;
  }

  /** The media playlist key of the video's highest HLS rung. */
  private String highestRung(String videoKey) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT object_key FROM renditions WHERE videoKey = ? AND kind = 'HLS'"
                    + " ORDER BY height DESC, width DESC LIMIT 1")) {
      s.setString(1, videoKey);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }
}
