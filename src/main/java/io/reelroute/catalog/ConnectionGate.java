package io.reelroute.catalog;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Bounds how many catalog threads use a pooled connection at once (moved out of {@link
 * CatalogStore} unchanged). More threads than connections make HikariCP hand connections over by
 * spinning on Thread.yield(), which burnt most of the CPU of 2 cores under load; waiting here parks
 * instead.
 */
final class ConnectionGate {

  private final DataSource dataSource;
  private final Semaphore gate;
  private final long waitMillis;

  ConnectionGate(DataSource dataSource, int maxConcurrent, long waitMillis) {
    this.dataSource = dataSource;
    this.gate = new Semaphore(maxConcurrent, true);
    this.waitMillis = waitMillis;
  }

  /** A pooled connection whose close() also frees the permit. */
  Connection connection() throws SQLException {
    try {
      if (!gate.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
        throw new SQLTransientConnectionException(
            "no database connection within " + waitMillis + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLTransientConnectionException("interrupted while waiting for a connection");
    }
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException | RuntimeException e) {
      gate.release();
      throw e;
    }
    AtomicBoolean released = new AtomicBoolean();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                  connection.close();
                } finally {
                  if (released.compareAndSet(false, true)) {
                    gate.release();
                  }
                }
                return null;
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
