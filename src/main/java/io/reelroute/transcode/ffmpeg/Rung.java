package io.reelroute.transcode.ffmpeg;

/**
 * One rendition of the ladder: named by its nominal short side ({@code 720} → "720p"), encoded at
 * {@code width}x{@code height} (even, aspect kept, never larger than the source), capped at {@code
 * maxrateKbps} with a {@code bufsizeKbps} VBV buffer.
 */
public record Rung(int nominal, int width, int height, int maxrateKbps, int bufsizeKbps) {

  public String name() {
    return nominal + "p";
  }
}
