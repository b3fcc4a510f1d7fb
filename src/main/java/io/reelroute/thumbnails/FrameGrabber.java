package io.reelroute.thumbnails;

import io.reelroute.common.ApiException;
import io.reelroute.transcode.ffmpeg.HlsPlaylists;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One frame of a READY video at a given time, from its highest rung as stored in the bucket: reads
 * the rung's media playlist, fetches only the init segment and the one segment that holds the time,
 * and has ffmpeg decode the frame there (as PNG). At most {@code concurrency} ffmpeg runs at once
 * per process; a caller who waits too long gets 503.
 */
final class FrameGrabber {

  private final S3Client s3;
  private final String bucket;
  private final String ffmpeg;
  private final Semaphore slots;

  FrameGrabber(S3Client s3, String bucket, String ffmpeg, int concurrency) {
    this.s3 = s3;
    this.bucket = bucket;
    this.ffmpeg = ffmpeg;
    this.slots = new Semaphore(concurrency);
  }

  /** The segment that holds {@code seconds}, and where in it: pure, for unit tests. */
  record Position(int index, double offset) {}

  static Position locate(HlsPlaylists.MediaPlaylist playlist, double seconds) {
    double start = 0;
    List<HlsPlaylists.Segment> segments = playlist.segments();
    for (int i = 0; i < segments.size(); i++) {
      double length = segments.get(i).durationSeconds();
      if (seconds < start + length || i == segments.size() - 1) {
        // a frame a little before the end of the last segment, never past it
        double offset = Math.max(0, Math.min(seconds - start, Math.max(0, length - 0.05)));
        return new Position(i, offset);
      }
      start += length;
    }
    throw new IllegalArgumentException("the playlist has no segments");
  }

  /** The PNG bytes of the frame at {@code seconds} of the rung whose playlist key is given. */
  byte[] grab(String playlistKey, double seconds) throws IOException, InterruptedException {
    HlsPlaylists.MediaPlaylist playlist =
        HlsPlaylists.parseMedia(
            new String(
                s3.getObjectAsBytes(r -> r.bucket(bucket).key(playlistKey)).asByteArray(),
                StandardCharsets.UTF_8));
    if (playlist.segments().isEmpty()) {
      throw new IOException("the rung's playlist has no segments: " + playlistKey);
    }
    if (seconds > playlist.durationSeconds()) {
      throw ApiException.invalidField(
          "time",
          String.format(
              Locale.ROOT,
              "time must be at most the video's length (%.1f s)",
              playlist.durationSeconds()));
    }
    Position at = locate(playlist, seconds);
    String dir = playlistKey.substring(0, playlistKey.lastIndexOf('/') + 1);
    if (!slots.tryAcquire(20, TimeUnit.SECONDS)) {
      throw ApiException.unavailable("Too many thumbnails are being made; try again", 5);
    }
    Path work = Files.createTempDirectory("reelroute-frame");
    try {
      Path media = work.resolve("segment.mp4");
      try (OutputStream out = Files.newOutputStream(media)) {
        if (playlist.initUri() != null) {
          out.write(object(dir, playlist.initUri()));
        }
        out.write(object(dir, playlist.segments().get(at.index()).uri()));
      }
      Path frame = work.resolve("frame.png");
      List<String> command = new ArrayList<>();
      command.addAll(List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
      command.addAll(List.of("-i", media.toString()));
      command.addAll(List.of("-ss", String.format(Locale.ROOT, "%.3f", at.offset())));
      command.addAll(List.of("-frames:v", "1", "-an", "-f", "image2", "-c:v", "png"));
      command.add(frame.toString());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("ffmpeg.log").toFile())
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("ffmpeg took longer than 60 s for one frame");
      }
      if (process.exitValue() != 0 || !Files.isRegularFile(frame) || Files.size(frame) == 0) {
        throw new IOException(
            "ffmpeg could not take the frame: "
                + Files.readString(work.resolve("ffmpeg.log")).strip());
      }
      return Files.readAllBytes(frame);
    } finally {
      slots.release();
      try (var files = Files.list(work)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(work);
    }
  }

  private byte[] object(String dir, String uri) {
    if (uri.contains("/") || uri.contains("..") || uri.contains("?")) {
      throw new IllegalArgumentException("unexpected segment URI " + uri);
    }
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(dir + uri)).asByteArray();
  }
}
