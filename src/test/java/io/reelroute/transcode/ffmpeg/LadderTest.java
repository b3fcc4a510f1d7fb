package io.reelroute.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LadderTest {

  private static final Map<Integer, Integer> CAPS = EncodingOptions.defaults().caps();

  private static List<Integer> nominal(List<Rung> rungs) {
    return rungs.stream().map(Rung::nominal).toList();
  }

  @Test
  void landscape1080pGetsEveryRungAtOrBelowAndKeepsAspect() {
    List<Rung> rungs = Ladder.select(1920, 1080, CAPS);
    assertEquals(List.of(1080, 720, 480, 360, 240), nominal(rungs));
    assertEquals(new Rung(1080, 1920, 1080, 6000, 12000), rungs.get(0));
    assertEquals(new Rung(720, 1280, 720, 3000, 6000), rungs.get(1));
    assertEquals(854, rungs.get(2).width());
    assertEquals(426, rungs.get(4).width());
    rungs.forEach(r -> assertTrue(r.width() % 2 == 0 && r.height() % 2 == 0, r.toString()));
  }

  @Test
  void portraitIsMeasuredByItsShortSide() {
    List<Rung> rungs = Ladder.select(1080, 1920, CAPS);
    assertEquals(List.of(1080, 720, 480, 360, 240), nominal(rungs));
    assertEquals(1080, rungs.get(0).width());
    assertEquals(1920, rungs.get(0).height());
    assertEquals(720, rungs.get(1).width());
    assertEquals(1280, rungs.get(1).height());
  }

  @Test
  void neverUpscalesAndA240pSourceGetsOneRung() {
    assertEquals(List.of(240), nominal(Ladder.select(426, 240, CAPS)));
    assertEquals(List.of(720, 480, 360, 240), nominal(Ladder.select(1280, 720, CAPS)));
    assertEquals(
        List.of(2160, 1440, 1080, 720, 480, 360, 240), nominal(Ladder.select(3840, 2160, CAPS)));
  }

  @Test
  void oddSizeJustBelowARungGetsThatRungAtItsOwnEvenSize() {
    List<Rung> rungs = Ladder.select(853, 479, CAPS);
    assertEquals(List.of(480, 360, 240), nominal(rungs));
    assertEquals(852, rungs.get(0).width());
    assertEquals(478, rungs.get(0).height());
    assertEquals(642, rungs.get(1).width());
  }

  @Test
  void tinySourceGetsOneRungAtItsOwnSize() {
    List<Rung> rungs = Ladder.select(161, 121, CAPS);
    assertEquals(1, rungs.size());
    assertEquals(120, rungs.get(0).height());
    assertEquals(160, rungs.get(0).width());
    assertEquals("120p", rungs.get(0).name());
  }

  @Test
  void capsComeFromConfiguration() {
    Map<Integer, Integer> caps = Ladder.parseCaps("720:2000, 360:500");
    List<Rung> rungs = Ladder.select(1920, 1080, caps);
    assertEquals(List.of(720, 360), nominal(rungs));
    assertEquals(2000, rungs.get(0).maxrateKbps());
    assertEquals(4000, rungs.get(0).bufsizeKbps());
    assertThrows(IllegalArgumentException.class, () -> Ladder.parseCaps("720"));
    assertThrows(IllegalArgumentException.class, () -> Ladder.parseCaps("721:100"));
    assertThrows(IllegalArgumentException.class, () -> Ladder.parseCaps(""));
  }

  @Test
  void downloadIsTheHighestRungAtOrBelowTheLimit() {
    assertEquals(720, Ladder.downloadRung(Ladder.select(1920, 1080, CAPS), 720).nominal());
    assertEquals(480, Ladder.downloadRung(Ladder.select(853, 480, CAPS), 720).nominal());
    assertEquals(240, Ladder.downloadRung(Ladder.select(1920, 1080, CAPS), 100).nominal());
  }
}
