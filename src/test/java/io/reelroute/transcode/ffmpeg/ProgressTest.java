package io.reelroute.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void percentAndEtaFromProgressBlocks() {
    long start = 0;
    Progress progress = new Progress(60, start);
    assertNull(progress.accept("frame=10", 1));
    assertNull(progress.accept("out_time_us=N/A", 1));
    assertNull(progress.accept("out_time_us=15000000", 1));
    assertNull(progress.accept("speed=1.5x", 1));
    Progress.Snapshot snapshot = progress.accept("progress=continue", 10_000_000_000L);
    assertEquals(25.0, snapshot.percent(), 1e-9);
    assertEquals(30, snapshot.etaSeconds(), "10 s for a quarter: 30 s to go");
    assertEquals(1.5, snapshot.speed(), 1e-9);
    Progress.Snapshot end = progress.accept("progress=end", 20_000_000_000L);
    assertTrue(end.done());
    assertEquals(100, end.percent());
    assertEquals(0, end.etaSeconds());
  }

  @Test
  void neverReports100BeforeTheEndAndIgnoresJunk() {
    Progress progress = new Progress(4, 0);
    progress.accept("out_time_ms=4032000", 1);
    progress.accept("garbage", 1);
    progress.accept("=x", 1);
    Progress.Snapshot snapshot = progress.accept("progress=continue", 2_000_000_000L);
    assertEquals(99.99, snapshot.percent(), 1e-9);
  }

  @Test
  void noEtaBeforeTheFirstFrameUnlessSpeedIsKnown() {
    Progress progress = new Progress(10, 0);
    assertNull(progress.accept("progress=continue", 1_000_000_000L).etaSeconds());
  }
}
