package io.reelroute.transcode;

import io.reelroute.video.VideoLifecycle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running job's place on this worker (stages open-workspace, save-source, close-workspace): its
 * temp directory under the process's own directory, and the heartbeat that tells other workers the
 * job is alive. Directories of killed workers are removed when a worker starts.
 */
public final class Workspaces {

  private static final Logger LOG = LoggerFactory.getLogger(Workspaces.class);

  private final VideoLifecycle store;
  private final Path workDir;
  private final Path processDir;
  private final int heartbeatSeconds;
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "transcode-heartbeat");
            t.setDaemon(true);
            return t;
          });

  public Workspaces(VideoLifecycle store, Path workDir, int heartbeatSeconds) {
    this.store = store;
    this.workDir = workDir;
    this.processDir = workDir.resolve("p" + ProcessHandle.current().pid());
    this.heartbeatSeconds = heartbeatSeconds;
  }

  /** Stage open-workspace: the job's directory, and its heartbeat until close. */
  public void open(Exchange exchange) throws IOException {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    String claim = job.claim();
    Path dir =
        processDir.resolve(job.videoKey() + "-" + claim.substring(claim.lastIndexOf('/') + 1));
    Files.createDirectories(dir.resolve("out"));
    job.dir(dir);
    job.heartbeat(
        heartbeats.scheduleAtFixedRate(
            () -> beat(job.videoKey(), claim),
            heartbeatSeconds,
            heartbeatSeconds,
            TimeUnit.SECONDS));
  }

  private void beat(String videoKey, String claim) {
    try {
      store.heartbeat(videoKey, claim);
    } catch (SQLException e) {
      LOG.debug("heartbeat for {} failed: {}", videoKey, e.toString());
    }
  }

  /**
   * Stage save-source: the fetched object's stream goes to disk, never into the heap. An empty file
   * is a poison input.
   */
  public void saveSource(Exchange exchange) throws IOException, PoisonInputException {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class)) {
      Files.copy(in, job.source(), StandardCopyOption.REPLACE_EXISTING);
    } catch (org.apache.camel.InvalidPayloadException e) {
      throw new IOException("the source could not be read: " + e.getMessage(), e);
    }
    exchange.getMessage().setBody(null);
    job.sourceBytes(Files.size(job.source()));
    if (job.sourceBytes() == 0) {
      throw new PoisonInputException("The uploaded file is empty (0 bytes).");
    }
  }

  /** Stage close-workspace (also after a failure): stops the heartbeat, deletes the directory. */
  public void close(Exchange exchange) {
    Job job = exchange.getProperty(Job.PROPERTY, Job.class);
    if (job == null) {
      return;
    }
    if (job.heartbeat() != null) {
      job.heartbeat().cancel(false);
    }
    if (job.dir() != null) {
      deleteTree(job.dir());
    }
  }

  /** Work directories of worker processes that no longer run (killed mid-job). */
  public void cleanAbandoned() {
    if (!Files.isDirectory(workDir)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(workDir)) {
      for (Path dir : dirs.toList()) {
        String name = dir.getFileName().toString();
        if (name.matches("p\\d+")) {
          long pid = Long.parseLong(name.substring(1));
          boolean alive =
              pid == ProcessHandle.current().pid()
                  || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
          if (!alive) {
            LOG.info("Removing work directory {} of a stopped worker", dir);
            deleteTree(dir);
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot list {}: {}", workDir, e.toString());
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete {}: {}", dir, e.toString());
    }
  }

  public void shutdown() {
    heartbeats.shutdownNow();
  }
}
