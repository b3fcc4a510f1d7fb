package io.reelroute.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  record Sample(String name, int count) {}

  @Test
  void unknownFieldIsA400NamingTheField() {
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> Json.read("{\"name\":\"a\",\"count\":1,\"x\":2}", Sample.class));
    assertEquals(400, e.status());
    assertEquals("x", e.field());
  }

  @Test
  void wrongTypeNamesTheField() {
    ApiException e =
        assertThrows(
            ApiException.class,
            () -> Json.read("{\"name\":\"a\",\"count\":\"many\"}", Sample.class));
    assertEquals("count", e.field());
    assertEquals("invalid-field", e.code());
  }

  @Test
  void malformedAndMissingBodies() {
    assertEquals(
        "malformed-json",
        assertThrows(ApiException.class, () -> Json.read("{nope", Sample.class)).code());
    assertEquals(
        "missing-body",
        assertThrows(ApiException.class, () -> Json.read(" ", Sample.class)).code());
    assertEquals(
        "malformed-json",
        assertThrows(ApiException.class, () -> Json.read("[1,2]", Sample.class)).code());
  }

  @Test
  void unavailableDatabaseIs503WithRetryAfter() {
    ApiException e =
        Problems.classify(
            new RuntimeException(
                new HikariPool.PoolInitializationException(
                    new SQLTransientConnectionException("pool timeout"))));
    assertEquals(503, e.status());
    assertEquals(5, e.retryAfterSeconds());
  }

  @Test
  void unknownFailureIs500WithoutInternals() {
    ApiException e = Problems.classify(new IllegalStateException("secret internals"));
    assertEquals(500, e.status());
    Map<String, Object> body = Problems.body(e, "/api/x");
    assertEquals("https://reelroute.io/problems/internal-error", body.get("type"));
    assertFalse(body.get("detail").toString().contains("secret"));
  }
}
