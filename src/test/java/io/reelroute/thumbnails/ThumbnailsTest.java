package io.reelroute.thumbnails;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reelroute.common.ApiException;
import io.reelroute.transcode.ffmpeg.HlsPlaylists;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailsTest {

  private static byte[] png(int width, int height) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), "png", out);
    return out.toByteArray();
  }

  @Test
  void picturesAreReEncodedAsJpegInTheTranscodersSizes() throws Exception {
    Images.Rendered r = Images.render(Images.decode(png(1920, 1080)));
    BufferedImage poster = ImageIO.read(new ByteArrayInputStream(r.poster()));
    BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(r.thumbnail()));
    assertEquals(1280, poster.getWidth());
    assertEquals(720, poster.getHeight());
    assertEquals(320, thumb.getWidth());
    assertEquals(180, thumb.getHeight());
    assertEquals((byte) 0xFF, r.poster()[0]);
    assertEquals((byte) 0xD8, r.poster()[1]);
    // small pictures are never scaled up; sides stay even
    assertArrayEquals(new int[] {100, 50}, Images.fit(100, 50, 1280));
    assertArrayEquals(new int[] {320, 180}, Images.fit(1920, 1080, 320));
    assertArrayEquals(new int[] {180, 320}, Images.fit(1080, 1920, 320));
  }

  @Test
  void anythingButAModestJpegOrPngIsRefused() throws Exception {
    for (byte[] bad :
        List.of(
            new byte[0],
            "hello".getBytes(),
            "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes())) {
      ApiException e = assertThrows(ApiException.class, () -> Images.decode(bad));
      assertEquals("invalid-image", e.code());
      assertEquals(400, e.status());
    }
    ByteArrayOutputStream gif = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "gif", gif);
    assertEquals(
        "invalid-image",
        assertThrows(ApiException.class, () -> Images.decode(gif.toByteArray())).code());
    byte[] wide = png(Images.MAX_SIDE + 1, 1);
    assertEquals(
        "invalid-image", assertThrows(ApiException.class, () -> Images.decode(wide)).code());
    byte[] truncated = java.util.Arrays.copyOf(png(64, 64), 40);
    assertEquals(
        "invalid-image", assertThrows(ApiException.class, () -> Images.decode(truncated)).code());
    ApiException large =
        assertThrows(ApiException.class, () -> Images.decode(new byte[(int) Images.MAX_BYTES + 1]));
    assertEquals(413, large.status());
  }

  @Test
  void theFrameComesFromTheSegmentThatHoldsTheTime() {
    HlsPlaylists.MediaPlaylist playlist =
        HlsPlaylists.parseMedia(
            "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6.0,\nseg_00000.m4s\n"
                + "#EXTINF:6.0,\nseg_00001.m4s\n#EXTINF:2.5,\nseg_00002.m4s\n#EXT-X-ENDLIST\n");
    assertEquals(new FrameGrabber.Position(0, 1.0), FrameGrabber.locate(playlist, 1));
    assertEquals(new FrameGrabber.Position(1, 0.0), FrameGrabber.locate(playlist, 6));
    assertEquals(2, FrameGrabber.locate(playlist, 13).index());
    assertEquals(1.0, FrameGrabber.locate(playlist, 13).offset(), 1e-9);
    // the very end: a frame just before it
    assertEquals(2.45, FrameGrabber.locate(playlist, 14.5).offset(), 1e-9);
  }

  @Test
  void timesAreNonNegativeNumbers() {
    assertEquals(1.5, Thumbnails.seconds("1.5"));
    assertEquals(0, Thumbnails.seconds("0"));
    for (String bad : List.of("", "abc", "-1", "NaN", "Infinity", "1e400", "1".repeat(30))) {
      assertEquals(
          "time", assertThrows(ApiException.class, () -> Thumbnails.seconds(bad)).field(), bad);
    }
  }
}
