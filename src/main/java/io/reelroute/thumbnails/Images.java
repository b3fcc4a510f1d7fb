package io.reelroute.thumbnails;

import io.reelroute.common.ApiException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Decoding and re-encoding of thumbnail images (pure, no I/O beyond memory): a JPEG or PNG is
 * decoded (its size checked from the header first, so a small file that claims a huge picture is
 * refused before any pixel is allocated), drawn onto an opaque canvas and written as a new JPEG:
 * the poster (fits 1280) and the card thumbnail (fits 320), as the transcoder makes them. What was
 * uploaded is never stored or served as is.
 */
public final class Images {

  /** The largest image body accepted (2 MiB); BodyLimits refuses larger ones before reading. */
  public static final long MAX_BYTES = 2L * 1024 * 1024;

  /** The largest picture decoded: 8192 pixels a side, 40 megapixels. */
  static final int MAX_SIDE = 8192;

  static final long MAX_PIXELS = 40_000_000L;
  static final int POSTER_BOX = 1280;
  static final int THUMBNAIL_BOX = 320;

  /** A poster and a thumbnail, both JPEG. */
  public record Rendered(byte[] poster, byte[] thumbnail, int width, int height) {}

  private Images() {}

  /** Decodes a JPEG or PNG; 400 invalid-image for anything else, broken or too large. */
  public static BufferedImage decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw invalid("The body is empty");
    }
    if (bytes.length > MAX_BYTES) {
      throw new ApiException(
          413, "image-too-large", "A thumbnail image may have at most 2048 KiB", "body", null);
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (in == null || !readers.hasNext()) {
        throw invalid("The body is not a JPEG or PNG image");
      }
      ImageReader reader = readers.next();
      try {
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        if (!format.equals("jpeg") && !format.equals("png")) {
          throw invalid("The body is not a JPEG or PNG image");
        }
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width < 1
            || height < 1
            || width > MAX_SIDE
            || height > MAX_SIDE
            || (long) width * height > MAX_PIXELS) {
          throw invalid("The image must be at most " + MAX_SIDE + " pixels a side");
        }
        BufferedImage image = reader.read(0);
        if (image == null) {
          throw invalid("The image could not be decoded");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      throw invalid("The image could not be decoded");
    }
  }

  /** The poster and thumbnail of a picture (never scaled up). */
  public static Rendered render(BufferedImage source) {
    int[] poster = fit(source.getWidth(), source.getHeight(), POSTER_BOX);
    int[] thumb = fit(source.getWidth(), source.getHeight(), THUMBNAIL_BOX);
    return new Rendered(
        jpeg(scale(source, poster[0], poster[1]), 0.85f),
        jpeg(scale(source, thumb[0], thumb[1]), 0.80f),
        poster[0],
        poster[1]);
  }

  /** Scales a size down (never up) to fit a square box, keeping the aspect and even sides. */
  static int[] fit(int width, int height, int box) {
    double scale = Math.min(1.0, (double) box / Math.max(width, height));
    return new int[] {even(width * scale), even(height * scale)};
  }

  private static int even(double value) {
    return Math.max(2, 2 * (int) Math.round(value / 2));
  }

  private static BufferedImage scale(BufferedImage source, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setColor(Color.BLACK); // transparent pixels of a PNG become black, as in a video
      g.fillRect(0, 0, width, height);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  static byte[] jpeg(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new IllegalStateException("JPEG encoding failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static ApiException invalid(String detail) {
    return new ApiException(400, "invalid-image", detail, "body", null);
  }
}
