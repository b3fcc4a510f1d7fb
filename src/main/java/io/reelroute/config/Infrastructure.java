package io.reelroute.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.reelroute.observe.Tracing;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The clients of the three dependencies (MySQL, S3, SQS), built from settings alone so that the
 * embedded stack and AWS differ only by configuration.
 */
public final class Infrastructure implements AutoCloseable {

  private final HikariDataSource pool;
  private final javax.sql.DataSource dataSource;
  private final S3Client s3;
  private final S3Presigner presigner;
  private final SqsClient sqs;
  private final java.util.Deque<AutoCloseable> closeFirst = new java.util.ArrayDeque<>();
  private final Tracing tracing;

  private Infrastructure(
      HikariDataSource pool, S3Client s3, S3Presigner presigner, SqsClient sqs, Tracing tracing) {
    this.pool = pool;
    this.dataSource = tracing.wrap(pool);
    this.s3 = s3;
    this.presigner = presigner;
    this.sqs = sqs;
    this.tracing = tracing;
  }

  /** The clients without tracing (route-level tests, tools). */
  public static Infrastructure create(Settings settings) {
    return create(settings, Tracing.off());
  }

  /** The clients; with tracing on, their calls make spans (closed with them). */
  public static Infrastructure create(Settings settings, Tracing tracing) {
    AwsCredentialsProvider credentials = credentials(settings);
    Region region = Region.of(settings.get("reelroute.aws.region"));
    ClientOverrideConfiguration timeouts =
        ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(
                Duration.ofSeconds(settings.integer("reelroute.aws.timeout-seconds")))
            .executionInterceptors(tracing.awsInterceptors())
            .build();
    boolean pathStyle = settings.bool("reelroute.s3.path-style");
    var s3 = s3Builder(settings, credentials, timeouts);
    var presigner =
        S3Presigner.builder()
            .region(region)
            .credentialsProvider(credentials)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
    // Browsers reach S3 through the public endpoint, which may differ from the internal one.
    String s3Endpoint = settings.getOrEmpty("reelroute.s3.endpoint");
    String publicEndpoint = settings.getOrEmpty("reelroute.s3.public-endpoint");
    if (!publicEndpoint.isBlank() || !s3Endpoint.isBlank()) {
      presigner.endpointOverride(
          URI.create(publicEndpoint.isBlank() ? s3Endpoint : publicEndpoint));
    }
    var sqs =
        SqsClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(timeouts)
            .httpClientBuilder(httpClient(settings));
    if (settings.isSet("reelroute.sqs.endpoint")) {
      sqs.endpointOverride(URI.create(settings.get("reelroute.sqs.endpoint")));
    }
    return new Infrastructure(
        dataSource(settings), s3.build(), presigner.build(), sqs.build(), tracing);
  }

  /**
   * The S3 client of the pipeline's aws2-s3 endpoints: sources and outputs can be gigabytes, which
   * the shared client's short per-attempt timeout (meant for API calls) would cut off.
   */
  public S3Client transferS3(Settings settings) {
    Duration transfer = Duration.ofHours(2);
    return s3Builder(
            settings,
            credentials(settings),
            ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(transfer)
                .apiCallTimeout(transfer)
                .executionInterceptors(tracing.awsInterceptors())
                .build())
        .build();
  }

  private static software.amazon.awssdk.services.s3.S3ClientBuilder s3Builder(
      Settings settings, AwsCredentialsProvider credentials, ClientOverrideConfiguration timeouts) {
    var s3 =
        S3Client.builder()
            .region(Region.of(settings.get("reelroute.aws.region")))
            .credentialsProvider(credentials)
            .overrideConfiguration(timeouts)
            .httpClientBuilder(httpClient(settings))
            .serviceConfiguration(
                S3Configuration.builder()
                    .pathStyleAccessEnabled(settings.bool("reelroute.s3.path-style"))
                    .build());
    String endpoint = settings.getOrEmpty("reelroute.s3.endpoint");
    if (!endpoint.isBlank()) {
      s3.endpointOverride(URI.create(endpoint));
    }
    return s3;
  }

