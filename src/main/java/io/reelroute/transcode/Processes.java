package io.reelroute.transcode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs ffmpeg/ffprobe: stdout line by line to a consumer, the tail of stderr kept for errors. */
final class Processes {

  /** How a run ended. */
  /**
   * How a run ended. {@code cpuSeconds}: the child's user + system CPU time as last sampled before
   * it exited (-1 when the platform does not tell).
   */
  record Result(int exitCode, String stdout, String stderrTail, boolean killed, double cpuSeconds) {
    Result(int exitCode, String stdout, String stderrTail, boolean killed) {
      this(exitCode, stdout, stderrTail, killed, -1);
    }
  }

  /**
   * The child's CPU time so far, sampled while it runs (it is gone once it has been waited for).
   */
  private static final class CpuSampler {
    private final ProcessHandle handle;
    private long lastSample;
    private volatile java.time.Duration max = java.time.Duration.ZERO;
    private volatile boolean known;

    CpuSampler(ProcessHandle handle) {
      this.handle = handle;
    }

    void sample(boolean force) {
      long now = System.nanoTime();
      if (!force && now - lastSample < 100_000_000L) {
        return;
      }
      lastSample = now;
      handle
          .info()
          .totalCpuDuration()
          .ifPresent(
              d -> {
                known = true;
                if (d.compareTo(max) > 0) {
                  max = d;
                }
              });
    }

    double seconds() {
      return known ? max.toNanos() / 1e9 : -1;
    }
  }

  /** Running children, destroyed if the JVM exits under them (no orphaned ffmpeg). */
  private static final java.util.Set<Process> RUNNING =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Set when the JVM begins to stop (SIGTERM): a job failing from now on is released at once. */
  private static volatile boolean stopping;

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping = true; // before the kill, so the failing job sees why it failed
                  RUNNING.forEach(Process::destroyForcibly);
                },
                "ffmpeg-reaper"));
  }

  /**
   * Registers the shutdown hook now (class initialisation): a hook cannot be added once the JVM is
   * shutting down, when the SQS client would first ask {@link #stopping()}.
   */
  static void watchShutdown() {
    // the static initialiser above does the work
  }

  /** Whether the JVM is shutting down (its children have been or are being killed). */
  static boolean stopping() {
    return stopping;
  }

  private Processes() {}

  /**
   * Runs a command to its end. Stdout goes to {@code lines} (or is collected when null); the
   * process is destroyed if this thread is interrupted or the timeout passes.
   */
  static Result run(List<String> command, Consumer<String> lines, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close(); // nothing to say to it (ffmpeg runs with -nostdin)
    RUNNING.add(process);
    java.util.concurrent.atomic.AtomicBoolean timedOut =
        new java.util.concurrent.atomic.AtomicBoolean();
    // a watchdog, since a silent, hung process would never end the read loop below
    java.util.concurrent.CompletableFuture.delayedExecutor(timeoutSeconds, TimeUnit.SECONDS)
        .execute(
            () -> {
              if (process.isAlive()) {
                timedOut.set(true);
                process.destroyForcibly();
              }
            });
    CpuSampler cpu = new CpuSampler(process.toHandle());
    Deque<String> tail = new ArrayDeque<>();
    Thread stderr =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 20) {
                      tail.removeFirst();
                    }
                  }
                }
              } catch (IOException ignored) {
                // the process went away
              }
            },
            "ffmpeg-stderr");
    stderr.setDaemon(true);
    stderr.start();
    StringBuilder out = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    boolean killed = false;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
        if (System.nanoTime() > deadline) {
          killed = true;
          process.destroyForcibly();
          break;
        }
        // ffmpeg writes -progress lines every half second and "progress=end" as it finishes
        cpu.sample(line.startsWith("progress=end"));
        if (lines != null) {
          lines.accept(line);
        } else if (out.length() < 4_000_000) {
          out.append(line).append('\n');
        }
      }
      cpu.sample(true); // stdout closed: the child is exiting, maybe still there
      long left = Math.max(1, deadline - System.nanoTime());
      if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
        killed = true;
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException | IOException | RuntimeException e) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      RUNNING.remove(process);
      throw e;
    }
    RUNNING.remove(process);
    killed |= timedOut.get();
    stderr.join(2000);
    String errors;
    synchronized (tail) {
      errors = String.join("\n", tail);
    }
    return new Result(process.exitValue(), out.toString(), errors, killed, cpu.seconds());
  }

  /** The last line ffmpeg or ffprobe wrote to stderr (its error), at most 300 characters. */
  static String lastLine(Result result) {
    String[] lines = result.stderrTail().strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.length() > 300 ? last.substring(0, 300) : last;
  }
}
