package io.reelroute.catalog;

import io.reelroute.common.Transactions;
import io.reelroute.video.VideoLifecycle;
import io.reelroute.video.VideoPublication;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The videos table, through parameterised JDBC only. */
public final class CatalogStore {

  private static final String COLUMNS =
      "v.videoKey, v.displayName, %s, v.uploadTime, v.isTranscoded, v.email, v.owner_id,"
          + " u.display_name, v.visibility, v.state, v.failure_reason, v.progress_percent,"
          + " v.eta_seconds, v.duration_seconds, v.width, v.height, v.size_bytes, v.file_name,"
          + " v.content_type, v.source_key, v.upload_id, v.part_size_bytes,"
          + " u.handle, COALESCE(st.likes, 0), COALESCE(st.dislikes, 0),"
          + " COALESCE(st.comments, 0), COALESCE(st.views, 0),"
          // moderation (issue 15): the takedown, and whether the video is hidden at all
          + " v.takedown_reason, v.taken_down_at, "
          + io.reelroute.video.Visibility.HIDDEN_OWNER_JOINED
          + ", v.published_at"; // first READY and public (video.published)
  private static final String JOIN_USERS = " JOIN users u ON u.id = v.owner_id";

  /** Social counters (issue 8), one row per video once it has any. */
  private static final String JOIN_STATS = " LEFT JOIN video_stats st ON st.videoKey = v.videoKey";

  private static final String FULL =
      "SELECT " + COLUMNS.formatted("v.description") + " FROM videos v" + JOIN_USERS + JOIN_STATS;

  /**
   * Listings carry an excerpt only (no need to move 5,000 characters per row), and pin their plan:
   * videos drive the join (STRAIGHT_JOIN) and are read newest first along an index whose order is
   * the listing's, so a page reads ~limit rows and never sorts. Left to itself, the optimizer
   * started from a small users table and sorted every READY row for each page.
   */
  private static String brief(String index) {
    return "SELECT STRAIGHT_JOIN "
        + COLUMNS.formatted("LEFT(v.description, 301)")
        + " FROM videos v"
        + (index == null ? "" : " FORCE INDEX (" + index + ")")
        // by primary key, row by row: a join buffer over a small users table would lose the order
        + " JOIN users u FORCE INDEX (PRIMARY) ON u.id = v.owner_id"
        + JOIN_STATS;
  }

  /** The public catalog: (state, visibility, uploadTime, videoKey). */
  private static final String BRIEF_PUBLIC = brief("ix_videos_listing");

  /** A search: the full-text index finds the rows, which are then sorted (cached per query). */
  private static final String BRIEF_SEARCH = brief(null);

  /** One owner's videos: (owner_id, uploadTime) + the primary key videoKey. */
  private static final String BRIEF_OWNED = brief("ix_videos_owner");

  private static final String AFTER_CURSOR =
      " AND (v.uploadTime < ? OR (v.uploadTime = ? AND v.videoKey < ?))";
  private static final String NEWEST_FIRST = " ORDER BY v.uploadTime DESC, v.videoKey DESC LIMIT ?";

  /** What a new upload row holds. */
  public record NewVideo(
      String videoKey,
      String displayName,
      String description,
      String visibility,
      long ownerId,
      String email,
      long sizeBytes,
      String fileName,
      String contentType,
      String sourceKey,
      String uploadId,
      Long partSizeBytes) {}

  /** Fields a metadata edit changes; null = unchanged. */
  public record Edit(String displayName, String description, String visibility) {}

  private final DataSource dataSource;
  private final VideoLifecycle lifecycle;
  private final ConnectionGate gate;

  /**
   * {@code maxConcurrent} (the pool size) bounds how many catalog threads use a connection at once
   * ({@link ConnectionGate}).
   */
  public CatalogStore(DataSource dataSource, int maxConcurrent, long waitMillis) {
    this.dataSource = dataSource;
    this.lifecycle = new VideoLifecycle(dataSource);
    this.gate = new ConnectionGate(dataSource, maxConcurrent, waitMillis);
  }

  private Connection connection() throws SQLException {
    return gate.connection();
  }

