package io.reelroute.common;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A JDBC transaction around a piece of work: rolls back on any exception and runs the work again
 * when the database chose it as a deadlock victim (the rollback already undid it).
 */
public final class Transactions {

  /** The work of one transaction; it may run more than once. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private static final int ATTEMPTS = 5;

  private Transactions() {}

  /** At the connection's isolation level (REPEATABLE READ on MySQL). */
  public static <T> T run(DataSource dataSource, Work<T> work) throws SQLException {
    return run(dataSource, -1, work);
  }

  /**
   * READ COMMITTED: no gap locks, so concurrent inserts of different users (reactions, comments,
   * views) do not block each other.
   */
  public static <T> T readCommitted(DataSource dataSource, Work<T> work) throws SQLException {
    return run(dataSource, Connection.TRANSACTION_READ_COMMITTED, work);
  }

  private static <T> T run(DataSource dataSource, int isolation, Work<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        int before = c.getTransactionIsolation();
        if (isolation >= 0) {
          c.setTransactionIsolation(isolation);
        }
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
          c.setTransactionIsolation(before);
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
  public static boolean retryable(SQLException e) {
    return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || "40001".equals(e.getSQLState());
  }
}