  /**
   * An SQS client for long-polling consumers: its per-attempt and socket timeouts cover the
   * long-poll wait, which the shared client's short timeout (reelroute.aws.timeout-seconds) would
   * cut off.
   */
  public static SqsClient longPollingSqs(
      Settings settings,
      int waitSeconds,
      software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
    Duration timeout =
        Duration.ofSeconds(waitSeconds + settings.integer("reelroute.aws.timeout-seconds"));
    var sqs =
        SqsClient.builder()
            .region(Region.of(settings.get("reelroute.aws.region")))
            .credentialsProvider(credentials(settings))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .apiCallAttemptTimeout(timeout)
                    .executionInterceptors(java.util.List.of(interceptors))
                    .build())
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(timeout)
                    .maxConnections(64));
    if (settings.isSet("reelroute.sqs.endpoint")) {
      sqs.endpointOverride(URI.create(settings.get("reelroute.sqs.endpoint")));
    }
    return sqs.build();
  }

  /**
   * The smtp component every mail-sending route uses: SMTP AUTH only when a user is set (GreenMail
   * and local relays take none), STARTTLS when asked (SES SMTP on 587 requires it).
   */
  public static MailComponent smtp(Settings settings) {
    MailConfiguration mail = new MailConfiguration();
    mail.setConnectionTimeout(settings.integer("reelroute.smtp.timeout-ms"));
    if (settings.isSet("reelroute.smtp.user")) {
      mail.setUsername(settings.get("reelroute.smtp.user"));
      mail.setPassword(settings.secret("reelroute.smtp.password"));
    }
    if (settings.bool("reelroute.smtp.starttls")) {
      Properties tls = new Properties();
      tls.setProperty("mail.smtp.starttls.enable", "true");
      tls.setProperty("mail.smtp.starttls.required", "true");
      mail.setAdditionalJavaMailProperties(tls);
    }
    MailComponent smtp = new MailComponent();
    smtp.setConfiguration(mail);
    return smtp;
  }

  private static ApacheHttpClient.Builder httpClient(Settings settings) {
    return ApacheHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(settings.integer("reelroute.aws.timeout-seconds")))
        .maxConnections(64);
  }

  private static AwsCredentialsProvider credentials(Settings settings) {
    if (settings.isSet("reelroute.aws.access-key-id")) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(
              settings.get("reelroute.aws.access-key-id"),
              settings.secret("reelroute.aws.secret-access-key")));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static HikariDataSource dataSource(Settings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("reelroute-db");
    config.setJdbcUrl(settings.require("reelroute.db.url"));
    config.setUsername(settings.getOrEmpty("reelroute.db.user"));
    config.setPassword(settings.dbPassword());
    config.setMaximumPoolSize(settings.positiveInt("reelroute.db.pool-size"));
    // Fail requests fast while the database is away (they answer 503) instead of queueing them.
    config.setConnectionTimeout(settings.integer("reelroute.db.connect-timeout-ms"));
    config.setValidationTimeout(1_000);
    // The pool starts even if the database is down; start-up checks it once through migration.
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("cachePrepStmts", "true");
    config.addDataSourceProperty("prepStmtCacheSize", "250");
    // the driver caches statements up to 256 characters by default: the listing's SQL is longer, so
    // each request prepared it on the server, and closed it, again (two extra round trips)
    config.addDataSourceProperty("prepStmtCacheSqlLimit", "8192");
    config.addDataSourceProperty("useServerPrepStmts", "true");
    config.addDataSourceProperty("connectTimeout", "2000");
    return new HikariDataSource(config);
  }

  /** The database: the pool, or with tracing on a wrapper that makes a span per statement. */
  public javax.sql.DataSource dataSource() {
    return dataSource;
  }

  /** The connection pool itself (its metrics). */
  public HikariDataSource pool() {
    return pool;
  }

  public Tracing tracing() {
    return tracing;
  }

  public S3Client s3() {
    return s3;
  }

  public S3Presigner presigner() {
    return presigner;
  }

  public SqsClient sqs() {
    return sqs;
  }

  /** Closes {@code resource} with these clients (before them, last added first). */
  public synchronized void closeWith(AutoCloseable resource) {
    closeFirst.push(resource);
  }

  @Override
  public void close() {
    while (!closeFirst.isEmpty()) {
      try {
        closeFirst.pop().close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(Infrastructure.class)
            .warn("Could not close {}: {}", e.getClass().getSimpleName(), e.getMessage());
      }
    }
    sqs.close();
    presigner.close();
    s3.close();
    pool.close();
    // last: the spans of everything above are exported
    tracing.close();
  }
}
