package io.reelroute.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessesTest {

  @Test
  void linesGoToTheConsumerAndStderrTailIsKept() throws Exception {
    List<String> lines = new ArrayList<>();
    Processes.Result result =
        Processes.run(List.of("sh", "-c", "echo a; echo b; echo oops >&2; exit 3"), lines::add, 10);
    assertEquals(List.of("a", "b"), lines);
    assertEquals(3, result.exitCode());
    assertEquals("oops", result.stderrTail());
    assertFalse(result.killed());
  }

  @Test
  void aSilentHungProcessIsKilledAtTheTimeout() throws Exception {
    long start = System.nanoTime();
    Processes.Result result = Processes.run(List.of("sleep", "30"), null, 1);
    assertTrue(result.killed());
    assertTrue((System.nanoTime() - start) / 1e9 < 10);
  }
}
