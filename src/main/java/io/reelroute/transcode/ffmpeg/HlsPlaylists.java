package io.reelroute.transcode.ffmpeg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading media playlists and writing the master playlist. ffmpeg 5.1's own master playlist lacks
 * AVERAGE-BANDWIDTH and FRAME-RATE and lists the audio group as a variant, so we write it from the
 * measured segment sizes.
 */
public final class HlsPlaylists {

  private HlsPlaylists() {}

  /** A media playlist: its init segment (fMP4) and its segments with durations. */
  public record MediaPlaylist(String initUri, List<Segment> segments, boolean ended) {

    public double durationSeconds() {
      return segments.stream().mapToDouble(Segment::durationSeconds).sum();
    }

    public double maxSegmentSeconds() {
      return segments.stream().mapToDouble(Segment::durationSeconds).max().orElse(0);
    }
  }

  public record Segment(String uri, double durationSeconds) {}

  /** Peak and average bit rate of one rendition, in bit/s. */
  public record Bitrate(long peak, long average) {

    public Bitrate plus(Bitrate other) {
      return new Bitrate(peak + other.peak, average + other.average);
    }
  }

  /** One variant of the master playlist. */
  public record Variant(
      String uri, int width, int height, Bitrate bitrate, String videoCodec, double frameRate) {}

  /** Parses a media playlist; throws {@link IllegalArgumentException} if it is not one. */
  public static MediaPlaylist parseMedia(String text) {
    List<String> lines = text.lines().map(String::strip).toList();
    if (lines.isEmpty() || !lines.get(0).equals("#EXTM3U")) {
      throw new IllegalArgumentException("not an M3U8 playlist");
    }
    String init = null;
    List<Segment> segments = new ArrayList<>();
    Double pending = null;
    boolean ended = false;
    for (String line : lines) {
      if (line.startsWith("#EXT-X-MAP:")) {
        init = attribute(line, "URI");
      } else if (line.startsWith("#EXTINF:")) {
        String value = line.substring("#EXTINF:".length());
        int comma = value.indexOf(',');
        pending = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
      } else if (line.equals("#EXT-X-ENDLIST")) {
        ended = true;
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        if (pending == null) {
          throw new IllegalArgumentException("segment " + line + " has no #EXTINF");
        }
        segments.add(new Segment(line, pending));
        pending = null;
      }
    }
    return new MediaPlaylist(init, List.copyOf(segments), ended);
  }

  /** The value of one attribute of an #EXT-X tag line (quotes removed), or null. */
  public static String attributeOf(String line, String name) {
    return attribute(line, name);
  }

  static String attribute(String line, String name) {
    int at = line.indexOf(name + "=");
    if (at < 0) {
      return null;
    }
    int start = at + name.length() + 1;
    if (start < line.length() && line.charAt(start) == '"') {
      int end = line.indexOf('"', start + 1);
      return line.substring(start + 1, end < 0 ? line.length() : end);
    }
    int end = line.indexOf(',', start);
    return line.substring(start, end < 0 ? line.length() : end);
  }

  /**
   * Bit rates from segment sizes: the peak is the largest segment's rate (the HLS spec's
   * BANDWIDTH), the average is total size over total duration. The init segment counts towards the
   * average only.
   */
  public static Bitrate bitrate(MediaPlaylist playlist, long[] segmentBytes, long initBytes) {
    if (segmentBytes.length != playlist.segments().size()) {
      throw new IllegalArgumentException("one size per segment");
    }
    double peak = 0;
    long total = initBytes;
    for (int i = 0; i < segmentBytes.length; i++) {
      double duration = Math.max(playlist.segments().get(i).durationSeconds(), 0.001);
      // a short last segment says little about the peak; count it at no less than 1 s
      double rate = segmentBytes[i] * 8 / Math.max(duration, Math.min(1.0, duration * 4));
      peak = Math.max(peak, rate);
      total += segmentBytes[i];
    }
    double duration = Math.max(playlist.durationSeconds(), 0.001);
    long average = Math.round(total * 8 / duration);
    return new Bitrate(Math.max(Math.round(peak), average), average);
  }

  /**
   * The master playlist: an optional shared audio rendition and one variant per rung, highest
   * first, each with BANDWIDTH, AVERAGE-BANDWIDTH, RESOLUTION, CODECS and FRAME-RATE.
   */
  public static String master(List<Variant> variants, String audioUri, String audioCodec) {
    StringBuilder m3u8 = new StringBuilder();
    m3u8.append("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    if (audioUri != null) {
      m3u8.append(
              "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,"
                  + "AUTOSELECT=YES,CHANNELS=\"2\",URI=\"")
          .append(audioUri)
          .append("\"\n");
    }
    for (Variant variant : variants) {
      String codecs =
          audioUri == null ? variant.videoCodec() : variant.videoCodec() + "," + audioCodec;
      m3u8.append("#EXT-X-STREAM-INF:BANDWIDTH=")
          .append(variant.bitrate().peak())
          .append(",AVERAGE-BANDWIDTH=")
          .append(variant.bitrate().average())
          .append(",RESOLUTION=")
          .append(variant.width())
          .append('x')
          .append(variant.height())
          .append(",CODECS=\"")
          .append(codecs)
          .append("\",FRAME-RATE=")
          .append(String.format(Locale.ROOT, "%.3f", variant.frameRate()));
      if (audioUri != null) {
        m3u8.append(",AUDIO=\"audio\"");
      }
      m3u8.append('\n').append(variant.uri()).append('\n');
    }
    return m3u8.toString();
  }

  /**
   * The RFC 6381 codec of an H.264 stream from its avcC box (in an fMP4 init segment or an MP4):
   * "avc1.PPCCLL". Returns the fallback if there is no avcC box.
   */
  public static String avcCodec(byte[] mp4, String fallback) {
    for (int i = 4; i + 8 < mp4.length; i++) {
      if (mp4[i] == 'a' && mp4[i + 1] == 'v' && mp4[i + 2] == 'c' && mp4[i + 3] == 'C') {
        int version = mp4[i + 4] & 0xff;
        if (version != 1) {
          continue;
        }
        return String.format(
            Locale.ROOT,
            "avc1.%02x%02x%02x",
            mp4[i + 5] & 0xff,
            mp4[i + 6] & 0xff,
            mp4[i + 7] & 0xff);
      }
    }
    return fallback;
  }

  /**
   * The RFC 6381 codec of an H.264 stream from an MPEG-TS segment: the first SPS NAL unit's
   * profile, constraints and level.
   */
  public static String avcCodecFromAnnexB(byte[] data, String fallback) {
    for (int i = 0; i + 6 < data.length; i++) {
      if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1f) == 7) {
        return String.format(
            Locale.ROOT,
            "avc1.%02x%02x%02x",
            data[i + 4] & 0xff,
            data[i + 5] & 0xff,
            data[i + 6] & 0xff);
      }
    }
    return fallback;
  }
}
