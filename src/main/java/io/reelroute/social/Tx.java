package io.reelroute.social;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A READ COMMITTED transaction around a piece of work (no gap locks, so concurrent inserts of
 * different users do not block each other); rolls back on any exception and runs the work again
 * when the database chose it as a deadlock victim.
 */
final class Tx {

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private static final int ATTEMPTS = 5;

  private Tx() {}

  static <T> T run(DataSource dataSource, Work<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        int isolation = c.getTransactionIsolation();
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
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
          c.setTransactionIsolation(isolation);
        }
      } catch (SQLException e) {
        if (attempt >= ATTEMPTS || !retryable(e)) {
          throw e;
        }
        try {
          Thread.sleep(5L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Deadlock (1213) or lock wait timeout (1205): the transaction was rolled back; run it again. */
  static boolean retryable(SQLException e) {
    return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || "40001".equals(e.getSQLState());
  }
}
