import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.security.SecureRandom;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Seeds N READY public videos (plus some unlisted/private and unfinished ones) of one user for the
 * catalog benchmark, and writes their keys to a file, one per line. Run with the app's lib/ on the
 * class path: java -cp 'target/lib/*' bench/SeedCatalog.java JDBC_URL N KEYS_FILE
 */
public class SeedCatalog {
  private static final String WORDS =
      "sunset beach mountain city night drive cat dog river forest snow rain concert guitar "
          + "recipe pasta garden bike train ocean desert festival skate drone timelapse tutorial";

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int n = Integer.parseInt(args[1]);
    Path keysFile = Path.of(args[2]);
    String[] words = WORDS.split(" ");
    SecureRandom random = new SecureRandom();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    try (Connection c = DriverManager.getConnection(url, "root", "");
        PrintWriter keys = new PrintWriter(Files.newBufferedWriter(keysFile))) {
      long owner;
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "INSERT INTO users (email, display_name, status) VALUES ('bench@example.test', 'Bench', 'ACTIVE')",
            Statement.RETURN_GENERATED_KEYS);
        try (ResultSet rs = s.getGeneratedKeys()) {
          rs.next();
          owner = rs.getLong(1);
        }
      }
      c.setAutoCommit(false);
      String sql =
          "INSERT INTO videos (videoKey, displayName, description, visibility, owner_id, email, state,"
              + " isTranscoded, duration_seconds, width, height, size_bytes, source_key, uploadTime)"
              + " VALUES (?, ?, ?, ?, ?, 'bench@example.test', ?, ?, ?, 1280, 720, ?, ?,"
              + " NOW() - INTERVAL ? SECOND)";
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < n; i++) {
          StringBuilder key = new StringBuilder();
          for (int k = 0; k < 11; k++) key.append(alphabet.charAt(random.nextInt(64)));
          String w1 = words[random.nextInt(words.length)], w2 = words[random.nextInt(words.length)];
          int kind = i % 20; // 85% public READY, the rest unlisted, private or unfinished
          String visibility = kind == 17 ? "UNLISTED" : kind == 18 ? "PRIVATE" : "PUBLIC";
          String state = kind == 19 ? "PROCESSING" : "READY";
          s.setString(1, key.toString());
          s.setString(2, capitalize(w1) + " " + w2 + " #" + i);
          s.setString(3, "A video about " + w1 + " and " + w2 + ". ".repeat(1) + "Filmed on a phone, edited later. ".repeat(random.nextInt(8)));
          s.setString(4, visibility);
          s.setLong(5, owner);
          s.setString(6, state);
          s.setInt(7, state.equals("READY") ? 1 : 0);
          s.setDouble(8, 5 + random.nextInt(600));
          s.setLong(9, 1_000_000L + random.nextInt(100_000_000));
          s.setString(10, "uploads/" + key + "/source");
          s.setInt(11, n - i); // spread over the last N seconds, newest last
          s.addBatch();
          if (state.equals("READY") && visibility.equals("PUBLIC")) keys.println(key);
          if (i % 500 == 499) { s.executeBatch(); c.commit(); }
        }
        s.executeBatch();
        c.commit();
      }
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE TABLE videos");
      }
    }
  }

  private static String capitalize(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }
}
