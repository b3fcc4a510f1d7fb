package io.reelroute.config;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Random keys shared by every process of a deployment, kept in the database: the first process to
 * ask creates one (INSERT IGNORE wins exactly once), every later one reads the same bytes.
 */
public final class SharedSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SharedSecrets() {}

  public static byte[] getOrCreate(DataSource dataSource, String name, int bytes) {
    byte[] candidate = new byte[bytes];
    RANDOM.nextBytes(candidate);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement insert =
          c.prepareStatement("INSERT IGNORE INTO shared_secrets (name, value) VALUES (?, ?)")) {
        insert.setString(1, name);
        insert.setBytes(2, candidate);
        insert.executeUpdate();
      }
      try (PreparedStatement select =
          c.prepareStatement("SELECT value FROM shared_secrets WHERE name = ?")) {
        select.setString(1, name);
        try (ResultSet rs = select.executeQuery()) {
          rs.next();
          return rs.getBytes(1);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read shared secret " + name, e);
    }
  }
}
