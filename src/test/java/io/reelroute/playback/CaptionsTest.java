package io.reelroute.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.common.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CaptionsTest {

  private static String vtt(String text) {
    return Captions.toWebVtt(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int refused(String text) {
    return assertThrows(ApiException.class, () -> vtt(text)).status();
  }

  @Test
  void webVttIsKeptWithUnixLineEnds() {
    assertEquals(
        "WEBVTT - a film\n\n00:01.000 --> 00:02.000 align:start\nHi\n",
        vtt("\uFEFFWEBVTT - a film\r\n\r\n00:01.000 --> 00:02.000 align:start\r\nHi"));
  }

  @Test
  void subRipBecomesWebVtt() {
    assertEquals(
        "WEBVTT\n\n1\n00:00:01.250 --> 01:00:02.000\nHi\n\n2\n00:00:03.000 --> 00:00:04.000\nBye\n",
        vtt("1\n00:00:01,250 --> 01:00:02,000\nHi\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n\n"));
  }

  @Test
  void notCaptionsAreRefused() {
    assertEquals(422, refused("hello"));
    assertEquals(422, refused("WEBVTTX\n\n00:01.000 --> 00:02.000\nHi"));
    assertEquals(422, refused("WEBVTT\n\nno cue"));
    assertEquals(422, refused("WEBVTT\n\n00:61.000 --> 00:62.000\nbad seconds"));
    assertEquals(422, refused(""));
    assertEquals(
        413,
        assertThrows(ApiException.class, () -> Captions.toWebVtt(new byte[Captions.MAX_BYTES + 1]))
            .status());
  }

  @Test
  void languagesAndLabels() {
    assertEquals("pt-BR", Captions.language("pt-br"));
    assertEquals("en", Captions.language("EN"));
    for (String bad : new String[] {null, "", "e", "english!", "en_US", "../x", "en-"}) {
      assertEquals(400, assertThrows(ApiException.class, () -> Captions.language(bad)).status());
    }
    assertEquals("German", Captions.label(null, "de"));
    assertEquals("Deutsch (SDH)", Captions.label("  Deutsch (SDH) ", "de"));
    assertTrue(Captions.label("", "zz").length() > 0);
    assertThrows(ApiException.class, () -> Captions.label("x".repeat(65), "de"));
    assertThrows(ApiException.class, () -> Captions.label("a\nb", "de"));
  }
}
