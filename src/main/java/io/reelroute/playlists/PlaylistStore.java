package io.reelroute.playlists;

import io.reelroute.video.VideoKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The playlists tables (V19), through parameterised JDBC only. */
public final class PlaylistStore {

  static final String WATCH_LATER = "WATCH_LATER";

  /** One playlist row with its owner's channel. */
  public record Playlist(
      String id,
      long ownerId,
      String ownerHandle,
      String ownerName,
      String title,
      String description,
      String visibility,
      boolean watchLater,
      Instant createdAt,
      Instant updatedAt,
      long videoCount) {}

  /** One entry with what the visibility rule needs of its video. */
  public record Entry(
      String videoKey,
      int position,
      long videoOwner,
      String visibility,
      String state,
      boolean hidden) {

    /** Whether {@code callerId} may see this entry's video (taken down and disabled included). */
    public boolean visibleTo(Long callerId) {
      return io.reelroute.video.Visibility.visibleTo(visibility, videoOwner, callerId, hidden);
    }
  }

  private static final String SELECT =
      "SELECT p.id, p.owner_id, u.handle, u.display_name, p.title, p.description, p.visibility,"
          + " p.builtin, p.created_at, p.updated_at,"
          + " (SELECT COUNT(*) FROM playlist_videos pv WHERE pv.playlist_id = p.id)"
          + " FROM playlists p JOIN users u ON u.id = p.owner_id";

  private final DataSource dataSource;

  public PlaylistStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Optional<Playlist> find(String id) throws SQLException {
    List<Playlist> found = query(SELECT + " WHERE p.id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The user's playlists, "Watch later" first, then the most recently changed. */
  public List<Playlist> ofOwner(long ownerId) throws SQLException {
    return query(
        SELECT + " WHERE p.owner_id = ? ORDER BY p.builtin IS NULL, p.updated_at DESC, p.id",
        ownerId);
  }

  /** A channel's public playlists. */
  public List<Playlist> publicOf(long ownerId) throws SQLException {
    return query(
        SELECT
            + " WHERE p.owner_id = ? AND p.visibility = 'PUBLIC' AND p.builtin IS NULL"
            + " ORDER BY p.updated_at DESC, p.id LIMIT 200",
        ownerId);
  }

  /** Creates the built-in "Watch later" of the user unless it exists. */
  public void ensureWatchLater(long ownerId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT IGNORE INTO playlists (id, owner_id, title, visibility, builtin)"
                    + " VALUES (?, ?, 'Watch later', 'PRIVATE', ?)")) {
      s.setString(1, VideoKeys.generate());
      s.setLong(2, ownerId);
      s.setString(3, WATCH_LATER);
      s.executeUpdate();
    }
  }

