package io.reelroute.catalog;

/**
 * The signed-in user a catalog operation acts for; {@code reviewer}: a moderator or admin (the role
 * read on this request), who may open a taken-down video (video.Visibility).
 */
public record Owner(long id, String email, boolean reviewer) {

  public Owner(long id, String email) {
    this(id, email, false);
  }
}
