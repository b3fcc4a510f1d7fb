package io.reelroute.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The listing queries keep their plan whatever the table statistics say: videos drive the join
 * along the listing index, no sort, no full scan (the optimizer once chose to start from a one-row
 * users table and sort every READY video for each page).
 */
@IntegrationTest
class QueryPlanIT {

  private record Step(String table, String type, String key, String extra) {}

  private static List<Step> explain(TestApp app, String sql, Object... args) throws Exception {
    List<Step> steps = new ArrayList<>();
    try (Connection c = CatalogFixtures.db(app).getConnection();
        PreparedStatement s = c.prepareStatement("EXPLAIN " + sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          steps.add(
              new Step(
                  rs.getString("table"),
                  rs.getString("type"),
                  rs.getString("key"),
                  String.valueOf(rs.getString("Extra"))));
        }
      }
    }
    return steps;
  }

  @Test
  void listingsReadAlongTheirIndexWithoutSorting(TestApp app) throws Exception {
    Owner owner = CatalogFixtures.userRow(app, "Plan");
    for (int i = 0; i < 30; i++) {
      CatalogFixtures.seedReady(app, owner, "Plan " + i, "query plan", "PUBLIC");
    }
    try (Connection c = CatalogFixtures.db(app).getConnection();
        var statement = c.createStatement()) {
      statement.execute("ANALYZE TABLE videos");
    }
    LocalDateTime now = LocalDateTime.now();
    List<List<Step>> plans =
        List.of(
            explain(app, CatalogStore.publicSql(false, false), 21),
            explain(app, CatalogStore.publicSql(false, true), now, now, "AbCdEfGhIjK", 21),
            explain(app, CatalogStore.ownedSql(false), owner.id(), 21),
            explain(app, CatalogStore.ownedSql(true), owner.id(), now, now, "AbCdEfGhIjK", 21));
    for (List<Step> plan : plans) {
      assertEquals(3, plan.size(), plan.toString());
      Step videos = plan.get(0);
      assertEquals("v", videos.table(), "videos drive the join: " + plan);
      assertTrue(
          videos.key().equals("ix_videos_listing") || videos.key().equals("ix_videos_owner"),
          plan.toString());
      assertFalse(videos.extra().contains("filesort"), "no sort: " + plan);
      assertFalse(videos.type().equals("ALL"), "no full scan: " + plan);
      Step users = plan.get(1);
      assertEquals("u", users.table());
      assertEquals("PRIMARY", users.key(), plan.toString());
      Step stats = plan.get(2); // social counters, one row per video by primary key
      assertEquals("st", stats.table());
      assertEquals("PRIMARY", stats.key(), plan.toString());
    }
    List<Step> search = explain(app, CatalogStore.publicSql(true, false), "+plan*", 21);
    assertEquals("ft_videos_text", search.get(0).key(), search.toString());
  }
}
