package io.reelroute.auth;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A JDBC transaction around a piece of work; rolls back on any exception. */
final class Db {

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private Db() {}

  static <T> T tx(DataSource dataSource, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("database error: " + e.getMessage(), e);
    }
  }
}
