package io.reelroute.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoryboardAndPlanTest {

  private static MediaInfo source(int w, int h, int rotation, boolean audio, double duration) {
    return new MediaInfo(
        "mov",
        duration,
        1000,
        true,
        "h264",
        w,
        h,
        rotation,
        30,
        30,
        audio,
        audio ? 1 : 0,
        "aac",
        null); // pixel format unknown: the plan converts to yuv420p to be sure
  }

  @Test
  void storyboardFitsInOneSpriteWithAnIndex() {
    Storyboard board = Storyboard.plan(3600, 1920, 1080, 100, 160);
    assertEquals(36, board.intervalSeconds(), 1e-9);
    assertEquals(100, board.tiles());
    assertEquals(10, board.columns());
    assertEquals(10, board.rows());
    assertEquals(90, board.tileHeight());
    assertEquals("fps=1/36,scale=160:90,tile=10x10", board.filter());

    Storyboard short4s = Storyboard.plan(4, 1080, 1920, 100, 160);
    assertEquals(4, short4s.tiles());
    assertEquals(4, short4s.columns());
    assertEquals(1, short4s.rows());
    assertEquals(284, short4s.tileHeight());
    String vtt = short4s.webVtt("storyboard.jpg", 4);
    assertTrue(
        vtt.startsWith(
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nstoryboard.jpg#xywh=0,0,160,284\n"));
    assertTrue(vtt.contains("00:00:03.000 --> 00:00:04.000\nstoryboard.jpg#xywh=480,0,160,284"));
    assertEquals("01:01:01.500", Storyboard.timestamp(3661.5));
  }

  @Test
  void singleProcessCommandHasTheWholeLadder() {
    TranscodePlan plan =
        TranscodePlan.of(source(1280, 720, 0, true, 10), EncodingOptions.defaults());
    List<String> args = plan.command("ffmpeg", Path.of("/w/in"), Path.of("/w/out"));
    String line = String.join(" ", args);
    assertEquals(1, args.stream().filter("-i"::equals).count(), "decoded once");
    assertTrue(line.contains("-sc_threshold 0"));
    assertTrue(line.contains("-g 60 -keyint_min 60"));
    assertTrue(line.contains("-force_key_frames expr:gte(t,n_forced*2)"));
    assertTrue(line.contains("-hls_time 4"));
    assertTrue(line.contains("-hls_flags independent_segments"));
    assertTrue(line.contains("-hls_segment_type fmp4"));
    assertTrue(line.contains("-maxrate:v:0 3000k -bufsize:v:0 6000k"));
    assertTrue(line.contains("-maxrate:v:3 400k"));
    assertTrue(line.contains("-ac 2"), "stereo AAC");
    assertTrue(line.contains("-progress pipe:1"));
    assertTrue(line.contains("-map_metadata -1"), "no GPS or device tags in the outputs");
    assertEquals(
        "a:0,agroup:audio,name:audio v:0,agroup:audio,name:720p v:1,agroup:audio,name:480p"
            + " v:2,agroup:audio,name:360p v:3,agroup:audio,name:240p",
        plan.varStreamMap());
    String graph = plan.filterGraph();
    // pixel format unknown: converted; 720p = the source: not scaled
    assertTrue(
        graph.startsWith("[0:v:0]fps=30,format=yuv420p,setsar=1,split=5[v0][d1][d2][d3][sp];"),
        graph);
    assertTrue(graph.contains("[d1]scale=854:480:flags=bicubic,setsar=1[v1];"));
    assertTrue(graph.contains("trim=start=2.500:duration=2.1,setpts=PTS-STARTPTS,thumbnail=60"));
    assertTrue(graph.contains("[p0]scale=1280:720"));
    assertTrue(graph.contains("[t0]scale=320:180"));
    assertTrue(line.endsWith("/w/out/storyboard.jpg"));
    assertEquals(720, plan.download().nominal());
    String download = String.join(" ", plan.downloadCommand("ffmpeg", Path.of("/w/out")));
    assertTrue(download.contains("-i /w/out/hls/720p/index.m3u8 -i /w/out/hls/audio/index.m3u8"));
    assertTrue(download.contains("-c copy -movflags +faststart"));
  }

  private static MediaInfo source(int w, int h, double avg, double real, String pixelFormat) {
    return new MediaInfo(
        "mov", 60, 1000, true, "h264", w, h, 0, avg, real, true, 2, "aac", pixelFormat);
  }

  @Test
  void everyRungIsScaledFromTheTopRungsFrames() {
    TranscodePlan plan =
        TranscodePlan.of(source(1920, 1080, 30, 30, "yuv420p"), EncodingOptions.defaults());
    assertEquals(
        "[0:v:0]fps=30,setsar=1,split=5[v0][d1][d2][d3][d4];"
            + "[d1]scale=1280:720:flags=bicubic,setsar=1,split=2[v1][sp];"
            + "[d2]scale=854:480:flags=bicubic,setsar=1[v2];"
            + "[d3]scale=640:360:flags=bicubic,setsar=1[v3];"
            + "[d4]scale=426:240:flags=bicubic,setsar=1,split=2[v4][ss];"
            + "[sp]trim=start=15.000:duration=2.1,setpts=PTS-STARTPTS,thumbnail=60,split=2[p0][t0];"
            + "[p0]scale=1280:720,setsar=1[poster];[t0]scale=320:180,setsar=1[thumb];"
            + "[ss]fps=1/1,scale=160:90,tile=10x6[storyboard]",
        plan.filterGraph());
    assertEquals(1, plan.tap(1280, 720), "the poster comes from the 720p frames");
    assertEquals(4, plan.tap(160, 90), "the storyboard from the 240p frames");
    assertEquals(0, plan.tap(4000, 4000), "nothing large enough: the top rung");
  }

  @Test
  void fpsAlwaysFormatOnlyWhenNeeded() {
    EncodingOptions options = EncodingOptions.defaults();
    assertEquals(
        "fps=30,", TranscodePlan.of(source(1920, 1080, 30, 30, "yuv420p"), options).normalise());
    assertEquals(
        "fps=25,format=yuv420p,",
        TranscodePlan.of(source(1920, 1080, 25, 25, "yuvj420p"), options).normalise());
    assertEquals(
        "fps=30,",
        TranscodePlan.of(source(1920, 1080, 29.6, 30, "yuv420p"), options).normalise(),
        "variable frame rate: normalised");
    assertEquals(
        "fps=60,format=yuv420p,",
        TranscodePlan.of(source(1920, 1080, 120, 120, "yuv420p10le"), options).normalise(),
        "above the cap, 10 bit");
    assertEquals(
        "fps=30000/1001,",
        TranscodePlan.of(source(1920, 1080, 0, 30000 / 1001.0, "yuv420p"), options).normalise(),
        "no average rate reported: normalised to be sure");
    // a source between rung sizes is scaled for its top rung too
    String graph = TranscodePlan.of(source(1000, 562, 30, 30, "yuv420p"), options).filterGraph();
    assertTrue(
        graph.startsWith("[0:v:0]fps=30,scale=854:480:flags=bicubic,setsar=1,split="), graph);
  }

  @Test
  void noAudioMeansNoAudioGroup() {
    TranscodePlan plan =
        TranscodePlan.of(source(640, 360, 0, false, 3), EncodingOptions.defaults());
    assertEquals("v:0,name:360p v:1,name:240p", plan.varStreamMap());
    String line = String.join(" ", plan.command("ffmpeg", Path.of("in"), Path.of("out")));
    assertFalse(line.contains("0:a:0"));
    assertFalse(line.contains("aac"));
    assertFalse(String.join(" ", plan.downloadCommand("ffmpeg", Path.of("out"))).contains("audio"));
  }

  @Test
  void rotatedSourceIsLaidOutUpright() {
    TranscodePlan plan =
        TranscodePlan.of(source(1280, 720, 90, true, 3), EncodingOptions.defaults());
    assertEquals(720, plan.rungs().get(0).width());
    assertEquals(1280, plan.rungs().get(0).height());
    assertEquals(720, plan.posterSize()[0]);
    assertEquals(1280, plan.posterSize()[1]);
  }

  @Test
  void perRungCommandsForTheBenchmark() {
    TranscodePlan plan =
        TranscodePlan.of(source(1920, 1080, 0, true, 60), EncodingOptions.defaults());
    assertEquals(5, plan.perRungCommands("ffmpeg", Path.of("in"), Path.of("out")).size());
  }

  @Test
  void optionsAreChecked() {
    EncodingOptions d = EncodingOptions.defaults();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EncodingOptions(d.caps(), "veryfast", 23, 5, 2, "fmp4", 128, 60, 720, 100, 160, 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EncodingOptions(d.caps(), "veryfast", 23, 8, 2, "fmp4", 128, 60, 720, 100, 160, 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EncodingOptions(d.caps(), "veryfast", 23, 4, 2, "webm", 128, 60, 720, 100, 160, 0));
  }
}
