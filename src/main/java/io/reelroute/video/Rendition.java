package io.reelroute.video;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** One output of a READY video, a row of the renditions table (HLS rungs and the MP4). */
public record Rendition(
    String kind,
    int width,
    int height,
    long bandwidth,
    long averageBandwidth,
    String codecs,
    double frameRate,
    String objectKey,
    long sizeBytes) {

  /** Replaces the video's rows, on the caller's connection (READY's transaction). */
  static void replaceAll(Connection c, String videoKey, List<Rendition> renditions)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM renditions WHERE videoKey = ?")) {
      s.setString(1, videoKey);
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO renditions (videoKey, kind, height, width, bandwidth,"
                + " average_bandwidth, codecs, frame_rate, object_key, size_bytes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Rendition r : renditions) {
        s.setString(1, videoKey);
        s.setString(2, r.kind());
        s.setInt(3, r.height());
        s.setInt(4, r.width());
        s.setLong(5, r.bandwidth());
        s.setLong(6, r.averageBandwidth());
        s.setString(7, r.codecs());
        s.setBigDecimal(8, BigDecimal.valueOf(r.frameRate()).setScale(3, RoundingMode.HALF_UP));
        s.setString(9, r.objectKey());
        s.setLong(10, r.sizeBytes());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
