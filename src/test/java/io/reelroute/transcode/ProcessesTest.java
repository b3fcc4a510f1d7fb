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

  @Test
  void theChildsCpuSecondsAreSampledBeforeItExits() throws Exception {
    // a real encode, as the ladder's: x264 on 3 s of a 640x360 test pattern, progress on stdout
    long start = System.nanoTime();
    Processes.Result result =
        Processes.run(
            List.of(
                "ffmpeg",
                "-nostdin",
                "-hide_banner",
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=30",
                "-t",
                "3",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-f",
                "null",
                "-",
                "-progress",
                "pipe:1",
                "-nostats"),
            line -> {},
            120);
    double wall = (System.nanoTime() - start) / 1e9;
    assertEquals(0, result.exitCode(), result.stderrTail());
    int cores = Runtime.getRuntime().availableProcessors();
    assertTrue(result.cpuSeconds() > 0.05, "CPU seconds: " + result.cpuSeconds());
    assertTrue(
        result.cpuSeconds() <= wall * cores + 0.5,
        result.cpuSeconds() + " CPU s in " + wall + " s on " + cores + " cores");
    System.out.printf(
        "ffmpeg child: %.2f CPU s in %.2f s wall (3 s of 640x360 x264 veryfast)%n",
        result.cpuSeconds(), wall);
    // a child that spends nothing measurable
    assertTrue(Processes.run(List.of("true"), null, 10).cpuSeconds() < 0.05);
  }
}
