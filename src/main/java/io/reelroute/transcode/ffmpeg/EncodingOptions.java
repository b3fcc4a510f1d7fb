package io.reelroute.transcode.ffmpeg;

import java.util.Map;

/**
 * Encoding choices, all from configuration (reelroute.transcode.*).
 *
 * @param caps nominal rung height → max bit rate in kbit/s (bufsize is twice that)
 * @param preset x264 preset
 * @param crf x264 constant rate factor (capped by the rung's maxrate)
 * @param segmentSeconds HLS segment length; a multiple of {@code keyframeSeconds}
 * @param keyframeSeconds keyframe interval, the same in every rung
 * @param segmentType "fmp4" or "mpegts"
 * @param audioBitrateKbps stereo AAC bit rate
 * @param maxFrameRate frame rates above this are reduced to it
 * @param downloadMaxHeight the progressive MP4 is the highest rung at or below this
 * @param storyboardMaxTiles at most this many thumbnails in the storyboard sprite
 * @param storyboardTileWidth width of one storyboard thumbnail
 * @param threads ffmpeg -threads (0 = as many as ffmpeg likes)
 */
public record EncodingOptions(
    Map<Integer, Integer> caps,
    String preset,
    int crf,
    int segmentSeconds,
    int keyframeSeconds,
    String segmentType,
    int audioBitrateKbps,
    double maxFrameRate,
    int downloadMaxHeight,
    int storyboardMaxTiles,
    int storyboardTileWidth,
    int threads) {

  public EncodingOptions {
    if (keyframeSeconds <= 0 || segmentSeconds <= 0 || segmentSeconds % keyframeSeconds != 0) {
      throw new IllegalArgumentException(
          "segment length must be a positive multiple of the keyframe interval");
    }
    if (segmentSeconds > 6) {
      throw new IllegalArgumentException("segments must be at most 6 s");
    }
    if (!segmentType.equals("fmp4") && !segmentType.equals("mpegts")) {
      throw new IllegalArgumentException("segment type must be fmp4 or mpegts");
    }
  }

  /** Defaults close to PeerTube's, for tests and the benchmark. */
  public static EncodingOptions defaults() {
    return new EncodingOptions(
        Ladder.parseCaps("2160:16000,1440:10000,1080:6000,720:3000,480:1500,360:800,240:400"),
        "veryfast",
        23,
        4,
        2,
        "fmp4",
        128,
        60,
        720,
        100,
        160,
        0);
  }

  public boolean fmp4() {
    return segmentType.equals("fmp4");
  }
}