  /**
   * Inserts a new row on the reservation's transaction ({@link UploadQuotas#reserve}); false when
   * the key is taken (the caller draws another).
   */
  public boolean insert(Connection c, NewVideo v) throws SQLException {
    String sql =
        "INSERT INTO videos (videoKey, displayName, description, visibility, owner_id, email,"
            + " state, isTranscoded, size_bytes, file_name, content_type, source_key, upload_id,"
            + " part_size_bytes) VALUES (?, ?, ?, ?, ?, ?, "
            + io.reelroute.video.VideoState.AWAITING_UPLOAD.sql()
            + ", 0, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, v.videoKey());
      s.setString(2, v.displayName());
      s.setString(3, v.description());
      s.setString(4, v.visibility());
      s.setLong(5, v.ownerId());
      s.setString(6, v.email());
      s.setLong(7, v.sizeBytes());
      s.setString(8, v.fileName());
      s.setString(9, v.contentType());
      s.setString(10, v.sourceKey());
      s.setString(11, v.uploadId());
      if (v.partSizeBytes() == null) {
        s.setNull(12, Types.BIGINT);
      } else {
        s.setLong(12, v.partSizeBytes());
      }
      s.executeUpdate();
      return true;
    } catch (SQLIntegrityConstraintViolationException e) {
      if (e.getErrorCode() == 1062) { // duplicate key
        return false;
      }
      throw e;
    }
  }

  public Optional<Video> find(String videoKey) throws SQLException {
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement(FULL + " WHERE v.videoKey = ?")) {
      s.setString(1, videoKey);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /**
   * Public READY videos, newest first, after the cursor; with a full-text query when {@code match}
   * (a boolean-mode expression built by {@link SearchText#fullText}) is not null.
   */
  public List<Video> listPublic(String match, Cursor after, int limit) throws SQLException {
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement(publicSql(match != null, after != null))) {
      int i = 1;
      if (match != null) {
        s.setString(i++, match);
      }
      i = bindCursor(s, i, after);
      s.setInt(i, limit);
      return rows(s);
    }
  }

  /** The SQL of a public listing page (tests check its plan). */
  static String publicSql(boolean search, boolean afterCursor) {
    return (search ? BRIEF_SEARCH : BRIEF_PUBLIC)
        + " WHERE "
        + io.reelroute.video.Visibility.LISTED
        + (search ? " AND MATCH(v.displayName, v.description) AGAINST (? IN BOOLEAN MODE)" : "")
        + (afterCursor ? AFTER_CURSOR : "")
        + NEWEST_FIRST;
  }

  /** The SQL of a page of one owner's videos. */
  static String ownedSql(boolean afterCursor) {
    return BRIEF_OWNED + " WHERE v.owner_id = ?" + (afterCursor ? AFTER_CURSOR : "") + NEWEST_FIRST;
  }

  /** Every video of one owner, in any state, newest first. */
  public List<Video> listOwned(long ownerId, Cursor after, int limit) throws SQLException {
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement(ownedSql(after != null))) {
      s.setLong(1, ownerId);
      int i = bindCursor(s, 2, after);
      s.setInt(i, limit);
      return rows(s);
    }
  }

  /** One user's public READY videos, newest first (the channel page, social). */
  public List<Video> listChannel(long ownerId, Cursor after, int limit) throws SQLException {
    String sql =
        BRIEF_OWNED
            + " WHERE v.owner_id = ? AND "
            + io.reelroute.video.Visibility.LISTED
            + (after == null ? "" : AFTER_CURSOR)
            + NEWEST_FIRST;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, ownerId);
      int i = bindCursor(s, 2, after);
      s.setInt(i, limit);
      return rows(s);
    }
  }

  /**
   * The subscription feed (issue 15): public READY videos of the channels the user follows, most
   * recently published first (published_at: a video made public late comes at the top; the cursor's
   * time is the publication's). The subscriptions table is io.reelroute.subscriptions'; this is its
   * one read of videos.
   */
  public List<Video> listFeed(long subscriberId, Cursor after, int limit) throws SQLException {
    String sql =
        BRIEF_SEARCH
            + " WHERE v.owner_id IN (SELECT s.channel_id FROM subscriptions s"
            + " WHERE s.subscriber_id = ?) AND "
            + io.reelroute.video.Visibility.LISTED
            + " AND v.published_at IS NOT NULL"
            + (after == null ? "" : AFTER_CURSOR.replace("v.uploadTime", "v.published_at"))
            + NEWEST_FIRST.replace("v.uploadTime", "v.published_at");
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, subscriberId);
      int i = bindCursor(s, 2, after);
      s.setInt(i, limit);
      return rows(s);
    }
  }

  public boolean update(String videoKey, long ownerId, Edit edit) throws SQLException {
    StringBuilder sql = new StringBuilder("UPDATE videos SET updated_at = CURRENT_TIMESTAMP(3)");
    List<String> values = new ArrayList<>();
    if (edit.displayName() != null) {
      sql.append(", displayName = ?");
      values.add(edit.displayName());
    }
    if (edit.description() != null) {
      sql.append(", description = ?");
      values.add(edit.description());
    }
    if (edit.visibility() != null) {
      sql.append(", visibility = ?");
      values.add(edit.visibility());
    }
    sql.append(" WHERE videoKey = ? AND owner_id = ?");
    return Transactions.run(
        dataSource,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (String value : values) {
              s.setString(i++, value);
            }
            s.setString(i++, videoKey);
            s.setLong(i, ownerId);
            if (s.executeUpdate() != 1) {
              return false;
            }
          }
          if (edit.visibility() != null) { // made public: published now if READY and never was
            VideoPublication.publishIfDue(c, videoKey);
          }
          return true;
        });
  }

  /** The keys of every video of an owner, in any state. */
  public List<String> keysOf(long ownerId) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (Connection c = connection();
        PreparedStatement s =
            c.prepareStatement("SELECT videoKey FROM videos WHERE owner_id = ?")) {
      s.setLong(1, ownerId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          keys.add(r.getString(1));
        }
      }
    }
    return keys;
  }

  /** Deletes the row with its video.deleted event ({@link VideoLifecycle#delete}). */
  public boolean delete(String videoKey, long ownerId) throws SQLException {
    return lifecycle.delete(videoKey, ownerId);
  }

  /** Forgets the multipart upload id once the upload is completed or aborted. */
  public void clearUploadId(String videoKey) throws SQLException {
    try (Connection c = connection();
        PreparedStatement s =
            c.prepareStatement("UPDATE videos SET upload_id = NULL WHERE videoKey = ?")) {
      s.setString(1, videoKey);
      s.executeUpdate();
    }
  }

  /** AWAITING_UPLOAD → EXPIRED ({@link VideoLifecycle#expire}). */
  public boolean expire(String videoKey, String reason) throws SQLException {
    return lifecycle.expire(videoKey, reason);
  }

  private static int bindCursor(PreparedStatement s, int i, Cursor after) throws SQLException {
    if (after != null) {
      s.setObject(i++, after.uploadTime());
      s.setObject(i++, after.uploadTime());
      s.setString(i++, after.videoKey());
    }
    return i;
  }

  private static List<Video> rows(PreparedStatement s) throws SQLException {
    List<Video> videos = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        videos.add(row(rs));
      }
    }
    return videos;
  }

  private static Video row(ResultSet rs) throws SQLException {
    return new Video(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getObject(4, LocalDateTime.class),
        rs.getBoolean(5),
        rs.getString(6),
        rs.getLong(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getBigDecimal(12),
        (Integer) rs.getObject(13),
        rs.getBigDecimal(14),
        (Integer) rs.getObject(15),
        (Integer) rs.getObject(16),
        (Long) rs.getObject(17),
        rs.getString(18),
        rs.getString(19),
        rs.getString(20),
        rs.getString(21),
        (Long) rs.getObject(22),
        rs.getString(23),
        rs.getLong(24),
        rs.getLong(25),
        rs.getLong(26),
        rs.getLong(27),
        rs.getString(28),
        rs.getObject(29, LocalDateTime.class),
        rs.getBoolean(30),
        rs.getObject(31, LocalDateTime.class));
  }
}
