package io.reelroute.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A viewer as a player behaves (watch while processing, issue 13): asks for playback, then fetches
 * the master playlist, every media playlist and their segments, and says what it found. A segment
 * that answers other than 200 counts as broken only if the API still serves a playlist naming it
 * afterwards (a playlist fetched just before a retry's clean-up may name deleted segments; the API
 * must stop serving it before they go).
 */
public final class HlsViewer {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one look found. */
  public record Look(
      int status,
      String code,
      boolean processing,
      List<String> playlistTypes,
      int segments,
      List<String> broken) {

    public boolean played() {
      return status == 200 && broken.isEmpty() && segments > 0;
    }
  }

  private HlsViewer() {}

  /** A viewer asking again and again in the background, as a player polls: every look kept. */
  public static final class Watching implements AutoCloseable {
    private final List<Look> looks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean on = true;

    private Watching(String apiBase, String videoKey, long pauseMillis) {
      thread =
          new Thread(
              () -> {
                while (on) {
                  try {
                    looks.add(look(apiBase, videoKey, false));
                    Thread.sleep(pauseMillis);
                  } catch (InterruptedException e) {
                    return;
                  } catch (RuntimeException e) {
                    looks.add(new Look(-1, e.toString(), false, List.of(), 0, List.of()));
                  }
                }
              },
              "viewer-" + videoKey);
      thread.start();
    }

    public List<Look> looks() {
      return looks;
    }

    @Override
    public void close() throws InterruptedException {
      on = false;
      thread.join(30_000);
    }
  }

  /** Starts a background viewer of the video. */
  public static Watching watch(String apiBase, String videoKey, long pauseMillis) {
    return new Watching(apiBase, videoKey, pauseMillis);
  }

  /** One look at a video: playback, then playlists and (all or the last of each) segments. */
  public static Look look(String apiBase, String videoKey, boolean everySegment) {
    HttpResponse<String> playback = get(apiBase + "/api/videos/" + videoKey + "/playback");
    if (playback.statusCode() != 200) {
      return new Look(playback.statusCode(), code(playback.body()), false, List.of(), 0, List.of());
    }
    JsonNode body = read(playback.body());
    boolean processing = body.path("processing").asBoolean(false);
    List<String> types = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    int segments = 0;
    String masterUrl = absolute(apiBase, body.get("hls").asText());
    HttpResponse<String> master = get(masterUrl);
    if (master.statusCode() == 404) {
      broken.add("master " + masterUrl + " -> 404");
    }
    if (master.statusCode() != 200) {
      return new Look(200, null, processing, types, 0, broken);
    }
    for (String playlistUrl : references(master.body())) {
      String url = absolute(apiBase, playlistUrl);
      HttpResponse<String> media = get(url);
      if (media.statusCode() == 404) {
        broken.add("playlist " + url + " -> 404");
      }
      if (media.statusCode() != 200) {
        continue; // 409: processing again (a retry started), not a broken playlist
      }
      types.add(playlistType(media.body()));
      List<String> objects = references(media.body());
      List<String> checked = everySegment || objects.size() <= 2 ? objects : lastTwo(objects);
      for (String object : checked) {
        segments++;
        int status = status(object);
        if (status != 200 && stillServed(url, object)) {
          broken.add(object.replaceAll("\\?.*", "") + " -> " + status);
        }
      }
    }
    return new Look(200, null, processing, types, segments, broken);
  }

  private static List<String> lastTwo(List<String> objects) {
    // the init segment (first) and the newest segment (last)
    return List.of(objects.get(0), objects.get(objects.size() - 1));
  }

  /** Whether the API still serves a playlist naming this object, and the object is still gone. */
  private static boolean stillServed(String playlistUrl, String object) {
    HttpResponse<String> again = get(playlistUrl);
    if (again.statusCode() != 200) {
      return false;
    }
    String path = object.replaceAll("\\?.*", "");
    for (String ref : references(again.body())) {
      if (ref.replaceAll("\\?.*", "").equals(path)) {
        return status(ref) != 200;
      }
    }
    return false;
  }

  /** The PLAYLIST-TYPE of a media playlist (EVENT, VOD) or "none"; "+END" if it has ENDLIST. */
  public static String playlistType(String playlist) {
    String type = "none";
    for (String line : playlist.lines().toList()) {
      if (line.startsWith("#EXT-X-PLAYLIST-TYPE:")) {
        type = line.substring("#EXT-X-PLAYLIST-TYPE:".length()).strip();
      }
    }
    return playlist.contains("#EXT-X-ENDLIST") ? type + "+END" : type;
  }

  /** URI lines and URI="…" attributes (EXT-X-MAP, EXT-X-MEDIA), in order. */
  public static List<String> references(String playlist) {
    List<String> refs = new ArrayList<>();
    for (String line : playlist.lines().map(String::strip).toList()) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        int at = line.indexOf("URI=\"");
        if (at >= 0) {
          refs.add(line.substring(at + 5, line.indexOf('"', at + 5)));
        }
      } else {
        refs.add(line);
      }
    }
    return refs;
  }

  private static String absolute(String base, String url) {
    return url.startsWith("http") ? url : base + url;
  }

  private static String code(String body) {
    try {
      return JSON.readTree(body).path("code").asText(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static HttpResponse<String> get(String url) {
    return send(url, HttpResponse.BodyHandlers.ofString());
  }

  private static int status(String url) {
    return send(url, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static <T> HttpResponse<T> send(String url, HttpResponse.BodyHandler<T> handler) {
    try {
      return TestApp.http()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
              handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
