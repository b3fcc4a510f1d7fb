package io.reelroute.moderation;

import io.reelroute.auth.Caller;
import io.reelroute.auth.Members;
import io.reelroute.auth.Roles;
import io.reelroute.catalog.CatalogService;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import io.reelroute.common.Transactions;
import io.reelroute.social.CommentModeration;
import io.reelroute.video.VideoPublication;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * The admin page's API (bean {@code moderationAdmin}, routes behind requireAdmin): accounts with
 * their roles, grant and revoke moderator, enable a disabled account, per-user quotas, and the
 * audit log. Every change is written to the audit log in its own transaction.
 */
public final class AdminApi {

  /** The body of PUT /api/admin/users/{userId}/role. */
  record RoleChange(String role) {}

  /** The body of PUT /api/admin/users/{userId}/quotas: bytes, -1 = unlimited, null = default. */
  record Quotas(Long storageBytes, Long dailyUploadBytes) {}

  private final DataSource dataSource;
  private final ModerationSettings settings;
  private final Members members;
  private final CatalogService catalog;

  AdminApi(
      DataSource dataSource, ModerationSettings settings, Members members, CatalogService catalog) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.members = members;
    this.catalog = catalog;
  }

  /** GET /api/admin/users?q&cursor&limit: confirmed accounts by id. */
  public void users(Exchange exchange) throws SQLException {
    String q = Http.text(Http.param(exchange, "q"), "q", 100, false);
    long after = Http.cursor(Http.param(exchange, "cursor"));
    int limit = Http.limit(Http.param(exchange, "limit"), settings);
    List<Members.Member> rows;
    try (Connection c = dataSource.getConnection()) {
      rows = members.list(c, q, after, limit + 1);
    }
    boolean more = rows.size() > limit;
    List<Map<String, Object>> items = new ArrayList<>();
    for (Members.Member m : more ? rows.subList(0, limit) : rows) {
      items.add(view(m));
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("items", items);
    page.put("nextCursor", more ? Http.cursor(rows.get(limit - 1).id()) : null);
    Http.json(exchange, 200, page);
  }

  /** PUT /api/admin/users/{userId}/role {role: user|moderator}: grant or revoke moderator. */
  public void setRole(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    long id = Http.id(exchange, "userId", "user");
    String role = Json.read(Http.body(exchange), RoleChange.class).role();
    if (!Roles.USER.equals(role) && !Roles.MODERATOR.equals(role)) {
      throw ApiException.invalidField("role", "role must be user or moderator");
    }
    Map<String, Object> view =
        change(
            id,
            (c, m) -> {
              if (Roles.ADMIN.equals(m.role())) {
                throw ApiException.conflict(
                    "is-admin", "Admins are set by reelroute.admin.emails, not here");
              }
              members.setRole(c, id, role);
              Audit.record(
                  c,
                  caller,
                  Roles.MODERATOR.equals(role) ? "user.grant-moderator" : "user.revoke-moderator",
                  "user",
                  id,
                  m.email());
            });
    Http.json(exchange, 200, view);
  }

  /** POST /api/admin/users/{userId}/enable: a disabled account may sign in again. */
  public void enable(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    long id = Http.id(exchange, "userId", "user");
    Set<String> recounted = new TreeSet<>();
    Map<String, Object> view =
        change(
            id,
            (c, m) -> {
              if (!members.enable(c, id)) {
                throw ApiException.conflict("not-disabled", "The account is not disabled");
              }
              Audit.record(c, caller, "user.enable", "user", id, m.email());
              // its comments count again where viewers see them
              recounted.addAll(CommentModeration.recount(c, id));
              for (String key : Actions.videoKeys(c, id)) { // READY while disabled: published now
                VideoPublication.publishIfDue(c, key);
              }
            });
    try (Connection c = dataSource.getConnection()) {
      Actions.videoKeys(c, id).forEach(catalog::invalidate);
    }
    recounted.forEach(catalog::invalidate);
    Http.json(exchange, 200, view);
  }

  /** PUT /api/admin/users/{userId}/quotas {storageBytes, dailyUploadBytes}. */
  public void setQuotas(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    long id = Http.id(exchange, "userId", "user");
    Quotas q = Json.read(Http.body(exchange), Quotas.class);
    check(q.storageBytes(), "storageBytes");
    check(q.dailyUploadBytes(), "dailyUploadBytes");
    Map<String, Object> view =
        change(
            id,
            (c, m) -> {
              members.setQuotas(c, id, q.storageBytes(), q.dailyUploadBytes());
              Audit.record(
                  c,
                  caller,
                  "user.quotas",
                  "user",
                  id,
                  "storageBytes=" + q.storageBytes() + " dailyUploadBytes=" + q.dailyUploadBytes());
            });
    Http.json(exchange, 200, view);
  }

  /** GET /api/admin/audit?cursor&limit: the audit log, newest first. */
  public void audit(Exchange exchange) throws SQLException {
    long before = Http.cursor(Http.param(exchange, "cursor"));
    int limit = Http.limit(Http.param(exchange, "limit"), settings);
    List<Map<String, Object>> rows;
    try (Connection c = dataSource.getConnection()) {
      rows = Audit.list(c, before, limit + 1);
    }
    boolean more = rows.size() > limit;
    List<Map<String, Object>> shown = more ? rows.subList(0, limit) : rows;
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("items", shown);
    page.put("nextCursor", more ? Http.cursor((Long) shown.get(limit - 1).get("id")) : null);
    Http.json(exchange, 200, page);
  }

  private interface Change {
    void apply(Connection c, Members.Member member) throws SQLException;
  }

  /** Runs a change on a confirmed account (404 otherwise) and answers its new view. */
  private Map<String, Object> change(long id, Change change) throws SQLException {
    return Transactions.readCommitted(
        dataSource,
        c -> {
          Members.Member m = members.find(c, id, true);
          if (m == null || "UNCONFIRMED".equals(m.status())) {
            throw new ApiException(404, "not-found", "No such user", "userId", null);
          }
          change.apply(c, m);
          return view(members.find(c, id, false));
        });
  }

  private static void check(Long bytes, String field) {
    if (bytes != null && bytes < -1) {
      throw ApiException.invalidField(
          field, field + " must be -1 (unlimited), a number of bytes, or null (the default)");
    }
  }

  static Map<String, Object> view(Members.Member m) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", m.id());
    v.put("email", m.email());
    v.put("displayName", m.displayName());
    v.put("handle", m.handle());
    v.put("role", m.role());
    v.put("status", m.status());
    v.put("disabledReason", m.disabledReason());
    Map<String, Object> quotas = new LinkedHashMap<>();
    quotas.put("storageBytes", m.quotaStorageBytes());
    quotas.put("dailyUploadBytes", m.quotaDailyBytes());
    v.put("quotas", quotas);
    v.put("createdAt", m.createdAt() == null ? null : m.createdAt().toString());
    return v;
  }
}
