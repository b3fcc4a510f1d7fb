package io.reelroute.transcode.ffmpeg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** ffprobe's command and the parsing of its JSON output. */
public final class Probe {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Probe() {}

  /** The ffprobe command that prints format and streams as JSON. */
  public static List<String> command(String ffprobe, Path input) {
    return List.of(
        ffprobe,
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        input.toString());
  }

  /** Parses ffprobe's JSON; throws {@link IllegalArgumentException} if it is not that. */
  public static MediaInfo parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("ffprobe output is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("ffprobe output is not a JSON object");
    }
    JsonNode format = root.path("format");
    JsonNode video = null;
    JsonNode audio = null;
    for (JsonNode stream : root.path("streams")) {
      String type = stream.path("codec_type").asText("");
      boolean attachedPicture = stream.path("disposition").path("attached_pic").asInt(0) == 1;
      if (video == null && type.equals("video") && !attachedPicture) {
        video = stream;
      } else if (audio == null && type.equals("audio")) {
        audio = stream;
      }
    }
    double duration = number(format.path("duration").asText(""));
    if (duration <= 0 && video != null) {
      duration = number(video.path("duration").asText(""));
    }
    return new MediaInfo(
        format.path("format_name").asText(""),
        Math.max(duration, 0),
        (long) number(format.path("size").asText("0")),
        video != null,
        video == null ? null : video.path("codec_name").asText(""),
        video == null ? 0 : video.path("width").asInt(0),
        video == null ? 0 : video.path("height").asInt(0),
        video == null ? 0 : rotation(video),
        video == null ? 0 : rate(video.path("avg_frame_rate").asText("")),
        video == null ? 0 : rate(video.path("r_frame_rate").asText("")),
        audio != null,
        audio == null ? 0 : audio.path("channels").asInt(0),
        audio == null ? null : audio.path("codec_name").asText(""),
        video == null || !video.hasNonNull("pix_fmt") ? null : video.path("pix_fmt").asText());
  }

  /** Rotation from the display matrix side data, or the older "rotate" tag. */
  static int rotation(JsonNode video) {
    for (JsonNode side : video.path("side_data_list")) {
      if (side.has("rotation")) {
        return normalise(side.path("rotation").asInt(0));
      }
    }
    String tag = video.path("tags").path("rotate").asText("");
    if (!tag.isBlank()) {
      try {
        return normalise(Integer.parseInt(tag.strip()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private static int normalise(int degrees) {
    return Math.floorMod(degrees, 360);
  }

  /** "30000/1001" → 29.97; "0/0" or junk → 0. */
  static double rate(String fraction) {
    if (fraction == null || fraction.isBlank()) {
      return 0;
    }
    int slash = fraction.indexOf('/');
    if (slash < 0) {
      return number(fraction);
    }
    double num = number(fraction.substring(0, slash));
    double den = number(fraction.substring(slash + 1));
    return den <= 0 ? 0 : num / den;
  }

  private static double number(String text) {
    try {
      double value = Double.parseDouble(text.strip());
      return Double.isFinite(value) ? value : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
