package io.reelroute.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built web UI: every file under one class-path prefix ({@code web/}), read once into memory at
 * start-up. Only those files can ever be served: a request path is decoded, checked and looked up
 * in that fixed map, never resolved against a file system or the class-path root (see the warning
 * about {@code camel.server.staticEnabled} in the dependency notes).
 */
public final class WebAssets {

  /** One servable file. */
  public record Asset(String path, byte[] body, String contentType, String etag, String cache) {}

  /** What to answer for a request path. */
  public sealed interface Outcome {}

  /** Serve this file (the asset itself, or index.html for a client route). */
  public record Serve(Asset asset) implements Outcome {}

  /** Refuse with 404 (not a UI path, or not a file of the UI). */
  public record Refuse(String reason) implements Outcome {}

  static final String PREFIX = "web/";
  private static final String INDEX = "/index.html";

  /** Paths the UI never answers, even when nothing else does: the API and operator endpoints. */
  private static final String[] RESERVED = {"/api", "/observe", "/.well-known"};

  /** Paths of the app's own pages (frontend/src/App.tsx): these get index.html. */
  private static final String[] CLIENT_ROUTES = {
    "/watch/",
    "/upload",
    "/login",
    "/signup",
    "/confirm",
    "/forgot-password",
    "/me/",
    "/u/",
    "/embed/",
    "/subscriptions",
    "/playlists",
    "/playlist/",
    "/admin",
    "/moderation"
  };

  private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._~@+-]*");
  private static final Pattern HASHED = Pattern.compile(".*[-.][A-Za-z0-9_-]{8,}\\.[a-z0-9]+$");

  private static final String PLACEHOLDER =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reelroute</title>"
          + "</head><body><div id=\"root\"><h1>Reelroute</h1><p>The service is running, but the"
          + " web UI was not built into it. Build it with <code>script/server</code> (npm ci and"
          + " vite build in frontend/).</p></div></body></html>";

  private final Map<String, Asset> assets;
  private final Asset index;

  WebAssets(Map<String, byte[]> files, int immutableMaxAgeSeconds) {
    Map<String, Asset> map = new HashMap<>();
    files.forEach(
        (path, body) -> map.put(path, asset(path, body, cacheFor(path, immutableMaxAgeSeconds))));
    Asset found = map.get(INDEX);
    this.index =
        found != null
            ? found
            : asset(INDEX, PLACEHOLDER.getBytes(StandardCharsets.UTF_8), "no-cache");
    this.assets = Collections.unmodifiableMap(map);
  }

  /** Loads the UI from the class path of this application. */
  public static WebAssets fromClassPath(ClassLoader loader, int immutableMaxAgeSeconds) {
    return new WebAssets(scan(loader), immutableMaxAgeSeconds);
  }

  public boolean built() {
    return assets.containsKey(INDEX);
  }

  public int size() {
    return assets.size();
  }

  /** Decides what to serve for a raw request path (as sent, percent-encoded, without the query). */
  public Outcome resolve(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return new Refuse("not an absolute path");
    }
    String path;
    try {
      path = decode(rawPath);
    } catch (IllegalArgumentException e) {
      return new Refuse("malformed escape");
    }
    for (String reserved : RESERVED) {
      if (path.equals(reserved) || path.startsWith(reserved + "/")) {
        return new Refuse("not a UI path");
      }
    }
    if (path.equals("/") || path.equals(INDEX)) {
      return new Serve(index);
    }
    String[] segments = path.substring(1).split("/", -1);
    for (String segment : segments) {
      // no empty, dot, dot-dot or hidden segments, no backslashes, NULs or other odd characters
      if (!SAFE_SEGMENT.matcher(segment).matches() || segment.contains("..")) {
        return new Refuse("unsafe path segment");
      }
    }
    Asset asset = assets.get(path);
    if (asset != null) {
      return new Serve(asset);
    }
    // A page of the app (/watch/abc, /me/videos): index.html, and the app routes it.
    for (String route : CLIENT_ROUTES) {
      if ((path.equals(route) || path.startsWith(route.endsWith("/") ? route : route + "/"))
          && !segments[segments.length - 1].contains(".")) {
        return new Serve(index);
      }
    }
    return new Refuse("no such file");
  }

  /** Strict percent-decoding (no '+' as space); an escape that is not %XX is an error. */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    byte[] out = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("bad escape");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad escape");
        }
        out[n++] = (byte) (hi * 16 + lo);
        i += 2;
      } else if (c > 0x7f) {
        throw new IllegalArgumentException("non-ASCII in raw path");
      } else {
        out[n++] = (byte) c;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  static String cacheFor(String path, int immutableMaxAgeSeconds) {
    if (path.equals(INDEX)) {
      return "no-cache";
    }
    // Vite names built assets by content hash: they never change under the same name.
    if (path.startsWith("/assets/") && HASHED.matcher(path).matches()) {
      return "public, max-age=" + immutableMaxAgeSeconds + ", immutable";
    }
    return "public, max-age=3600";
  }

  private static Asset asset(String path, byte[] body, String cache) {
    return new Asset(path, body, contentType(path), etag(body), cache);
  }

  static String contentType(String path) {
    String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js", "mjs" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "json", "map" -> "application/json";
      case "webmanifest" -> "application/manifest+json";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "gif" -> "image/gif";
      case "webp" -> "image/webp";
      case "avif" -> "image/avif";
      case "ico" -> "image/x-icon";
      case "woff" -> "font/woff";
      case "woff2" -> "font/woff2";
      case "ttf" -> "font/ttf";
      case "txt" -> "text/plain; charset=utf-8";
      case "wasm" -> "application/wasm";
      case "vtt" -> "text/vtt; charset=utf-8";
      default -> "application/octet-stream";
    };
  }

  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every file under web/ on the class path, from a directory (tests, IDE) or from a jar. */
  static Map<String, byte[]> scan(ClassLoader loader) {
    Map<String, byte[]> files = new HashMap<>();
    URL root = loader.getResource(PREFIX + "index.html");
    if (root == null) {
      return files;
    }
    try {
      if ("file".equals(root.getProtocol())) {
        Path dir = Path.of(root.toURI()).getParent();
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
            String rel = dir.relativize(file).toString().replace('\\', '/');
            files.put("/" + rel, Files.readAllBytes(file));
          }
        }
      } else if ("jar".equals(root.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          for (JarEntry entry : Collections.list(jar.entries())) {
            if (!entry.isDirectory() && entry.getName().startsWith(PREFIX)) {
              try (InputStream in = jar.getInputStream(entry)) {
                files.put("/" + entry.getName().substring(PREFIX.length()), in.readAllBytes());
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }
}
