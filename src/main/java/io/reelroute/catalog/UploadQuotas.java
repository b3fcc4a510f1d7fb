package io.reelroute.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import io.reelroute.common.Transactions;
import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import io.reelroute.video.VideoState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * What one user may reserve (issue 12, bean {@code uploadQuotas}): at most so many pending
 * reservations (videos AWAITING_UPLOAD; then 429 {@code too-many-pending-uploads}), and quotas as
 * PeerTube has them (then 413 {@code quota-exceeded}): the declared sizes of the user's videos that
 * are not FAILED or EXPIRED (storage), and of the uploads reserved in the last 24 hours, a rolling
 * window (daily). A reservation checks and inserts in one transaction holding the user's row
 * ({@code SELECT ... FOR UPDATE}), so two concurrent reservations of one user never both pass the
 * check.
 */
public final class UploadQuotas {

  /** The limits; -1 = unlimited for the two quotas. */
  public record Limits(int maxPending, long storageBytes, long dailyBytes) {

    public static Limits from(Settings settings) {
      return new Limits(
          settings.positiveInt("reelroute.upload.max-pending-per-user"),
          quota(settings, "reelroute.quota.storage-bytes"),
          quota(settings, "reelroute.quota.daily-upload-bytes"));
    }

    private static long quota(Settings settings, String key) {
      long value = settings.longValue(key);
      if (value < -1) {
        throw new SettingsException(
            key, "must be -1 (unlimited) or a number of bytes, got " + value);
      }
      return value;
    }
  }

  /** One user's usage: pending reservations, stored and today's bytes, and when to retry. */
  record Usage(long pending, long storageBytes, long dailyBytes, long oldestPendingExpiresIn) {}

  private static final String EXPIRED = VideoState.EXPIRED.sql();
  private static final String USAGE =
      "SELECT COALESCE(SUM(state = "
          + VideoState.AWAITING_UPLOAD.sql()
          + "), 0), COALESCE(SUM(CASE WHEN state NOT IN ("
          + VideoState.FAILED.sql()
          + ", "
          + EXPIRED
          + ") THEN size_bytes END), 0), COALESCE(SUM(CASE WHEN state <> "
          + EXPIRED
          + " AND uploadTime > NOW() - INTERVAL 1 DAY THEN size_bytes END), 0),"
          + " TIMESTAMPDIFF(SECOND, NOW(), MIN(CASE WHEN state = "
          + VideoState.AWAITING_UPLOAD.sql()
          + " THEN uploadTime END) + INTERVAL ? MINUTE)"
          + " FROM videos WHERE owner_id = ?";

  /** The day's reservations, oldest first: when each leaves the rolling window, and its size. */
  private static final String DAY =
      "SELECT TIMESTAMPDIFF(SECOND, NOW(), uploadTime + INTERVAL 1 DAY), size_bytes FROM videos"
          + " WHERE owner_id = ? AND state <> "
          + EXPIRED
          + " AND uploadTime > NOW() - INTERVAL 1 DAY AND size_bytes IS NOT NULL"
          + " ORDER BY uploadTime";

  private final DataSource dataSource;
  private final Limits limits;
  private final Duration expireAfter;

  public UploadQuotas(DataSource dataSource, Limits limits, Duration expireAfter) {
    this.dataSource = dataSource;
    this.limits = limits;
    this.expireAfter = expireAfter;
  }

