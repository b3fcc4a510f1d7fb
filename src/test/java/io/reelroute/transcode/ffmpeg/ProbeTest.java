package io.reelroute.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProbeTest {

  static final String PHONE =
      """
      {"streams":[
        {"index":0,"codec_type":"video","codec_name":"h264","width":1920,"height":1080,
         "pix_fmt":"yuv420p","r_frame_rate":"30/1","avg_frame_rate":"12000/463",
         "side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}],
         "disposition":{"attached_pic":0}},
        {"index":1,"codec_type":"audio","codec_name":"aac","channels":6},
        {"index":2,"codec_type":"video","codec_name":"mjpeg","width":300,"height":300,
         "disposition":{"attached_pic":1}}],
       "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"12.345","size":"123456"}}
      """;

  @Test
  void rotationVfrAndAudioFromPhoneVideo() {
    MediaInfo info = Probe.parse(PHONE);
    assertTrue(info.hasVideo());
    assertEquals(270, info.rotation());
    assertEquals(1080, info.width(), "displayed width");
    assertEquals(1920, info.height());
    assertTrue(info.portrait());
    assertEquals(1080, info.shortSide());
    assertTrue(info.variableFrameRate());
    assertEquals(25, info.outputFrameRate(60), 1e-9, "VFR 25.9 fps → the nearest standard rate");
    assertTrue(info.hasAudio());
    assertEquals(6, info.audioChannels());
    assertEquals(12.345, info.durationSeconds(), 1e-9);
    assertEquals(123456, info.sizeBytes());
    assertEquals("yuv420p", info.pixelFormat());
  }

  @Test
  void olderRotateTagAndNoAudio() {
    MediaInfo info =
        Probe.parse(
            """
            {"streams":[{"codec_type":"video","codec_name":"h264","width":640,"height":480,
              "r_frame_rate":"30000/1001","avg_frame_rate":"30000/1001","tags":{"rotate":"90"}}],
             "format":{"format_name":"mov","duration":"3.0"}}
            """);
    assertEquals(90, info.rotation());
    assertEquals(480, info.width());
    assertFalse(info.hasAudio());
    assertEquals(null, info.pixelFormat(), "not reported: unknown");
    assertFalse(info.variableFrameRate());
    assertEquals(29.97, info.outputFrameRate(60), 0.01);
    assertEquals(25, info.outputFrameRate(25), 1e-9);
  }

  @Test
  void audioOnlyAndCoverArtHaveNoVideo() {
    MediaInfo info =
        Probe.parse(
            """
            {"streams":[{"codec_type":"audio","codec_name":"mp3","channels":1},
              {"codec_type":"video","codec_name":"png","width":500,"height":500,
               "disposition":{"attached_pic":1}}],
             "format":{"format_name":"mp3","duration":"200.1"}}
            """);
    assertFalse(info.hasVideo());
    assertEquals(1, info.audioChannels());
  }

  @Test
  void junkIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Probe.parse("not json"));
    assertThrows(IllegalArgumentException.class, () -> Probe.parse("[]"));
    assertFalse(Probe.parse("{}").hasVideo());
  }

  @Test
  void ratesForTheFpsFilterAreExact() {
    assertEquals("30", MediaInfo.rational(30));
    assertEquals("30000/1001", MediaInfo.rational(30000.0 / 1001));
    assertEquals("24000/1001", MediaInfo.rational(24000.0 / 1001));
    assertEquals("12.500000", MediaInfo.rational(12.5));
  }

  @Test
  void ratesParse() {
    assertEquals(0, Probe.rate("0/0"));
    assertEquals(25, Probe.rate("25"));
    assertEquals(0, Probe.rate("x/y"));
  }
}
