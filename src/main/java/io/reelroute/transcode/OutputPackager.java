package io.reelroute.transcode;

import io.reelroute.transcode.ffmpeg.HlsPlaylists;
import io.reelroute.transcode.ffmpeg.Rung;
import io.reelroute.transcode.ffmpeg.TranscodePlan;
import io.reelroute.video.VideoKeys;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.camel.Exchange;

/**
 * Stage package: after the encode, the progressive download MP4 (a remux of one rung), the
 * storyboard's WebVTT index and the master playlist, measured from the rungs' own playlists and
 * segments (peak and average bandwidth, codec strings). Leaves the list of {@link Output}s to
 * publish as the body, without the media segments the live publisher stored while ffmpeg ran; the
 * media playlists ({@link Job#playlists()}) are published after them, so a stored playlist never
 * names a missing segment (a PROCESSING video is served while this runs), and the master playlist
 * ({@link Job#masterFile()}) last.
 */
public final class OutputPackager {

  /** One file to publish: where it is, its object key and content type. */
  public record Output(File file, String key, String contentType) {}

  private final TranscodeConfig config;

  public OutputPackager(TranscodeConfig config) {
    this.config = config;
  }

  public List<Output> pack(Exchange exchange) throws Exception {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    TranscodePlan plan = job.plan();
    Path out = job.out();
    Files.deleteIfExists(job.source()); // free the disk before the uploads
    finalPlaylists(plan, out);
    double duration = job.media().durationSeconds();
    Processes.Result remux =
        Processes.run(plan.downloadCommand(config.ffmpeg(), out), null, 600 + 2L * (long) duration);
    if (remux.exitCode() != 0) {
      throw new IOException(
          "ffmpeg could not write the download MP4: " + Processes.lastLine(remux));
    }
    Files.writeString(
        out.resolve("storyboard.vtt"),
        plan.storyboard().webVtt("storyboard.jpg", duration),
        StandardCharsets.UTF_8);
    List<io.reelroute.video.Rendition> renditions = new ArrayList<>();
    Files.writeString(
        job.masterFile().toPath(),
        master(job.videoKey(), plan, out, renditions),
        StandardCharsets.UTF_8);
    renditions.add(download(job, plan, renditions, Files.size(out.resolve("download.mp4"))));
    job.renditions(renditions);
    List<Output> all = outputs(job.videoKey(), out);
    // media playlists after the segments they name: while processing they are served already
    job.playlists(all.stream().filter(o -> o.key().endsWith(".m3u8")).toList());
    String prefix = VideoKeys.outputPrefix(job.videoKey());
    return all.stream()
        .filter(o -> !o.key().endsWith(".m3u8"))
        .filter(o -> !job.storedWhileEncoding().contains(o.key().substring(prefix.length())))
        .toList();
  }

  /**
   * ffmpeg writes EVENT playlists (so they can be published while it runs); complete ones are VOD,
   * which tells a player the whole video is there.
   */
  static void finalPlaylists(TranscodePlan plan, Path out) throws IOException {
    List<String> names = new ArrayList<>();
    plan.rungs().forEach(r -> names.add(r.name()));
    if (plan.source().hasAudio()) {
      names.add(TranscodePlan.AUDIO);
    }
    for (String name : names) {
      Path playlist = out.resolve("hls/" + name + "/index.m3u8");
      if (Files.isRegularFile(playlist)) {
        Files.writeString(
            playlist,
            Files.readString(playlist, StandardCharsets.UTF_8)
                .replace("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-PLAYLIST-TYPE:VOD"),
            StandardCharsets.UTF_8);
      }
    }
  }

  private static io.reelroute.video.Rendition download(
      Job job, TranscodePlan plan, List<io.reelroute.video.Rendition> hls, long bytes) {
    Rung download = plan.download();
    return new io.reelroute.video.Rendition(
        "MP4",
        download.width(),
        download.height(),
        hls.stream()
            .filter(r -> r.height() == download.height())
            .findFirst()
            .map(io.reelroute.video.Rendition::bandwidth)
            .orElse(0L),
        Math.round(bytes * 8 / Math.max(job.media().durationSeconds(), 0.001)),
        hls.isEmpty() ? null : hls.get(0).codecs(),
        plan.frameRate(),
        VideoKeys.outputPrefix(job.videoKey()) + "download.mp4",
        bytes);
  }

