package io.reelroute.moderation;

import io.reelroute.auth.Caller;
import io.reelroute.auth.Members;
import io.reelroute.catalog.CatalogService;
import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import io.reelroute.common.Transactions;
import io.reelroute.social.CommentModeration;
import io.reelroute.video.VideoModeration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * The moderators' actions (bean {@code moderationActions}, routes behind requireModerator): take a
 * video down and restore it, delete a comment, disable an account. Each closes the open reports of
 * its target as accepted, tells the reporters and the owner, and is written to the audit log, all
 * in one transaction.
 */
public final class Actions {

  /** A body with a reason (takedown, disable, comment deletion). */
  record Reason(String reason) {}

  private final DataSource dataSource;
  private final Members members;
  private final CatalogService catalog;
  private final Clock clock;

  Actions(DataSource dataSource, Members members, CatalogService catalog, Clock clock) {
    this.dataSource = dataSource;
    this.members = members;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** POST /api/moderation/videos/{videoKey}/takedown {reason}. */
  public void takedown(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    String key = Http.videoKey(exchange);
    String reason = reason(exchange, true);
    Transactions.readCommitted(
        dataSource,
        c -> {
          Video video = video(c, key);
          if (!VideoModeration.takeDown(c, key, reason)) {
            throw ApiException.conflict("already-taken-down", "The video is taken down already");
          }
          Outcomes.accept(
              c,
              caller.id(),
              "videoKey = ? AND target_type = 'video'",
              key,
              "A moderator took down the video you reported" + titled(video.title()) + ".");
          Outcomes.tellOwner(
              c,
              video.ownerId(),
              "VIDEO_TAKEN_DOWN",
              key,
              "Your video" + titled(video.title()) + " was taken down",
              "Reason: " + reason + "\nYou may appeal once from the video's page.");
          Audit.record(c, caller, "video.takedown", "video", key, reason);
          return null;
        });
    catalog.invalidate(key);
    Http.json(exchange, 200, state(key, true, reason));
  }

  /** POST /api/moderation/videos/{videoKey}/restore: an open appeal is accepted with it. */
  public void restore(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    String key = Http.videoKey(exchange);
    Transactions.readCommitted(
        dataSource,
        c -> {
          Video video = video(c, key);
          if (!VideoModeration.restore(c, key)) {
            throw ApiException.conflict("not-taken-down", "The video is not taken down");
          }
          Appeals.decide(c, key, "accepted");
          Outcomes.tellOwner(
              c,
              video.ownerId(),
              "VIDEO_RESTORED",
              key,
              "Your video" + titled(video.title()) + " is restored",
              "A moderator restored your video; it is visible again.");
          Audit.record(c, caller, "video.restore", "video", key, null);
          return null;
        });
    catalog.invalidate(key);
    Http.json(exchange, 200, state(key, false, null));
  }

  /** DELETE /api/moderation/comments/{commentId} (reason optional in the body): 204. */
  public void deleteComment(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    long id = Http.id(exchange, "commentId", "comment");
    String reason = reason(exchange, false);
    String key =
        Transactions.readCommitted(
            dataSource,
            c -> {
              CommentModeration.Target comment = CommentModeration.remove(c, id);
              if (comment == null) {
                throw new ApiException(404, "not-found", "No such comment", "commentId", null);
              }
              Outcomes.accept(
                  c,
                  caller.id(),
                  "target_id = ? AND target_type = 'comment'",
                  Long.toString(id),
                  "A moderator removed the comment you reported.");
              Outcomes.tellOwner(
                  c,
                  comment.authorId(),
                  "COMMENT_REMOVED",
                  comment.videoKey(),
                  "A moderator removed your comment",
                  (reason == null ? "" : "Reason: " + reason + "\n")
                      + "Your comment: "
                      + comment.body());
              Audit.record(c, caller, "comment.delete", "comment", id, reason);
              return comment.videoKey();
            });
    catalog.invalidate(key);
    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    exchange.getMessage().setBody(null);
  }

  /**
   * POST /api/moderation/users/{userId}/disable {reason}: moderators disable plain users, admins
   * also moderators; an admin is never disabled, nor is oneself.
   */
  public void disableUser(Exchange exchange) throws SQLException {
    Caller caller = Http.caller(exchange);
    long id = Http.id(exchange, "userId", "user");
    String reason = reason(exchange, true);
    List<String> keys =
        Transactions.readCommitted(
            dataSource,
            c -> {
              Members.Member target = members.find(c, id, true);
              if (target == null || "UNCONFIRMED".equals(target.status())) {
                throw new ApiException(404, "not-found", "No such user", "userId", null);
              }
              if (target.id() == caller.id()) {
                throw ApiException.forbidden("own-account", "You cannot disable your own account");
              }
              if ("admin".equals(target.role())
                  || ("moderator".equals(target.role()) && !caller.admin())) {
                throw ApiException.forbidden(
                    "insufficient-role", "Only an admin may disable a moderator; admins never");
              }
              if (!members.disable(c, id, reason, clock.instant())) {
                throw ApiException.conflict("already-disabled", "The account is disabled already");
              }
              Outcomes.accept(
                  c,
                  caller.id(),
                  "target_owner_id = ?",
                  id,
                  "A moderator disabled the account whose content you reported.");
              Audit.record(c, caller, "user.disable", "user", id, reason);
              // its comments leave the counts viewers see, with the replies they hold
              List<String> stale = new ArrayList<>(videoKeys(c, id));
              stale.addAll(CommentModeration.recount(c, id));
              return stale;
            });
    keys.forEach(catalog::invalidate);
    Http.json(exchange, 200, Map.of("userId", id, "status", "DISABLED"));
  }

  /**
   * The owner's videos, whose cached views go when the account is disabled or enabled (and those
   * whose comment count its comments change: {@link CommentModeration#recount}).
   */
  static List<String> videoKeys(Connection c, long ownerId) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT videoKey FROM videos WHERE owner_id = ?")) {
      ps.setLong(1, ownerId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
    }
    return keys;
  }

  private record Video(long ownerId, String title) {}

  private static Video video(Connection c, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT owner_id, displayName FROM videos WHERE videoKey = ? FOR UPDATE")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ApiException(404, "not-found", "No such video", "videoKey", null);
        }
        return new Video(rs.getLong(1), rs.getString(2));
      }
    }
  }

  private static String reason(Exchange exchange, boolean required) {
    String body = Http.body(exchange);
    if (body == null || body.isBlank()) {
      if (required) {
        throw ApiException.invalidField("reason", "'reason' is required");
      }
      return null;
    }
    return Http.text(Json.read(body, Reason.class).reason(), "reason", 1000, required);
  }

  private static String titled(String title) {
    return title == null || title.isBlank() ? "" : " \u201c" + title + "\u201d";
  }

  private static Map<String, Object> state(String key, boolean takenDown, String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("videoKey", key);
    m.put("takenDown", takenDown);
    m.put("reason", reason);
    return m;
  }
}