  /**
   * Runs {@code reserve} (which inserts the reservation on the connection it is given) once the
   * owner's limits allow {@code sizeBytes} more, in one transaction holding the owner's row.
   * Refused before {@code reserve} runs, so nothing is reserved: no row, no presigned URL, no
   * multipart upload.
   */
  public <T> T reserve(Owner owner, long sizeBytes, Transactions.Work<T> reserve)
      throws SQLException {
    return Transactions.readCommitted(
        dataSource,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id, quota_storage_bytes, quota_daily_bytes FROM users WHERE id = ?"
                      + " FOR UPDATE")) {
            s.setLong(1, owner.id());
            Limits limits;
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                throw ApiException.unauthorized("invalid-token", "The account no longer exists");
              }
              limits = own(r);
            }
            check(c, owner.id(), usage(c, owner.id()), sizeBytes, limits);
          }
          return reserve.run(c);
        });
  }

  /** The defaults with the user's own quotas (users.quota_*, set by an admin: issue 15). */
  private Limits own(ResultSet r) throws SQLException {
    Long storage = (Long) r.getObject(2);
    Long daily = (Long) r.getObject(3);
    return new Limits(
        limits.maxPending(),
        storage == null ? limits.storageBytes() : storage,
        daily == null ? limits.dailyBytes() : daily);
  }

  private Limits limitsOf(Connection c, long ownerId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, quota_storage_bytes, quota_daily_bytes FROM users WHERE id = ?")) {
      s.setLong(1, ownerId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? own(r) : limits;
      }
    }
  }

  private static void check(Connection c, long ownerId, Usage used, long size, Limits limits)
      throws SQLException {
    if (used.pending() >= limits.maxPending()) {
      throw ApiException.tooManyRequests(
          "too-many-pending-uploads",
          "You have "
              + used.pending()
              + " uploads waiting for their files, the most one account may have at once ("
              + limits.maxPending()
              + "). Finish one, or cancel it with DELETE /api/upload/{videoKey}, and try again.",
          (int) Math.max(1, Math.min(Integer.MAX_VALUE, used.oldestPendingExpiresIn())));
    }
    if (limits.storageBytes() >= 0 && used.storageBytes() + size > limits.storageBytes()) {
      throw exceeded("Storage", used.storageBytes(), limits.storageBytes(), size, null);
    }
    if (limits.dailyBytes() >= 0 && used.dailyBytes() + size > limits.dailyBytes()) {
      throw exceeded(
          "Daily upload",
          used.dailyBytes(),
          limits.dailyBytes(),
          size,
          dailyRetry(c, ownerId, size, limits));
    }
  }

  /** Seconds until enough of the day's reservations leave the window for {@code size} to fit. */
  private static Integer dailyRetry(Connection c, long ownerId, long size, Limits limits)
      throws SQLException {
    if (size > limits.dailyBytes()) {
      return null; // never fits
    }
    try (PreparedStatement s = c.prepareStatement(DAY)) {
      s.setLong(1, ownerId);
      long used = 0;
      java.util.List<long[]> rows = new java.util.ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(new long[] {r.getLong(1), r.getLong(2)});
          used += r.getLong(2);
        }
      }
      for (long[] row : rows) {
        used -= row[1];
        if (used + size <= limits.dailyBytes()) {
          return (int) Math.max(1, row[0]);
        }
      }
      return null;
    }
  }

  private static ApiException exceeded(
      String quota, long used, long limit, long size, Integer retryAfter) {
    return new ApiException(
        413,
        "quota-exceeded",
        quota
            + " quota exceeded: "
            + used
            + " of "
            + limit
            + " bytes used ("
            + human(used)
            + " of "
            + human(limit)
            + "), and this upload needs "
            + size
            + " more ("
            + human(size)
            + ").",
        "sizeBytes",
        retryAfter);
  }

  /** Bytes for people: 1.5 GiB, 20.0 MiB, 512 bytes. */
  static String human(long bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  Usage usage(Connection c, long ownerId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(USAGE)) {
      s.setLong(1, expireAfter.toMinutes());
      s.setLong(2, ownerId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new Usage(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
      }
    }
  }

  /** The owner's quota and usage, as {@code GET /api/me} shows it (limit null = unlimited). */
  public Map<String, Object> quota(long ownerId) throws SQLException {
    Usage used;
    Limits limits;
    try (Connection c = dataSource.getConnection()) {
      used = usage(c, ownerId);
      limits = limitsOf(c, ownerId);
    }
    Map<String, Object> quota = new LinkedHashMap<>();
    quota.put("storageBytes", entry(used.storageBytes(), limits.storageBytes()));
    quota.put("dailyUploadBytes", entry(used.dailyBytes(), limits.dailyBytes()));
    quota.put("pendingUploads", entry(used.pending(), limits.maxPending()));
    return quota;
  }

  private static Map<String, Object> entry(long used, long limit) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("used", used);
    entry.put("limit", limit < 0 ? null : limit);
    return entry;
  }

  /** Step of GET /api/me (after authAccount.me): adds {@code quota} to the answer. */
  public void addToMe(Exchange exchange) throws Exception {
    Owner owner = Callers.require(exchange);
    ObjectNode me = (ObjectNode) Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
    me.set("quota", Json.MAPPER.valueToTree(quota(owner.id())));
    exchange.getMessage().setBody(Json.write(me));
  }
}