  /** Writes the master playlist text and fills in the HLS rendition rows. */
  private static String master(
      String videoKey, TranscodePlan plan, Path out, List<io.reelroute.video.Rendition> renditions)
      throws IOException {
    HlsPlaylists.Bitrate audio = null;
    String audioUri = null;
    if (plan.source().hasAudio()) {
      audioUri = "hls/" + TranscodePlan.AUDIO + "/index.m3u8";
      audio = measure(out.resolve("hls/" + TranscodePlan.AUDIO)).bitrate();
    }
    List<HlsPlaylists.Variant> variants = new ArrayList<>();
    for (Rung rung : plan.rungs()) {
      Measured measured = measure(out.resolve("hls/" + rung.name()));
      double duration = measured.playlist().durationSeconds();
      if (!measured.playlist().ended()
          || Math.abs(duration - plan.source().durationSeconds()) > 1.0) {
        throw new IOException(
            "rung " + rung.name() + " is incomplete (" + duration + " s of video)");
      }
      HlsPlaylists.Bitrate rate =
          audio == null ? measured.bitrate() : measured.bitrate().plus(audio);
      String codec = measured.codec();
      String playlist = "hls/" + rung.name() + "/index.m3u8";
      variants.add(
          new HlsPlaylists.Variant(
              playlist, rung.width(), rung.height(), rate, codec, plan.frameRate()));
      renditions.add(
          new io.reelroute.video.Rendition(
              "HLS",
              rung.width(),
              rung.height(),
              rate.peak(),
              rate.average(),
              audio == null ? codec : codec + ",mp4a.40.2",
              plan.frameRate(),
              VideoKeys.outputPrefix(videoKey) + playlist,
              measured.bytes()));
    }
    return HlsPlaylists.master(variants, audioUri, "mp4a.40.2");
  }

  private record Measured(
      HlsPlaylists.MediaPlaylist playlist,
      HlsPlaylists.Bitrate bitrate,
      String codec,
      long bytes) {}

  private static Measured measure(Path rungDir) throws IOException {
    HlsPlaylists.MediaPlaylist playlist =
        HlsPlaylists.parseMedia(Files.readString(rungDir.resolve("index.m3u8")));
    long[] sizes = new long[playlist.segments().size()];
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = Files.size(rungDir.resolve(playlist.segments().get(i).uri()));
      total += sizes[i];
    }
    long initSize = 0;
    String codec = "avc1.640028";
    if (playlist.initUri() != null) {
      Path init = rungDir.resolve(playlist.initUri());
      initSize = Files.size(init);
      codec = HlsPlaylists.avcCodec(Files.readAllBytes(init), codec);
    } else if (!playlist.segments().isEmpty()) {
      try (InputStream in =
          Files.newInputStream(rungDir.resolve(playlist.segments().get(0).uri()))) {
        codec = HlsPlaylists.avcCodecFromAnnexB(in.readNBytes(64 * 1024), codec);
      }
    }
    return new Measured(
        playlist, HlsPlaylists.bitrate(playlist, sizes, initSize), codec, total + initSize);
  }

  private static List<Output> outputs(String videoKey, Path out) throws IOException {
    try (Stream<Path> walk = Files.walk(out)) {
      return walk.filter(Files::isRegularFile)
          .sorted()
          .map(
              file -> {
                String relative = out.relativize(file).toString().replace('\\', '/');
                return new Output(
                    file.toFile(),
                    VideoKeys.outputPrefix(videoKey) + relative,
                    contentType(relative));
              })
          .toList();
    }
  }

  static String contentType(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".m3u8")) {
      return "application/vnd.apple.mpegurl";
    } else if (lower.endsWith(".m4s")) {
      return "video/iso.segment";
    } else if (lower.endsWith(".mp4")) {
      return "video/mp4";
    } else if (lower.endsWith(".ts")) {
      return "video/mp2t";
    } else if (lower.endsWith(".jpg")) {
      return "image/jpeg";
    } else if (lower.endsWith(".vtt")) {
      return "text/vtt";
    }
    return "application/octet-stream";
  }
}
