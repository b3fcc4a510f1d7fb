package io.reelroute.video;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may see a video: anyone for public (listed) and unlisted (by link), the owner alone for
 * private. A hidden video (taken down by a moderator, or its owner's account disabled: issue 15) is
 * the owner's alone whatever its visibility, except that moderators and admins (reviewers) may open
 * a taken-down video to review it and decide its appeal ({@link #reviewable}). The one place of the
 * rule; the catalog, social and playback ask it.
 */
public enum Visibility {
  PUBLIC,
  UNLISTED,
  PRIVATE;

  /** The visibility of a request field, any case; empty when it is none of the three. */
  public static Optional<Visibility> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(value.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether a video of this visibility and owner is visible to the caller (null = anonymous). */
  public static boolean visibleTo(String visibility, long ownerId, Long callerId) {
    return visibleTo(visibility, ownerId, callerId, false);
  }

  /**
   * As {@link #visibleTo(String, long, Long)}, for a video that may be hidden (the value of {@link
   * #HIDDEN} in the same query): a hidden video is visible to its owner alone.
   */
  public static boolean visibleTo(String visibility, long ownerId, Long callerId, boolean hidden) {
    boolean owner = callerId != null && callerId == ownerId;
    return owner || (!hidden && !PRIVATE.name().equals(visibility));
  }

  /**
   * Whether a reviewer (a moderator or admin, the role read on this request) may open a video that
   * the rule above hides from them: only one taken down by a moderator (its detail with the
   * takedown, and its playback), whatever its visibility, so that they can review it and decide its
   * appeal. Listings, comments and everyone else still get nothing.
   */
  public static boolean reviewable(boolean takenDown, boolean reviewer) {
    return takenDown && reviewer;
  }

  /**
   * As {@link #visibleTo(String, long, Long, boolean)}, for a caller who may be a reviewer: also
   * true for a taken-down video and a reviewer ({@link #reviewable}).
   */
  public static boolean visibleTo(
      String visibility,
      long ownerId,
      Long callerId,
      boolean hidden,
      boolean takenDown,
      boolean reviewer) {
    return visibleTo(visibility, ownerId, callerId, hidden) || reviewable(takenDown, reviewer);
  }

  /** SQL expression (alias {@code v} for videos): 1 when a moderator took the video down. */
  public static final String TAKEN_DOWN = "(v.taken_down_at IS NOT NULL)";

  /**
   * SQL expression (alias {@code v} for videos): 1 when the video is hidden from everyone but its
   * owner, i.e. taken down by a moderator or owned by a disabled account. For a single video's
   * lookup; queries that join the owner use {@link #HIDDEN_OWNER_JOINED}.
   */
  public static final String HIDDEN =
      "(v.taken_down_at IS NOT NULL OR EXISTS (SELECT 1 FROM users hu WHERE hu.id = v.owner_id"
          + " AND hu.status = 'DISABLED'))";

  /** As {@link #HIDDEN}, for queries with the owner's users row as {@code u} (no subquery). */
  public static final String HIDDEN_OWNER_JOINED =
      "(v.taken_down_at IS NOT NULL OR u.status = 'DISABLED')";

  /**
   * The SQL condition of a listed video: READY, public and not hidden (alias {@code v} for videos,
   * {@code u} for its owner's users row).
   */
  public static final String LISTED =
      "v.state = "
          + VideoState.READY.sql()
          + " AND v.visibility = '"
          + PUBLIC.name()
          + "' AND NOT "
          + HIDDEN_OWNER_JOINED;
}
