package io.reelroute.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PlaylistRewriterTest {

  static final String PREFIX = "videos/abcdefghijk/";

  static final String MASTER =
      """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",DEFAULT=YES,URI="hls/audio/index.m3u8"
      #EXT-X-STREAM-INF:BANDWIDTH=2000000,AVERAGE-BANDWIDTH=1800000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=30.000,AUDIO="aud"
      hls/720p/index.m3u8
      #EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
      hls/360p/index.m3u8
      """;

  static final String MEDIA =
      """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-TARGETDURATION:6
      #EXT-X-PLAYLIST-TYPE:VOD
      #EXT-X-MAP:URI="init_0.mp4"
      #EXTINF:6.000000,
      seg_000.m4s
      #EXTINF:4.000000,
      ./seg_001.m4s
      #EXT-X-ENDLIST
      """;

  static String sign(String key) {
    return "https://s3.example/" + key + "?X-Amz-Signature=sig";
  }

  @Test
  void masterPointsVariantsAndAudioBackToTheApiWithTheToken() {
    var template = PlaylistRewriter.parseHls(MASTER, PREFIX + "master.m3u8", PREFIX);
    assertTrue(template.hasPlaylistRefs());
    String out = template.render(rel -> "/api/stream/abcdefghijk/" + rel + "?t=T", k -> sign(k));
    assertTrue(out.contains("\n/api/stream/abcdefghijk/hls/720p/index.m3u8?t=T\n"), out);
    assertTrue(out.contains("\n/api/stream/abcdefghijk/hls/360p/index.m3u8?t=T\n"), out);
    assertTrue(out.contains("URI=\"/api/stream/abcdefghijk/hls/audio/index.m3u8?t=T\""), out);
    // attributes other than URI are untouched
    assertTrue(out.contains("CODECS=\"avc1.64001f,mp4a.40.2\",FRAME-RATE=30.000,AUDIO=\"aud\""));
    assertEquals(MASTER.lines().count(), out.lines().count());
  }

  @Test
  void mediaPlaylistGetsPresignedSegmentAndInitUrls() {
    var template = PlaylistRewriter.parseHls(MEDIA, PREFIX + "hls/720p/index.m3u8", PREFIX);
    assertFalse(template.hasPlaylistRefs());
    String out = template.render(rel -> "unused", PlaylistRewriterTest::sign);
    assertTrue(out.contains("#EXT-X-MAP:URI=\"" + sign(PREFIX + "hls/720p/init_0.mp4") + "\""));
    assertTrue(out.contains("\n" + sign(PREFIX + "hls/720p/seg_000.m4s") + "\n"));
    assertTrue(out.contains("\n" + sign(PREFIX + "hls/720p/seg_001.m4s") + "\n"), out);
    assertTrue(out.startsWith("#EXTM3U\n"));
    assertTrue(out.endsWith("#EXT-X-ENDLIST\n"));
    assertFalse(out.contains("\nseg_"), "no bare segment name survives");
  }

  @Test
  void aPlaylistReferringOutsideItsVideoIsRefused() {
    String key = PREFIX + "hls/720p/index.m3u8";
    for (String evil :
        List.of(
            "../../../otherkey000/hls/720p/init.mp4",
            "https://evil.example/x.ts",
            "//evil.example/x.ts",
            "/videos/otherkey000/a.ts",
            "..%2f..%2f..%2fother/a.ts")) {
      String playlist = "#EXTM3U\n#EXTINF:6,\n" + evil + "\n";
      String map = "#EXTM3U\n#EXT-X-MAP:URI=\"" + evil + "\"\n";
      for (String text : List.of(playlist, map)) {
        var template = tryParse(text, key);
        if (template != null) {
          String out = template.render(rel -> "P:" + rel, k -> "S:" + k);
          assertTrue(out.contains("S:" + PREFIX), out);
          assertFalse(out.contains("evil") || out.contains("S:videos/other"), out);
        }
      }
    }
    // inside the video's prefix, even via dot segments, is fine
    assertEquals(
        new PlaylistRewriter.ObjectRef(PREFIX + "poster.jpg"),
        PlaylistRewriter.reference("../../poster.jpg", key, PREFIX));
    assertNull(PlaylistRewriter.reference("../../../x/poster.jpg", key, PREFIX));
    assertNull(PlaylistRewriter.reference("a\\b.ts", key, PREFIX));
  }

  private static PlaylistRewriter.Template tryParse(String text, String key) {
    try {
      return PlaylistRewriter.parseHls(text, key, PREFIX);
    } catch (IllegalStateException refused) {
      return null;
    }
  }

  @Test
  void storyboardVttGetsPresignedSprite() {
    String vtt =
        """
        WEBVTT

        00:00:00.000 --> 00:00:02.000
        storyboard.jpg#xywh=0,0,160,90

        00:00:02.000 --> 00:00:04.000
        storyboard.jpg#xywh=160,0,160,90
        """;
    var template = PlaylistRewriter.parseVtt(vtt, PREFIX + "storyboard.vtt", PREFIX);
    String out = template.render(rel -> "unused", PlaylistRewriterTest::sign);
    assertTrue(out.contains(sign(PREFIX + "storyboard.jpg") + "#xywh=160,0,160,90\n"), out);
    assertTrue(out.contains("00:00:02.000 --> 00:00:04.000\n"));
    assertTrue(out.startsWith("WEBVTT\n"));
  }

  @Test
  void signerReusesSignaturesForHalfTheirLifeThenSignsAgain() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    List<String> signed = new ArrayList<>();
    PlaylistSigner signer =
        new PlaylistSigner(
            (key, ttl) -> {
              signed.add(key);
              return "S(" + key + "," + now.get().getEpochSecond() + "+" + ttl.toSeconds() + ")";
            },
            Duration.ofMinutes(10),
            100,
            clock);
    String key = PREFIX + "hls/720p/index.m3u8";
    int[] parses = {0};
    java.util.function.Supplier<PlaylistRewriter.Template> parse =
        () -> {
          parses[0]++;
          return PlaylistRewriter.parseHls(MEDIA, key, PREFIX);
        };
    String first = signer.render(key, parse, "/api/stream/k/", "?t=x");
    assertEquals(3, signed.size(), "init + 2 segments signed once");
    assertEquals(first, signer.render(key, parse, "/api/stream/k/", "?t=y"));
    now.set(now.get().plusSeconds(299));
    assertEquals(first, signer.render(key, parse, "/api/stream/k/", "?t=x"), "still fresh");
    assertEquals(3, signed.size());
    now.set(now.get().plusSeconds(2)); // past half the lifetime
    String second = signer.render(key, parse, "/api/stream/k/", "?t=x");
    assertEquals(6, signed.size(), "signed again");
    assertTrue(second.contains("+600)"));
    assertEquals(1, parses[0], "parsed once");
    assertEquals(Duration.ofMinutes(5), signer.minimumRemaining());
  }
}
