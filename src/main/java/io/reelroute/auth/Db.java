package io.reelroute.auth;

import io.reelroute.common.Transactions;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The auth services' transactions: a database error becomes an unchecked one. */
final class Db {

  private Db() {}

  static <T> T tx(DataSource dataSource, Transactions.Work<T> work) {
    try {
      return Transactions.run(dataSource, work);
    } catch (SQLException e) {
      throw new IllegalStateException("database error: " + e.getMessage(), e);
    }
  }
}
