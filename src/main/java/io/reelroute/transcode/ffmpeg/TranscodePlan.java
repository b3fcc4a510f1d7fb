package io.reelroute.transcode.ffmpeg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The single ffmpeg process that decodes the source once and writes everything a video needs: the
 * HLS ladder (one shared AAC audio rendition), the poster, the thumbnail and the storyboard sprite.
 * The progressive MP4 is then a stream copy of one rung ({@link #downloadCommand}), so nothing is
 * encoded twice. The master playlist and the storyboard's WebVTT are written by {@link
 * HlsPlaylists} and {@link Storyboard}.
 *
 * <p>Layout under {@code out}: {@code hls/{rung}p/index.m3u8} with its init segment and segments,
 * {@code hls/audio/…}, {@code poster.jpg}, {@code thumbnail.jpg}, {@code storyboard.jpg}.
 */
public record TranscodePlan(
    MediaInfo source,
    EncodingOptions options,
    List<Rung> rungs,
    Rung download,
    double frameRate,
    int gopFrames,
    Storyboard storyboard,
    int[] posterSize,
    int[] thumbnailSize,
    double posterStartSeconds) {

  public static final String AUDIO = "audio";

  /** Plans the outputs for a probed source. */
  public static TranscodePlan of(MediaInfo source, EncodingOptions options) {
    List<Rung> rungs = Ladder.select(source.width(), source.height(), options.caps());
    double rate = source.outputFrameRate(options.maxFrameRate());
    int gop = Math.max(1, (int) Math.round(rate * options.keyframeSeconds()));
    Storyboard storyboard =
        Storyboard.plan(
            source.durationSeconds(),
            source.width(),
            source.height(),
            options.storyboardMaxTiles(),
            options.storyboardTileWidth());
    Rung top = rungs.get(0);
    double duration = source.durationSeconds();
    // a representative frame from a quarter in, away from black openings and title cards
    double posterStart = duration >= 2 ? duration * 0.25 : 0;
    return new TranscodePlan(
        source,
        options,
        rungs,
        Ladder.downloadRung(rungs, options.downloadMaxHeight()),
        rate,
        gop,
        storyboard,
        fit(top.width(), top.height(), 1280),
        fit(top.width(), top.height(), 320),
        posterStart);
  }

  /** Scales a size down (never up) to fit a square box, keeping the aspect and even sides. */
  static int[] fit(int width, int height, int box) {
    double scale = Math.min(1.0, (double) box / Math.max(width, height));
    return new int[] {
      Math.max(2, Ladder.evenRound(width * scale)), Math.max(2, Ladder.evenRound(height * scale))
    };
  }

  public String segmentExtension() {
    return options.fmp4() ? "m4s" : "ts";
  }

  /** The ffmpeg arguments (first the executable) for the whole ladder in one process. */
  public List<String> command(String ffmpeg, Path input, Path out) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats"));
    args.addAll(List.of("-progress", "pipe:1"));
    args.addAll(List.of("-i", input.toString()));
    args.addAll(List.of("-filter_complex", filterGraph()));

    // --- HLS ladder
    for (int i = 0; i < rungs.size(); i++) {
      args.addAll(List.of("-map", "[v" + i + "]"));
    }
    if (source.hasAudio()) {
      args.addAll(List.of("-map", "0:a:0"));
    }
    args.addAll(List.of("-map_metadata", "-1", "-map_chapters", "-1"));
    args.addAll(videoEncoderArgs());
    for (int i = 0; i < rungs.size(); i++) {
      Rung rung = rungs.get(i);
      args.addAll(List.of("-maxrate:v:" + i, rung.maxrateKbps() + "k"));
      args.addAll(List.of("-bufsize:v:" + i, rung.bufsizeKbps() + "k"));
    }
    if (source.hasAudio()) {
      args.addAll(audioEncoderArgs());
    }
    if (options.threads() > 0) {
      args.addAll(List.of("-threads", Integer.toString(options.threads())));
    }
    args.addAll(
        List.of(
            "-f",
            "hls",
            "-hls_time",
            Integer.toString(options.segmentSeconds()),
            // EVENT: the media playlists are rewritten after every segment (atomically, by a
            // temp file), so live publishing can follow them; OutputPackager turns them to VOD
            "-hls_playlist_type",
            "event",
            "-hls_segment_type",
            options.segmentType(),
            "-hls_flags",
            "independent_segments"));
    if (options.fmp4()) {
      args.addAll(List.of("-hls_fmp4_init_filename", "init.mp4"));
    }
    args.addAll(
        List.of(
            "-hls_segment_filename",
            out.resolve("hls/%v/seg_%05d." + segmentExtension()).toString(),
            "-var_stream_map",
            varStreamMap(),
            out.resolve("hls/%v/index.m3u8").toString()));

    // --- images
    args.addAll(
        List.of("-map", "[poster]", "-frames:v", "1", "-q:v", "3", out.resolve("poster.jpg") + ""));
    args.addAll(
        List.of(
            "-map", "[thumb]", "-frames:v", "1", "-q:v", "4", out.resolve("thumbnail.jpg") + ""));
    args.addAll(
        List.of(
            "-map",
            "[storyboard]",
            "-frames:v",
            "1",
            "-q:v",
            "5",
            out.resolve("storyboard.jpg").toString()));
    return List.copyOf(args);
  }

  /**
   * Decode once, normalise (fps, and format if needed), then the top rung: the decoded frames as
   * they are when it has the source's size (else one scale). Every lower rung is scaled from the
   * top rung's frames with the same scaler as a rung scaled from the source. (Scaling each rung
   * from the one above it saved 9 % of ffmpeg's CPU but lost 0.0002-0.0005 SSIM on the 480p, 360p
   * and 240p rungs against the source scaled to them: dropped, see bench/README.md.) The poster and
   * thumbnail branch off the smallest rung at least as large as the poster, the storyboard off the
   * smallest rung at least as large as one tile, so that no image branch reads full-size frames.
   */
  String filterGraph() {
    int posterTap = tap(posterSize[0], posterSize[1]);
    int storyboardTap = tap(storyboard.tileWidth(), storyboard.tileHeight());
    StringBuilder graph = new StringBuilder("[0:v:0]").append(normalise());
    Rung top = rungs.get(0);
    if (top.width() != source.width() || top.height() != source.height()) {
      graph.append(scale(top));
    }
    graph.append("setsar=1");
    List<String> topOutputs = new ArrayList<>();
    topOutputs.add("v0");
    for (int i = 1; i < rungs.size(); i++) {
      topOutputs.add("d" + i);
    }
    for (int i = 0; i < rungs.size(); i++) {
      List<String> outputs = i == 0 ? topOutputs : new ArrayList<>(List.of("v" + i));
      if (i > 0) {
        graph.append("[d").append(i).append(']').append(scale(rungs.get(i))).append("setsar=1");
      }
      if (i == posterTap) {
        outputs.add("sp");
      }
      if (i == storyboardTap) {
        outputs.add("ss");
      }
      if (outputs.size() > 1) {
        graph.append(",split=").append(outputs.size());
      }
      for (String output : outputs) {
        graph.append('[').append(output).append(']');
      }
      graph.append(';');
    }
    int thumbnailFrames = Math.max(1, (int) Math.round(frameRate * 2));
    graph
        // the poster branch ends after its 2 s window instead of following the whole video
        .append("[sp]trim=start=")
        .append(String.format(Locale.ROOT, "%.3f", posterStartSeconds))
        .append(":duration=2.1")
        .append(",setpts=PTS-STARTPTS,thumbnail=")
        .append(thumbnailFrames)
        .append(",split=2[p0][t0];[p0]scale=")
        .append(posterSize[0])
        .append(':')
        .append(posterSize[1])
        .append(",setsar=1[poster];[t0]scale=")
        .append(thumbnailSize[0])
        .append(':')
        .append(thumbnailSize[1])
        .append(",setsar=1[thumb];");
    graph.append("[ss]").append(storyboard.filter()).append("[storyboard]");
    return graph.toString();
  }

  /**
   * The filters every frame needs before the rungs: fps always (at a constant source's own rate it
   * drops nothing and skipping it saved no measurable CPU; with it the encoders get the frames and
   * time base a one-ffmpeg-per-rung command gives them), format only when the source is not already
   * yuv420p (a pure pass-through otherwise).
   */
  String normalise() {
    StringBuilder chain = new StringBuilder();
    chain.append("fps=").append(MediaInfo.rational(frameRate)).append(',');
    if (!"yuv420p".equals(source.pixelFormat())) {
      chain.append("format=yuv420p,");
    }
    return chain.toString();
  }

  private static String scale(Rung rung) {
    return "scale=" + rung.width() + ':' + rung.height() + ":flags=bicubic,";
  }

  /** The index of the smallest rung at least {@code width}x{@code height}, else the top rung. */
  int tap(int width, int height) {
    int tap = 0;
    for (int i = 0; i < rungs.size(); i++) {
      if (rungs.get(i).width() >= width && rungs.get(i).height() >= height) {
        tap = i;
      }
    }
    return tap;
  }

  /** One audio rendition shared by every video rung (AUDIO group "audio"). */
  String varStreamMap() {
    StringBuilder map = new StringBuilder();
    if (source.hasAudio()) {
      map.append("a:0,agroup:").append(AUDIO).append(",name:").append(AUDIO);
    }
    for (int i = 0; i < rungs.size(); i++) {
      if (map.length() > 0) {
        map.append(' ');
      }
      map.append("v:").append(i);
      if (source.hasAudio()) {
        map.append(",agroup:").append(AUDIO);
      }
      map.append(",name:").append(rungs.get(i).name());
    }
    return map.toString();
  }

  /** Stream-copies the download rung (and the audio) into a fast-start MP4: no re-encoding. */
  public List<String> downloadCommand(String ffmpeg, Path out) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
    args.addAll(List.of("-i", out.resolve("hls/" + download.name() + "/index.m3u8").toString()));
    if (source.hasAudio()) {
      args.addAll(List.of("-i", out.resolve("hls/" + AUDIO + "/index.m3u8").toString()));
    }
    args.addAll(List.of("-map", "0:v:0"));
    if (source.hasAudio()) {
      args.addAll(List.of("-map", "1:a:0"));
      if (!options.fmp4()) {
        args.addAll(List.of("-bsf:a", "aac_adtstoasc"));
      }
    }
    args.addAll(
        List.of(
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            out.resolve("download.mp4").toString()));
    return List.copyOf(args);
  }

  /**
   * x264 settings shared by every rung: closed GOPs of the same length on every rung, keyframes
   * forced on the segment grid, so that the player can switch rungs at any segment boundary.
   */
  private List<String> videoEncoderArgs() {
    return List.of(
        "-c:v",
        "libx264",
        "-preset",
        options.preset(),
        "-crf",
        Integer.toString(options.crf()),
        "-profile:v",
        "high",
        "-g",
        Integer.toString(gopFrames),
        "-keyint_min",
        Integer.toString(gopFrames),
        "-sc_threshold",
        "0",
        "-force_key_frames",
        "expr:gte(t,n_forced*" + options.keyframeSeconds() + ")");
  }

  /** AAC stereo at 48 kHz, whatever the source's layout. */
  private List<String> audioEncoderArgs() {
    return List.of(
        "-c:a", "aac", "-b:a", options.audioBitrateKbps() + "k", "-ac", "2", "-ar", "48000");
  }

  /** One ffmpeg per rung, the way PeerTube schedules its jobs: for the benchmark only. */
  public List<List<String>> perRungCommands(String ffmpeg, Path input, Path out) {
    List<List<String>> commands = new ArrayList<>();
    for (Rung rung : rungs) {
      List<String> args = new ArrayList<>();
      args.addAll(
          List.of(ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats"));
      args.addAll(List.of("-i", input.toString()));
      args.addAll(
          List.of(
              "-vf",
              String.format(
                  Locale.ROOT,
                  "fps=%s,format=yuv420p,scale=%d:%d:flags=bicubic,setsar=1",
                  MediaInfo.rational(frameRate),
                  rung.width(),
                  rung.height())));
      args.addAll(List.of("-map", "0:v:0"));
      if (source.hasAudio()) {
        args.addAll(List.of("-map", "0:a:0"));
      }
      args.addAll(videoEncoderArgs());
      args.addAll(
          List.of("-maxrate", rung.maxrateKbps() + "k", "-bufsize", rung.bufsizeKbps() + "k"));
      if (source.hasAudio()) {
        args.addAll(audioEncoderArgs());
      }
      args.addAll(
          List.of(
              "-f",
              "hls",
              "-hls_time",
              Integer.toString(options.segmentSeconds()),
              "-hls_playlist_type",
              "vod",
              "-hls_segment_type",
              options.segmentType(),
              "-hls_flags",
              "independent_segments",
              "-hls_segment_filename",
              out.resolve(rung.name() + "/seg_%05d." + segmentExtension()).toString(),
              out.resolve(rung.name() + "/index.m3u8").toString()));
      commands.add(List.copyOf(args));
    }
    return commands;
  }
}
