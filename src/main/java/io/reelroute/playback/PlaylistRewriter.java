package io.reelroute.playback;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an HLS playlist (or a storyboard WebVTT) as stored in the bucket into a template whose
 * references are resolved to object keys once, so that each request only fills in signed URLs.
 * References to other playlists (.m3u8) go back through the API (with the viewer's playback token);
 * every other reference (segments, init segments, sprites, keys) becomes a presigned S3 URL. A
 * playlist with a reference that leaves the video's own prefix, or an absolute URL, is refused.
 */
public final class PlaylistRewriter {

  /** A piece of a parsed playlist. */
  public sealed interface Part {}

  /** Text copied as is. */
  public record Text(String text) implements Part {}

  /** Another playlist, by its path relative to the video's prefix (e.g. hls/720p/index.m3u8). */
  public record PlaylistRef(String relativePath) implements Part {}

  /** An object to presign, by its full key. */
  public record ObjectRef(String key) implements Part {}

  /** A parsed playlist: parts in order. */
  public record Template(List<Part> parts) {

    public boolean hasPlaylistRefs() {
      return parts.stream().anyMatch(p -> p instanceof PlaylistRef);
    }

    /** Fills in the references: cheap string work plus whatever the two functions cost. */
    public String render(Function<String, String> playlistUrl, Function<String, String> objectUrl) {
      StringBuilder out = new StringBuilder(parts.size() * 64);
      for (Part part : parts) {
        if (part instanceof Text text) {
          out.append(text.text());
        } else if (part instanceof PlaylistRef ref) {
          out.append(playlistUrl.apply(ref.relativePath()));
        } else if (part instanceof ObjectRef ref) {
          out.append(objectUrl.apply(ref.key()));
        }
      }
      return out.toString();
    }
  }

  private static final Pattern URI_ATTR = Pattern.compile("URI=\"([^\"]*)\"");
  private static final Pattern VTT_IMAGE = Pattern.compile("^(\\S+?)(#xywh=[0-9,]+)\\s*$");

  private PlaylistRewriter() {}

  /**
   * Parses an HLS playlist stored at {@code playlistKey}; references must stay under {@code
   * videoPrefix} (ending in '/').
   */
  public static Template parseHls(String playlist, String playlistKey, String videoPrefix) {
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    String[] lines = playlist.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String nl = i == lines.length - 1 ? "" : "\n";
      String trimmed = line.strip();
      if (trimmed.startsWith("#")) {
        Matcher m = URI_ATTR.matcher(line);
        int last = 0;
        List<Part> lineParts = new ArrayList<>();
        StringBuilder lineText = new StringBuilder();
        while (m.find()) {
          Part ref = require(reference(m.group(1), playlistKey, videoPrefix), playlistKey);
          lineText.append(line, last, m.start(1));
          lineParts.add(new Text(lineText.toString()));
          lineText.setLength(0);
          lineParts.add(ref);
          last = m.end(1);
        }
        if (lineParts.isEmpty()) {
          text.append(line).append(nl);
        } else {
          flush(parts, text);
          parts.addAll(lineParts);
          text.append(line, last, line.length()).append(nl);
        }
      } else if (trimmed.isEmpty()) {
        text.append(line).append(nl);
      } else {
        Part ref = require(reference(trimmed, playlistKey, videoPrefix), playlistKey);
        flush(parts, text);
        parts.add(ref);
        text.append(nl);
      }
    }
    flush(parts, text);
    return new Template(List.copyOf(parts));
  }

  /** Parses a storyboard WebVTT whose cues name sprite regions ("sprite.jpg#xywh=0,0,160,90"). */
  public static Template parseVtt(String vtt, String vttKey, String videoPrefix) {
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    String[] lines = vtt.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String nl = i == lines.length - 1 ? "" : "\n";
      Matcher m = VTT_IMAGE.matcher(line.strip());
      Part ref =
          m.matches() && !line.contains("-->") ? reference(m.group(1), vttKey, videoPrefix) : null;
      if (m.matches() && !line.contains("-->") && ref instanceof ObjectRef) {
        flush(parts, text);
        parts.add(ref);
        text.append(m.group(2)).append(nl);
      } else {
        text.append(line).append(nl);
      }
    }
    flush(parts, text);
    return new Template(List.copyOf(parts));
  }

  /**
   * Our transcoder only writes references inside the video's own prefix; anything else means the
   * playlist was tampered with, and it is not served at all.
   */
  private static Part require(Part ref, String playlistKey) {
    if (ref == null) {
      throw new IllegalStateException(
          "playlist " + playlistKey + " references something outside its video; not served");
    }
    return ref;
  }

  private static void flush(List<Part> parts, StringBuilder text) {
    if (text.length() > 0) {
      parts.add(new Text(text.toString()));
      text.setLength(0);
    }
  }

  /** Resolves a reference against the playlist's key; null when it leaves the video's prefix. */
  static Part reference(String ref, String playlistKey, String videoPrefix) {
    if (ref.isEmpty() || ref.contains("\\") || ref.startsWith("/")) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(ref);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (uri.isAbsolute() || uri.getRawAuthority() != null) {
      return null;
    }
    URI base = URI.create("s3:///" + playlistKey);
    URI resolved = base.resolve(URI.create(uri.getRawPath())).normalize();
    String path = resolved.getPath();
    if (path == null || !path.startsWith("/")) {
      return null;
    }
    String key = path.substring(1);
    if (!key.startsWith(videoPrefix) || key.contains("/../") || key.contains("/./")) {
      return null;
    }
    String relative = key.substring(videoPrefix.length());
    if (relative.isEmpty()) {
      return null;
    }
    return relative.endsWith(".m3u8") ? new PlaylistRef(relative) : new ObjectRef(key);
  }
}
