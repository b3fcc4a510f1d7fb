package io.reelroute.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HlsPlaylistsTest {

  static final String MEDIA =
      """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-TARGETDURATION:4
      #EXT-X-MEDIA-SEQUENCE:0
      #EXT-X-PLAYLIST-TYPE:VOD
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXT-X-MAP:URI="init.mp4"
      #EXTINF:4.000000,
      seg_00000.m4s
      #EXTINF:2.500000,
      seg_00001.m4s
      #EXT-X-ENDLIST
      """;

  @Test
  void parsesMediaPlaylist() {
    HlsPlaylists.MediaPlaylist playlist = HlsPlaylists.parseMedia(MEDIA);
    assertEquals("init.mp4", playlist.initUri());
    assertEquals(2, playlist.segments().size());
    assertEquals(6.5, playlist.durationSeconds(), 1e-9);
    assertEquals(4.0, playlist.maxSegmentSeconds(), 1e-9);
    assertTrue(playlist.ended());
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylists.parseMedia("hello"));
    assertThrows(
        IllegalArgumentException.class, () -> HlsPlaylists.parseMedia("#EXTM3U\nseg.ts\n"));
  }

  @Test
  void bitratesFromSegmentSizes() {
    HlsPlaylists.MediaPlaylist playlist = HlsPlaylists.parseMedia(MEDIA);
    HlsPlaylists.Bitrate rate =
        HlsPlaylists.bitrate(playlist, new long[] {500_000, 250_000}, 1_000);
    assertEquals(1_000_000, rate.peak(), "4 MB bits over 4 s");
    assertEquals(Math.round(751_000 * 8 / 6.5), rate.average());
  }

  @Test
  void masterHasEveryAttributeAndTheSharedAudioGroup() {
    HlsPlaylists.Bitrate audio = new HlsPlaylists.Bitrate(140_000, 130_000);
    String master =
        HlsPlaylists.master(
            List.of(
                new HlsPlaylists.Variant(
                    "hls/720p/index.m3u8",
                    1280,
                    720,
                    new HlsPlaylists.Bitrate(3_000_000, 2_000_000).plus(audio),
                    "avc1.64001f",
                    30),
                new HlsPlaylists.Variant(
                    "hls/360p/index.m3u8",
                    640,
                    360,
                    new HlsPlaylists.Bitrate(800_000, 600_000).plus(audio),
                    "avc1.64001e",
                    29.97)),
            "hls/audio/index.m3u8",
            "mp4a.40.2");
    assertTrue(master.startsWith("#EXTM3U\n"));
    assertTrue(master.contains("#EXT-X-INDEPENDENT-SEGMENTS"));
    assertTrue(
        master.contains(
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,"
                + "CHANNELS=\"2\",URI=\"hls/audio/index.m3u8\""));
    assertTrue(
        master.contains(
            "#EXT-X-STREAM-INF:BANDWIDTH=3140000,AVERAGE-BANDWIDTH=2130000,RESOLUTION=1280x720,"
                + "CODECS=\"avc1.64001f,mp4a.40.2\",FRAME-RATE=30.000,AUDIO=\"audio\"\n"
                + "hls/720p/index.m3u8\n"),
        master);
    assertTrue(master.contains("FRAME-RATE=29.970"));
  }

  @Test
  void masterWithoutAudio() {
    String master =
        HlsPlaylists.master(
            List.of(
                new HlsPlaylists.Variant(
                    "hls/240p/index.m3u8",
                    426,
                    240,
                    new HlsPlaylists.Bitrate(300_000, 200_000),
                    "avc1.640015",
                    25)),
            null,
            null);
    assertTrue(master.contains("CODECS=\"avc1.640015\",FRAME-RATE=25.000\n"), master);
    assertTrue(!master.contains("AUDIO"));
  }

  @Test
  void codecStringFromAvcCAndFromAnnexB() {
    byte[] box = {0, 0, 0, 20, 'a', 'v', 'c', 'C', 1, 0x64, 0x00, 0x1f, (byte) 0xff};
    assertEquals("avc1.64001f", HlsPlaylists.avcCodec(box, "x"));
    assertEquals("x", HlsPlaylists.avcCodec(new byte[16], "x"));
    byte[] annexB = {0, 0, 0, 1, 0x67, 0x4d, 0x40, 0x1e, 0x00};
    assertEquals("avc1.4d401e", HlsPlaylists.avcCodecFromAnnexB(annexB, "x"));
  }
}
