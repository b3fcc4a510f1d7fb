package io.reelroute.auth;

import io.reelroute.common.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The guard of moderation and admin routes (beans {@code requireModerator}, {@code requireAdmin}):
 * a valid Bearer token as {@code requireUser} wants it (401 otherwise), then the role read from the
 * user's row on this very request (403 {@code moderator-only} / {@code admin-only}).
 */
public final class RoleGuard implements Processor {

  private final UserGuard user;
  private final boolean adminOnly;

  public RoleGuard(UserGuard user, boolean adminOnly) {
    this.user = user;
    this.adminOnly = adminOnly;
  }

  @Override
  public void process(Exchange exchange) {
    user.process(exchange);
    Caller caller = exchange.getProperty(UserGuard.CALLER, Caller.class);
    if (caller == null) {
      throw ApiException.unauthorized("authentication-required", "Sign in first");
    }
    if (adminOnly && !caller.admin()) {
      throw ApiException.forbidden("admin-only", "Only admins may do this");
    }
    if (!caller.moderator()) {
      throw ApiException.forbidden("moderator-only", "Only moderators and admins may do this");
    }
  }
}
