package io.reelroute;

import io.reelroute.common.Problems;
import io.reelroute.config.BeanCatalog;
import io.reelroute.config.Beans;
import io.reelroute.config.Capabilities;
import io.reelroute.config.ExtensionRoutes;
import io.reelroute.config.Infrastructure;
import io.reelroute.config.PortCheck;
import io.reelroute.config.Provisioner;
import io.reelroute.config.Settings;
import io.reelroute.config.Settings.Role;
import io.reelroute.config.Settings.StackMode;
import io.reelroute.config.SettingsException;
import io.reelroute.localstack.EmbeddedStack;
import io.reelroute.observe.BuildInfo;
import io.reelroute.observe.DependencyCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Reelroute process: the embedded stack (in embedded mode), the infrastructure clients
 * and the Camel context with the routes of its role. Tests start it the same way as {@link
 * Application}.
 */
public final class Reelroute implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Reelroute.class);

  private final Settings settings;
  private final EmbeddedStack stack;
  private final Infrastructure infrastructure;
  private final Main main;
  private final BeanCatalog beanCatalog;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private Reelroute(
      Settings settings,
      EmbeddedStack stack,
      Infrastructure infra,
      Main main,
      BeanCatalog beanCatalog) {
    this.settings = settings;
    this.stack = stack;
    this.infrastructure = infra;
    this.main = main;
    this.beanCatalog = beanCatalog;
  }

  /** Starts everything the settings ask for; throws {@link SettingsException} on a wrong one. */
  public static Reelroute start(Settings settings) {
    long begin = System.nanoTime();
    io.reelroute.observe.LogFormat.apply(settings);
    // {{aws:name/field}} values: read from AWS Secrets Manager before anything uses them
    settings = io.reelroute.config.VaultSecrets.resolve(settings);
    // a production build lacks the embedded stack: io.reelroute.localstack is only touched below
    // when reelroute.stack=embedded and its libraries are there
    io.reelroute.config.LocalStackSupport.requireFor(settings);
    Role role = settings.role();
    if (role == Role.STACK && settings.stackMode() != StackMode.EMBEDDED) {
      throw new SettingsException(
          "reelroute.role",
          "'stack' runs the embedded services; it needs reelroute.stack=embedded");
    }
    if (role.runsWorker()) {
      checkExecutable("reelroute.ffmpeg.path", settings.get("reelroute.ffmpeg.path"));
      checkExecutable("reelroute.ffprobe.path", settings.get("reelroute.ffprobe.path"));
    }
    if (role.runsApi()) {
      // a malformed key-encryption key is found now, before anything starts
      io.reelroute.auth.KeyEncryption.of(settings.secret(io.reelroute.auth.KeyEncryption.SETTING));
    }
    // extension routes: a missing directory stops the start before anything runs
    java.util.List<java.nio.file.Path> extensions =
        role == Role.STACK ? java.util.List.of() : ExtensionRoutes.files(settings);
    if (role != Role.STACK) {
      PortCheck.requireFree(
          "reelroute.http.port",
          settings.get("reelroute.http.host"),
          settings.port("reelroute.http.port"));
      if (settings.managementPortSet()) {
        PortCheck.requireFree(
            "reelroute.management.port",
            settings.managementHost(),
            settings.port("reelroute.management.port"));
      }
    }
    EmbeddedStack stack = null;
    Infrastructure infra = null;
    try {
      if (settings.stackMode() == StackMode.EMBEDDED) {
        stack =
            EmbeddedStack.start(
                new EmbeddedStack.Config(
                    settings.path("reelroute.data-dir"),
                    settings.port("reelroute.embedded.s3-port"),
                    settings.port("reelroute.embedded.sqs-port"),
                    settings.port("reelroute.embedded.db-port"),
                    settings.port("reelroute.embedded.smtp-port")));
        settings = settings.with(stack.endpoints().asSettings());
      }
      infra = Infrastructure.create(settings, io.reelroute.observe.Tracing.from(settings));
      if (stack != null || settings.bool("reelroute.provision")) {
        Provisioner.provision(infra.s3(), infra.sqs(), provisionPlan(settings));
      }
      if (role == Role.STACK) {
        LOG.info(
            "Local stack ready for external-mode processes; their settings: {}",
            stack.endpoints().asSettings().entrySet().stream()
                .filter(e -> !e.getKey().contains("secret") && !e.getKey().contains("password"))
                .map(e -> Settings.envName(e.getKey()) + "=" + e.getValue())
                .sorted()
                .collect(Collectors.joining(" ")));
        return new Reelroute(settings, stack, infra, null, new BeanCatalog());
      }
      migrate(settings, infra);
      BeanCatalog catalog = new BeanCatalog();
      Main main = camel(settings, infra, stack, catalog);
      main.start();
      io.reelroute.observe.RequestIds.installOn(main.getCamelContext());
      io.reelroute.observe.PoolMetrics.register(main.getCamelContext(), infra.pool());
      try {
        // after the built-in flows, one file at a time, so that a failure names its file
        ExtensionRoutes.load(main.getCamelContext(), extensions);
      } catch (RuntimeException e) {
        stopQuietly(main);
        throw e;
      }
      LOG.info(
          "Reelroute {} ({} role, {} stack) started in {} ms on {}",
          BuildInfo.load().version(),
          role.name().toLowerCase(),
          settings.stackMode().name().toLowerCase(),
          Duration.ofNanos(System.nanoTime() - begin).toMillis(),
          settings.get("reelroute.public-url"));
      return new Reelroute(settings, stack, infra, main, catalog);
    } catch (RuntimeException e) {
      if (infra != null) {
        infra.close();
      }
      if (stack != null) {
        stack.close();
      }
      throw e;
    } catch (Exception e) {
      if (infra != null) {
        infra.close();
      }
      if (stack != null) {
        stack.close();
      }
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static void stopQuietly(Main main) {
    try {
      endLongPolls(main);
      main.stop();
    } catch (RuntimeException e) {
      LOG.debug("Stopping Camel after a failed start failed: {}", oneLine(e));
    }
  }

  /** What the embedded stack (or reelroute.provision) creates: the bucket and the queues. */
  public static Provisioner.Plan provisionPlan(Settings settings) {
    return new Provisioner.Plan(
        settings.get("reelroute.s3.bucket"),
        settings.get("reelroute.sqs.queue"),
        settings.get("reelroute.sqs.dead-letter-queue"),
        settings.positiveInt("reelroute.sqs.max-receive-count"),
        settings.positiveInt("reelroute.sqs.visibility-timeout-seconds"));
  }

  /** Flyway migrations of db/migration; route-level tests run them on their own stack too. */
  public static void migrate(Settings settings, Infrastructure infra) {
    try {
      Flyway.configure()
          .dataSource(infra.dataSource())
          .locations("classpath:db/migration")
          .connectRetries(settings.integer("reelroute.db.connect-retries"))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new SettingsException(
          "reelroute.db.url", "cannot migrate the database there: " + oneLine(e));
    }
  }

  private static Main camel(
      Settings settings, Infrastructure infra, EmbeddedStack stack, BeanCatalog catalog) {
    Main main = new Main(Application.class);
    Properties properties = new Properties();
    properties.putAll(settings.asMap());
    properties.put("camel.server.host", settings.get("reelroute.http.host"));
    properties.put("camel.server.port", settings.get("reelroute.http.port"));
    if (settings.managementPortSet()) {
      // /observe (detailed health, metrics, info) on a port of its own; the public port keeps
      // only the bare liveness and readiness status (routes/observe-public.camel.yaml)
      properties.put("camel.management.host", settings.managementHost());
      properties.put("camel.management.port", settings.get("reelroute.management.port"));
    } else {
      // health, metrics and info share the one HTTP port
      properties.put("camel.management.host", settings.get("reelroute.http.host"));
      properties.put("camel.management.port", settings.get("reelroute.http.port"));
    }
    properties.put(
        "camel.main.routes-include-pattern", io.reelroute.config.Flows.includePattern(settings));
    properties.putAll(infra.tracing().camelProperties());
    main.setOverrideProperties(properties);
    // We stop Camel ourselves, before the embedded stack it depends on: no hook of Camel's own.
    main.setShutdownStrategy(new SimpleMainShutdownStrategy());
    Beans beans =
        new Beans(
            Beans.Binder.of(main), settings, infra, stack, catalog, Reelroute.class.getName());
    bindCore(beans);
    Capabilities.all().forEach(capability -> capability.bind(beans.boundBy(capability)));
    main.addMainListener(
        new MainListenerSupport() {
          @Override
          public void afterConfigure(BaseMainSupport support) {
            CamelContext context = support.getCamelContext();
            io.reelroute.observe.RequestIds.useMdcUnitsOfWork(context);
            HealthCheckRegistry registry = HealthCheckHelper.getHealthCheckRegistry(context);
            DependencyCheck.all(
                    infra.dataSource(),
                    infra.s3(),
                    settings.get("reelroute.s3.bucket"),
                    infra.sqs(),
                    settings.get("reelroute.sqs.queue"))
                .forEach(registry::register);
          }
        });
    return main;
  }

  /**
   * The beans every process binds before the capabilities' own: the infrastructure clients, the
   * settings, the problem mapper. Route-level tests bind them the same way into their own context.
   */
  public static void bindCore(Beans beans) {
    beans.bind("dataSource", beans.infra().dataSource());
    beans.bind("s3Client", beans.infra().s3());
    beans.bind("s3Presigner", beans.infra().presigner());
    beans.bind("sqsClient", beans.infra().sqs());
    beans.infra().tracing().bindInto(beans);
    BuildInfo buildInfo = BuildInfo.load();
    beans.bind("buildInfo", buildInfo);
    if (beans.settings().managementPortSet()) {
      beans.binder().onStarted(new io.reelroute.observe.ManagementInfo(buildInfo));
    }
    beans.bind("httpMetrics", new io.reelroute.observe.HttpMetrics());
    beans.bind("publicHealth", new io.reelroute.observe.PublicHealth());
    beans.bind("settings", beans.settings());
    beans.bind("problems", new Problems());
    if (beans.stack() != null) {
      beans.bind("embeddedStack", beans.stack());
    }
    beans.bind("smtp", Infrastructure.smtp(beans.settings()));
  }

  private static void checkExecutable(String key, String command) {
    try {
      Process process = new ProcessBuilder(command, "-version").redirectErrorStream(true).start();
      process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new SettingsException(
            key, "'" + command + "' did not run (exit " + process.exitValue() + ")");
      }
    } catch (IOException e) {
      throw new SettingsException(
          key, "'" + command + "' was not found; install ffmpeg (script/bootstrap does) or set it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SettingsException(key, "check was interrupted");
    }
  }

  /** A throwable as one line: its root cause's type and first message line. */
  public static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String rootLine = root.getClass().getSimpleName() + firstLine(root.getMessage(), ": ");
    return root == e ? rootLine : firstLine(e.getMessage(), "") + " (caused by " + rootLine + ")";
  }

  private static String firstLine(String message, String prefix) {
    String line = message == null ? "" : message.strip().lines().findFirst().orElse("").strip();
    return line.isEmpty() ? "" : prefix + line;
  }

  public Settings settings() {
    return settings;
  }

  /** The embedded stack, or null in external mode. */
  public EmbeddedStack stack() {
    return stack;
  }

  /** Every bean bound at start: name, class and what bound it (docs/beans.md). */
  public BeanCatalog beanCatalog() {
    return beanCatalog;
  }

  public Infrastructure infrastructure() {
    return infrastructure;
  }

  /** The Camel context, or null for the stack role. */
  public CamelContext camelContext() {
    return main == null ? null : main.getCamelContext();
  }

  public void awaitStop() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops Camel first (in-flight exchanges finish), then the clients, then the embedded stack. */
  /**
   * The job consumers wait up to reelroute.transcode.wait-seconds in a long poll, and Camel's
   * graceful stop waits for those polls: closing their client ends the polls now, so a worker stops
   * in seconds. Messages they were about to receive stay on the queue; running jobs use the shared
   * client to give their message back.
   */
  private static void endLongPolls(Main main) {
    try {
      var polling =
          main.getCamelContext()
              .getRegistry()
              .lookupByNameAndType(
                  "transcodeSqsClient", software.amazon.awssdk.services.sqs.SqsClient.class);
      if (polling != null) {
        // the consumers report the aborted polls as errors: expected now, not worth a log line
        ((ch.qos.logback.classic.Logger)
                LoggerFactory.getLogger("org.apache.camel.component.aws2.sqs.Sqs2Consumer"))
            .setLevel(ch.qos.logback.classic.Level.OFF);
        polling.close();
        LOG.info("Ended the job consumers' long polls");
      }
    } catch (RuntimeException e) {
      LOG.debug("Ending the long polls failed: {}", oneLine(e));
    }
  }

  @Override
  public synchronized void close() {
    if (stopped.getCount() == 0) {
      return;
    }
    LOG.info("Reelroute stopping");
    try {
      if (main != null) {
        endLongPolls(main);
        main.stop();
      }
    } catch (Exception e) {
      LOG.warn("Stopping Camel failed: {}", oneLine(e));
    }
    infrastructure.close();
    if (stack != null) {
      stack.close();
    }
    LOG.info("Reelroute stopped");
    stopped.countDown();
  }
}
