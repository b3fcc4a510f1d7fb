package io.reelroute.video;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may see a video: anyone for public (listed) and unlisted (by link), the owner alone for
 * private. The one place of the rule; the catalog, social and playback ask it.
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
    return !PRIVATE.name().equals(visibility) || (callerId != null && callerId == ownerId);
  }

  /** The SQL condition of a listed video: READY and public (alias {@code v} for videos). */
  public static final String LISTED =
      "v.state = " + VideoState.READY.sql() + " AND v.visibility = '" + PUBLIC.name() + "'";
}