  /** A new playlist unless the owner has {@code max} already; its id, or null when refused. */
  public String create(long ownerId, String title, String description, String visibility, int max)
      throws SQLException {
    String id = VideoKeys.generate();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO playlists (id, owner_id, title, description, visibility)"
                    + " SELECT ?, ?, ?, ?, ? FROM DUAL WHERE (SELECT COUNT(*) FROM playlists"
                    + " WHERE owner_id = ? AND builtin IS NULL) < ?")) {
      s.setString(1, id);
      s.setLong(2, ownerId);
      s.setString(3, title);
      s.setString(4, description);
      s.setString(5, visibility);
      s.setLong(6, ownerId);
      s.setInt(7, max);
      return s.executeUpdate() == 1 ? id : null;
    }
  }

  public void update(String id, String title, String description, String visibility)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE playlists SET title = COALESCE(?, title),"
                    + " description = COALESCE(?, description),"
                    + " visibility = COALESCE(?, visibility), updated_at = CURRENT_TIMESTAMP(3)"
                    + " WHERE id = ?")) {
      s.setString(1, title);
      s.setString(2, description);
      s.setString(3, visibility);
      s.setString(4, id);
      s.executeUpdate();
    }
  }

  public void delete(String id) throws SQLException {
    update("DELETE FROM playlists WHERE id = ?", id);
  }

  /** Adds the video at the end unless it is in the playlist or the playlist is full. */
  public boolean add(String id, String videoKey, int max) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT IGNORE INTO playlist_videos (playlist_id, videoKey, position)"
                    + " SELECT ?, ?, COALESCE(MAX(position) + 1, 0) FROM playlist_videos"
                    + " WHERE playlist_id = ? HAVING COUNT(*) < ?")) {
      s.setString(1, id);
      s.setString(2, videoKey);
      s.setString(3, id);
      s.setInt(4, max);
      int added = s.executeUpdate();
      if (added == 1) {
        touch(c, id);
        return true;
      }
    }
    return contains(id, videoKey);
  }

  public boolean contains(String id, String videoKey) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT 1 FROM playlist_videos WHERE playlist_id = ? AND videoKey = ?")) {
      s.setString(1, id);
      s.setString(2, videoKey);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  public void remove(String id, String videoKey) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM playlist_videos WHERE playlist_id = ? AND videoKey = ?")) {
      s.setString(1, id);
      s.setString(2, videoKey);
      if (s.executeUpdate() == 1) {
        touch(c, id);
      }
    }
  }

  /** Sets the order: {@code keys} is every video of the playlist once, in the new order. */
  public void reorder(String id, List<String> keys) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE playlist_videos SET position = ? WHERE playlist_id = ? AND videoKey = ?")) {
        for (int i = 0; i < keys.size(); i++) {
          s.setInt(1, i);
          s.setString(2, id);
          s.setString(3, keys.get(i));
          s.addBatch();
        }
        s.executeBatch();
        touch(c, id);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** The playlist's entries in order, with their videos' owner, visibility and state. */
  public List<Entry> entries(String id) throws SQLException {
    List<Entry> entries = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT pv.videoKey, pv.position, v.owner_id, v.visibility, v.state, "
                    + io.reelroute.video.Visibility.HIDDEN
                    + " FROM playlist_videos pv JOIN videos v ON v.videoKey = pv.videoKey"
                    + " WHERE pv.playlist_id = ? ORDER BY pv.position, pv.added_at")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          entries.add(
              new Entry(
                  r.getString(1),
                  r.getInt(2),
                  r.getLong(3),
                  r.getString(4),
                  r.getString(5),
                  r.getBoolean(6)));
        }
      }
    }
    return entries;
  }

  /** A video as an entry would show it (position -1), or null when there is none. */
  public Entry video(String videoKey) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT v.owner_id, v.visibility, v.state, "
                    + io.reelroute.video.Visibility.HIDDEN
                    + " FROM videos v WHERE v.videoKey = ?")) {
      s.setString(1, videoKey);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? new Entry(videoKey, -1, r.getLong(1), r.getString(2), r.getString(3), r.getBoolean(4))
            : null;
      }
    }
  }

  /** The id of the active user with this handle, or null. */
  public Long channelId(String handle) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT id FROM users WHERE handle = ? AND status = 'ACTIVE'")) {
      s.setString(1, handle);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : null;
      }
    }
  }

  /** The ids of the owner's playlists that hold the video ("Save to playlist"). */
  public List<String> holding(long ownerId, String videoKey) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT p.id FROM playlists p JOIN playlist_videos pv ON pv.playlist_id = p.id"
                    + " WHERE p.owner_id = ? AND pv.videoKey = ?")) {
      s.setLong(1, ownerId);
      s.setString(2, videoKey);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
    }
    return ids;
  }

  private static void touch(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE playlists SET updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  private void update(String sql, String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  private List<Playlist> query(String sql, Object arg) throws SQLException {
    List<Playlist> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, arg);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new Playlist(
                  r.getString(1),
                  r.getLong(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7),
                  WATCH_LATER.equals(r.getString(8)),
                  instant(r.getTimestamp(9)),
                  instant(r.getTimestamp(10)),
                  r.getLong(11)));
        }
      }
    }
    return out;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
