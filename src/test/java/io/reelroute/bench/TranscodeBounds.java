package io.reelroute.bench;

import io.reelroute.transcode.ffmpeg.Rung;
import io.reelroute.transcode.ffmpeg.TranscodePlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the two ladder-speed targets of issue 13 could reach at best with this encoder and these
 * settings, from CPU seconds measured in the same run: a single pass can only save the work every
 * one-ffmpeg-per-rung command repeats (decoding the source, encoding the AAC audio), and the whole
 * ladder cannot finish sooner than its own x264 work allows, whatever the plumbing.
 */
final class TranscodeBounds {

  private TranscodeBounds() {}

  /**
   * @param perRungCpu CPU seconds of each one-ffmpeg-per-rung command, in ladder order
   * @param singleCpu CPU seconds of the single pass
   * @param seedCpu CPU seconds of the seed's command
   */
  static void report(
      TranscodePlan plan,
      Path clip,
      Path work,
      List<Double> perRungCpu,
      double singleCpu,
      double seedCpu)
      throws Exception {
    // the single pass with every encoder but AAC replaced by ffmpeg's null output: what is left of
    // its CPU is the x264 work, which every way of making this ladder has to do
    double withoutX264 = TranscodeBench.timed(withoutX264(plan, clip, work), work)[1];
    double x264 = Math.max(0, singleCpu - withoutX264);
    double decode = TranscodeBench.timed(decodeOnly(clip), work)[1];
    double audio =
        plan.source().hasAudio()
            ? TranscodeBench.timed(audioOnly(clip, plan.options().audioBitrateKbps()), work)[1]
            : 0;
    int n = perRungCpu.size();
    double perRung = perRungCpu.stream().mapToDouble(Double::doubleValue).sum();
    double repeated = (n - 1) * (decode + audio);
    List<String> own = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Rung rung = plan.rungs().get(i);
      // a rung's own work: its x264 encode and its scaling, without the decode and the audio
      double work1 = Math.max(0, perRungCpu.get(i) - decode - audio);
      own.add(f("%s %.1f", rung.name(), work1));
    }
    double top = Math.max(0, perRungCpu.get(0) - audio);
    TranscodeBench.line("what any single pass could reach (CPU seconds, measured in this run)");
    TranscodeBench.line(
        f(
            "    decoding the source %.1f s, the AAC audio %.1f s: one ffmpeg per rung repeats"
                + " both %d more times = %.1f s",
            decode, audio, n - 1, repeated));
    TranscodeBench.line(
        f(
            "    the single pass %.1f s = x264 encoders %.1f s + the rest %.1f s (decode, filters,"
                + " AAC, images: the same graph into null outputs)",
            singleCpu, x264, withoutX264));
    TranscodeBench.line(
        "    each rung by one ffmpeg per rung, less decode and AAC: " + String.join(", ", own));
    TranscodeBench.line(
        f(
            "    one ffmpeg per rung / single pass (CPU) %.2f; at most %.1f / %.1f = %.2f if the"
                + " single pass cost nothing but its x264 encoders   (target 2.00)",
            perRung / singleCpu, perRung, x264, perRung / x264));
    TranscodeBench.line(
        f(
            "    x264 work alone / the seed's CPU = %.1f / %.1f = %.2f: the floor of READY / seed"
                + " at equal use of the cores   (target 1.00)",
            x264, seedCpu, x264 / seedCpu));
    TranscodeBench.line(
        f(
            "    the %s rung alone (decode + x264) = %.1f s = %.2f x the seed's CPU",
            plan.rungs().get(0).name(), top, top / seedCpu));
  }

  /** {@link TranscodePlan#command} with every video output sent to ffmpeg's null muxer. */
  static List<String> withoutX264(TranscodePlan plan, Path clip, Path work) {
    List<String> full = plan.command("ffmpeg", clip, work.resolve("bare-null"));
    String graph = full.get(full.indexOf("-filter_complex") + 1);
    List<String> args = new ArrayList<>(ffmpegReading(clip));
    args.addAll(List.of("-filter_complex", graph));
    for (int i = 0; i < plan.rungs().size(); i++) {
      args.addAll(List.of("-map", "[v" + i + "]", "-f", "null", "-"));
    }
    for (String image : List.of("poster", "thumb", "storyboard")) {
      args.addAll(List.of("-map", "[" + image + "]", "-f", "null", "-"));
    }
    if (plan.source().hasAudio()) {
      args.addAll(audioOutput(plan.options().audioBitrateKbps()));
      args.addAll(List.of("-f", "null", "-"));
    }
    return args;
  }

  /**
   * The reference's own spread: the top rung by one ffmpeg per rung, encoded a second time with the
   * same command. x264's frame threads under a bit-rate cap do not give the same bytes twice.
   */
  static void referenceSpread(TranscodePlan plan, Path clip, Path perRung, Path again)
      throws Exception {
    Rung top = plan.rungs().get(0);
    TranscodeBench.fresh(again.resolve(top.name()));
    TranscodeBench.run(plan.perRungCommands("ffmpeg", clip, again).get(0));
    Path first = perRung.resolve(top.name()).resolve("index.m3u8");
    Path second = again.resolve(top.name()).resolve("index.m3u8");
    double ssimFirst = Quality.ssim(first, clip, top);
    double ssimSecond = Quality.ssim(second, clip, top);
    long bytesFirst = Quality.videoBytes(first);
    long bytesSecond = Quality.videoBytes(second);
    TranscodeBench.line(
        f(
            "    run-to-run spread of the reference: the same %s per-rung command twice:"
                + " SSIM %+.5f, bytes %+.2f %%",
            top.name(), ssimSecond - ssimFirst, 100.0 * (bytesSecond - bytesFirst) / bytesFirst));
  }

  static List<String> decodeOnly(Path clip) {
    return intoNull(clip, "-map", "0:v:0");
  }

  static List<String> audioOnly(Path clip, int kbps) {
    return intoNull(clip, audioOutput(kbps).toArray(String[]::new));
  }

  /** The ladder's AAC encode (TranscodePlan's audio settings). */
  private static List<String> audioOutput(int kbps) {
    return List.of("-map", "0:a:0", "-c:a", "aac", "-b:a", kbps + "k", "-ac", "2", "-ar", "48000");
  }

  /** ffmpeg reading the clip into the null muxer with these output options. */
  private static List<String> intoNull(Path clip, String... output) {
    List<String> args = new ArrayList<>(ffmpegReading(clip));
    args.addAll(List.of(output));
    args.addAll(List.of("-f", "null", "-"));
    return args;
  }

  private static List<String> ffmpegReading(Path clip) {
    return List.of(
        "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-i", clip.toString());
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
