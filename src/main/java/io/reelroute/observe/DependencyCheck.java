package io.reelroute.observe;

import io.reelroute.Reelroute;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A readiness check of one dependency. Each probe runs on every readiness call, so a dependency
 * that returns is seen UP at once, without a restart; the clients' short timeouts bound the call.
 */
public final class DependencyCheck extends AbstractHealthCheck {

  /** One probe: returns normally when the dependency answers, throws with the reason otherwise. */
  @FunctionalInterface
  public interface Probe {
    void run() throws Exception;
  }

  private final Probe probe;

  public DependencyCheck(String id, Probe probe) {
    super("reelroute", id);
    this.probe = probe;
  }

  @Override
  public boolean isLiveness() {
    return false; // a missing dependency makes us unready, never a reason to restart the process
  }

  @Override
  protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
    try {
      probe.run();
      builder.up();
    } catch (Exception e) {
      builder.down().message(Reelroute.oneLine(e)); // never a stack trace
    }
  }

  /** The checks for the database, the bucket and the job queue. */
  public static List<HealthCheck> all(
      DataSource dataSource, S3Client s3, String bucket, SqsClient sqs, String queue) {
    return List.of(
        new DependencyCheck(
            "db",
            () -> {
              try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid(2)) {
                  throw new IllegalStateException("connection is not valid");
                }
              }
            }),
        new DependencyCheck("s3", () -> s3.headBucket(r -> r.bucket(bucket))),
        new DependencyCheck("sqs", () -> sqs.getQueueUrl(r -> r.queueName(queue))));
  }
}
