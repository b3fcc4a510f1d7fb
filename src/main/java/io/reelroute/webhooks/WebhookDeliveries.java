package io.reelroute.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.reelroute.auth.KeyEncryption;
import io.reelroute.common.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The delivery queue in table {@code webhook_deliveries} (routes/webhooks.camel.yaml): claims due
 * deliveries for this process, decides the retry after a failed attempt and counts outcomes.
 *
 * <p>Claiming locks due rows with {@code FOR UPDATE SKIP LOCKED} and pushes their {@code
 * next_attempt_at} one lease ahead in the same transaction, so several api processes never send the
 * same attempt, and a process that dies mid-delivery leaves the row to be taken again once the
 * lease has run out. At most {@code slots} deliveries are claimed and not yet finished per process,
 * so a lease never runs out while a delivery waits for a sender thread.
 */
public final class WebhookDeliveries {

  /** Back-off ceiling between two attempts. */
  static final Duration MAX_DELAY = Duration.ofHours(1);

  /** Retries stop this long after the delivery was created. */
  static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

  /** How long a claimed delivery belongs to this process. */
  static final Duration LEASE = Duration.ofSeconds(60);

  private final DataSource dataSource;
  private final KeyEncryption encryption;
  private final Duration retryBase;
  private final int slots;
  private final Clock clock;
  private final AtomicInteger inFlight = new AtomicInteger();

  public WebhookDeliveries(
      DataSource dataSource,
      KeyEncryption encryption,
      Duration retryBase,
      int concurrency,
      Clock clock) {
    this.dataSource = dataSource;
    this.encryption = encryption;
    this.retryBase = retryBase;
    this.slots = concurrency * 2;
    this.clock = clock;
  }

  /** Timer step: the due deliveries this process now owns (possibly none). */
  public List<Delivery> claim() throws SQLException {
    int free = slots - inFlight.get();
    if (free <= 0) {
      return List.of();
    }
    List<Delivery> claimed =
        Transactions.readCommitted(
            dataSource,
            c -> {
              List<Long> ids = new ArrayList<>();
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT id FROM webhook_deliveries WHERE status = 'pending'"
                          + " AND next_attempt_at <= UTC_TIMESTAMP(3) ORDER BY next_attempt_at"
                          + " LIMIT ? FOR UPDATE SKIP LOCKED")) {
                s.setInt(1, free);
                try (ResultSet rs = s.executeQuery()) {
                  while (rs.next()) {
                    ids.add(rs.getLong(1));
                  }
                }
              }
              if (ids.isEmpty()) {
                return List.of();
              }
              String in = ids.stream().map(id -> "?").collect(Collectors.joining(","));
              try (PreparedStatement s =
                  c.prepareStatement(
                      "UPDATE webhook_deliveries SET next_attempt_at ="
                          + " DATE_ADD(UTC_TIMESTAMP(3), INTERVAL ? SECOND) WHERE id IN ("
                          + in
                          + ")")) {
                s.setLong(1, LEASE.toSeconds());
                for (int i = 0; i < ids.size(); i++) {
                  s.setLong(i + 2, ids.get(i));
                }
                s.executeUpdate();
              }
              List<Delivery> rows = new ArrayList<>();
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT d.id, d.webhook_id, w.url, w.secret, w.user_id, d.event_id,"
                          + " d.event_type, d.payload, d.attempts, d.created_at"
                          + " FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
                          + " WHERE d.id IN ("
                          + in
                          + ") ORDER BY d.next_attempt_at, d.id")) {
                for (int i = 0; i < ids.size(); i++) {
                  s.setLong(i + 1, ids.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                  while (rs.next()) {
                    rows.add(
                        new Delivery(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getString(3),
                            encryption.open(secretKeyId(rs.getLong(5)), rs.getString(4)),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getInt(9),
                            rs.getTimestamp(10).toLocalDateTime().toInstant(ZoneOffset.UTC)));
                  }
                }
              }
              return rows;
            });
    inFlight.addAndGet(claimed.size());
    return claimed;
  }

  /** The additional data sealing a webhook secret binds it to (its owner). */
  static String secretKeyId(long userId) {
    return "webhook-secret:" + userId;
  }

  /**
   * After an attempt: header {@code WebhookOutcome} delivered (a 2xx answer), retry (with {@code
   * WebhookRetryInSeconds}: base x 2^(attempts-1), at most an hour) or failed (the next try would
   * fall more than 24 h after the delivery was created).
   */
  public void outcome(Exchange exchange) {
    Message in = exchange.getIn();
    if (Boolean.TRUE.equals(in.getHeader("WebhookDelivered", Boolean.class))) {
      in.setHeader("WebhookOutcome", "delivered");
      return;
    }
    Delivery delivery = in.getBody(Delivery.class);
    long delay = delaySeconds(retryBase, delivery.attempts() + 1);
    Instant next = clock.instant().plusSeconds(delay);
    boolean retry = !next.isAfter(delivery.createdAt().plus(GIVE_UP_AFTER));
    in.setHeader("WebhookOutcome", retry ? "retry" : "failed");
    in.setHeader("WebhookRetryInSeconds", delay);
  }

  /** Seconds to wait after the n-th failed attempt (n from 1): base x 2^(n-1), capped. */
  static long delaySeconds(Duration base, int failedAttempts) {
    long delay = base.toSeconds();
    for (int i = 1; i < failedAttempts && delay < MAX_DELAY.toSeconds(); i++) {
      delay *= 2;
    }
    return Math.min(delay, MAX_DELAY.toSeconds());
  }

  /** Step of every attempt's end (also on errors): frees the slot the claim took. */
  public void release() {
    inFlight.decrementAndGet();
  }

  /** Counts an attempt's outcome (delivered, retry, failed) in reelroute_webhook_deliveries. */
  public void count(Exchange exchange) {
    String outcome = exchange.getIn().getHeader("WebhookOutcome", "unknown", String.class);
    MeterRegistry registry =
        exchange.getContext().getRegistry().findSingleByType(MeterRegistry.class);
    Counter.builder("reelroute.webhook.deliveries")
        .description("Webhook delivery attempts by outcome")
        .tag("outcome", outcome)
        .register(registry == null ? Metrics.globalRegistry : registry)
        .increment();
  }
}
