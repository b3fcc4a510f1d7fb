package io.reelroute.video;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The states of a video and the moves between them: the one place that says how a video lives.
 * Stores write states as these constants and guard every change with {@link #from()} (the states a
 * move may start from), so a state string never appears in SQL by hand.
 *
 * <pre>
 * AWAITING_UPLOAD -> UPLOADED -> PROCESSING -> READY
 *        |              |          |  ^  \---> FAILED (poison input)
 *        |              |          v  |
 *        |              |       UPLOADED (attempt given back, or its worker died)
 *        |              \-------------------> FAILED (out of attempts)
 *        \-> EXPIRED (never uploaded)   \-> PROCESSING (claimed straight from a bucket notification)
 * </pre>
 */
public enum VideoState {
  AWAITING_UPLOAD,
  UPLOADED,
  PROCESSING,
  READY,
  FAILED,
  EXPIRED;

  /** The states this one may move to. */
  public Set<VideoState> next() {
    return switch (this) {
      case AWAITING_UPLOAD -> EnumSet.of(UPLOADED, PROCESSING, FAILED, EXPIRED);
      case UPLOADED -> EnumSet.of(PROCESSING, FAILED);
      // PROCESSING -> PROCESSING: another worker takes over a job whose heartbeat stopped
      case PROCESSING -> EnumSet.of(PROCESSING, UPLOADED, READY, FAILED);
      case READY, FAILED, EXPIRED -> EnumSet.noneOf(VideoState.class);
    };
  }

  public boolean canMoveTo(VideoState target) {
    return next().contains(target);
  }

  /** Whether the video has come to an end of its processing (nothing more will happen). */
  public boolean isFinal() {
    return next().isEmpty();
  }

  /** The states a move into this one may start from. */
  public Set<VideoState> sources() {
    return Arrays.stream(values())
        .filter(s -> s.canMoveTo(this))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(VideoState.class)));
  }

  /** SQL literal of this state, for the state column. */
  public String sql() {
    return "'" + name() + "'";
  }

  /** SQL list of the states a move into this one may start from: {@code state IN (...)}. */
  public String from() {
    return sources().stream().map(VideoState::sql).collect(Collectors.joining(", "));
  }

  /** The state of a column value (IllegalArgumentException for an unknown one). */
  public static VideoState of(String value) {
    return valueOf(value);
  }
}
