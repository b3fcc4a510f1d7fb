import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline of bench/catalog.sh: a bare Vert.x HTTP server with a HikariCP pool answering GET
 * /api/videos with the project's own listing SQL (CatalogStore.publicSql, read by reflection so
 * that it follows the code) on the same database, the rows turned into the same item fields with
 * Jackson; no Camel, no cache, no presigning, no filters. What the listing costs at the least on
 * this machine.
 *
 * <p>java -cp 'target/classes:target/lib/*' bench/BareListing.java JDBC_URL PORT [POOL_SIZE]
 */
public final class BareListing {

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int port = Integer.parseInt(args[1]);
    int pool = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Class<?> store = Class.forName("io.reelroute.catalog.CatalogStore");
    Method publicSql = store.getDeclaredMethod("publicSql", boolean.class, boolean.class);
    publicSql.setAccessible(true);
    String sql = (String) publicSql.invoke(null, false, false);

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("root");
    config.setPassword("");
    config.setMaximumPoolSize(pool);
    HikariDataSource db = new HikariDataSource(config);
    ObjectMapper json = new ObjectMapper();
    Vertx vertx = Vertx.vertx();
    vertx
        .createHttpServer()
        .requestHandler(
            request ->
                vertx
                    .<byte[]>executeBlocking(() -> json.writeValueAsBytes(page(db, sql, 20)), false)
                    .onSuccess(
                        body ->
                            request
                                .response()
                                .putHeader("content-type", "application/json")
                                .end(io.vertx.core.buffer.Buffer.buffer(body)))
                    .onFailure(e -> request.response().setStatusCode(500).end(e.toString())))
        .listen(port, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .join();
    System.out.println("bare listing on 127.0.0.1:" + port);
  }

  static List<Map<String, Object>> page(HikariDataSource db, String sql, int size)
      throws Exception {
    List<Map<String, Object>> items = new ArrayList<>(size);
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, size + 1);
      try (ResultSet r = s.executeQuery()) {
        while (r.next() && items.size() < size) {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("videoKey", r.getString(1));
          item.put("displayName", r.getString(2));
          item.put("description", r.getString(3));
          item.put("ownerName", r.getString(8));
          Timestamp t = r.getTimestamp(4);
          item.put(
              "uploadTime", t.toLocalDateTime().toInstant(ZoneOffset.UTC).toString());
          item.put("durationSeconds", r.getObject(14));
          item.put("ownerHandle", r.getString(23));
          item.put("likes", r.getLong(24));
          item.put("dislikes", r.getLong(25));
          item.put("comments", r.getLong(26));
          item.put("views", r.getLong(27));
          items.add(item);
        }
      }
    }
    return items;
  }
}
