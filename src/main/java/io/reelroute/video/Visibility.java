package io.reelroute.video;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may see a video: anyone for public (listed) and unlisted (by link), the owner alone for
 * private. A hidden video (taken down by a moderator, or its owner's account disabled: issue 15) is
 * the owner's alone whatever its visibility. The one place of the rule; the catalog, social and
 * playback ask it.
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
