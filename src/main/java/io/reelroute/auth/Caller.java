package io.reelroute.auth;

/**
 * The authenticated user of a request, set as exchange property {@code caller} by the {@code
 * requireUser} and {@code optionalUser} processors. The id always comes from a verified token; the
 * role (user, moderator, admin: {@link Roles}) from the user's row read on this request.
 */
public record Caller(long id, String email, String displayName, String role) {

  public Caller(long id, String email, String displayName) {
    this(id, email, displayName, Roles.USER);
  }

  /** Moderators and admins. */
  public boolean moderator() {
    return Roles.MODERATOR.equals(role) || Roles.ADMIN.equals(role);
  }

  public boolean admin() {
    return Roles.ADMIN.equals(role);
  }
}
