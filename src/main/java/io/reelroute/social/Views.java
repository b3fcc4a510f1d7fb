package io.reelroute.social;

import io.reelroute.common.Transactions;
import io.reelroute.config.SharedSecrets;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * View counts: a viewer counts once per video per window (an hour by default), not per reload. A
 * signed-in viewer is their user id; an anonymous one a keyed hash (HMAC-SHA-256) of client address
 * and user agent, so neither is stored. The key is a setting, or the deployment's shared secret
 * (config.SharedSecrets) so that every api process hashes alike.
 */
public final class Views {

  private final DataSource dataSource;
  private final Duration window;
  private final Clock clock;
  private final String configuredSalt;
  private volatile byte[] key;

  Views(DataSource dataSource, Duration window, String salt, Clock clock) {
    this.dataSource = dataSource;
    this.window = window;
    this.configuredSalt = salt;
    this.clock = clock;
  }

  /** The viewer id of a signed-in user. */
  String user(long userId) {
    return hash("user:" + userId);
  }

  /** The viewer id of an anonymous client. */
  String anonymous(String clientIp, String userAgent) {
    return hash("anon:" + clientIp + "\n" + (userAgent == null ? "" : userAgent));
  }

  /** POST /api/videos/{videoKey}/views: counts the view unless this viewer counted lately. */
  Map<String, Object> record(String videoKey, Long callerId, String viewer) throws SQLException {
    Instant now = clock.instant();
    return Transactions.readCommitted(
        dataSource,
        c -> {
          VideoAccess.requireReady(c, videoKey, callerId);
          int counted;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE video_views SET counted_at = ? WHERE videoKey = ? AND viewer = ?"
                      + " AND counted_at <= ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, videoKey);
            ps.setString(3, viewer);
            ps.setTimestamp(4, Timestamp.from(now.minus(window)));
            counted = ps.executeUpdate();
          }
          if (counted == 0) {
            // first view (or the row is recent: then nothing is inserted and nothing counted)
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT IGNORE INTO video_views (videoKey, viewer, counted_at) VALUES (?, ?, ?)")) {
              ps.setString(1, videoKey);
              ps.setString(2, viewer);
              ps.setTimestamp(3, Timestamp.from(now));
              counted = ps.executeUpdate();
            }
          }
          if (counted == 1) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO video_stats (videoKey, views) VALUES (?, 1)"
                        + " ON DUPLICATE KEY UPDATE views = views + 1")) {
              ps.setString(1, videoKey);
              ps.executeUpdate();
            }
          }
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("videoKey", videoKey);
          out.put("counted", counted == 1);
          out.put("views", views(c, videoKey));
          return out;
        });
  }

  /** Forgets views older than the window (they no longer decide anything). */
  public int purge() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM video_views WHERE counted_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant().minus(window)));
      return ps.executeUpdate();
    }
  }

  private static long views(Connection c, String videoKey) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT views FROM video_stats WHERE videoKey = ?")) {
      ps.setString(1, videoKey);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private String hash(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("cannot hash the viewer: " + e.getMessage(), e);
    }
  }

  private byte[] key() {
    byte[] k = key;
    if (k == null) {
      // the deployment's shared key (created once, kept in the database) unless one is configured
      k =
          configuredSalt.isEmpty()
              ? SharedSecrets.getOrCreate(dataSource, "social-viewer-key", 32)
              : configuredSalt.getBytes(StandardCharsets.UTF_8);
      key = k;
    }
    return k;
  }
}
