package io.reelroute.catalog;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/** One row of the videos table, with the owner's display name. */
public record Video(
    String videoKey,
    String displayName,
    String description,
    LocalDateTime uploadTime,
    boolean isTranscoded,
    String email,
    long ownerId,
    String ownerName,
    String visibility,
    String state,
    String failureReason,
    BigDecimal progressPercent,
    Integer etaSeconds,
    BigDecimal durationSeconds,
    Integer width,
    Integer height,
    Long sizeBytes,
    String fileName,
    String contentType,
    String sourceKey,
    String uploadId,
    Long partSizeBytes,
    // social (issue 8): the owner's channel handle and the video's counters
    String ownerHandle,
    long likes,
    long dislikes,
    long comments,
    long views,
    // moderation (issue 15): why and when a moderator took it down, and whether it is hidden from
    // everyone but its owner (taken down, or the owner's account disabled)
    String takedownReason,
    LocalDateTime takenDownAt,
    boolean hidden,
    // when it was first READY and public (video.published); null until then
    LocalDateTime publishedAt) {

  public boolean ready() {
    return io.reelroute.video.VideoState.READY.name().equals(state);
  }

  public boolean awaitingUpload() {
    return io.reelroute.video.VideoState.AWAITING_UPLOAD.name().equals(state);
  }

  /**
   * Who may see the video: anyone for public and unlisted, the owner alone for private or hidden.
   */
  public boolean visibleTo(Long callerId) {
    return io.reelroute.video.Visibility.visibleTo(visibility, ownerId, callerId, hidden);
  }

  /** As {@link #visibleTo(Long)}; a reviewer (moderator or admin) also sees it taken down. */
  public boolean visibleTo(Long callerId, boolean reviewer) {
    return io.reelroute.video.Visibility.visibleTo(
        visibility, ownerId, callerId, hidden, takenDownAt != null, reviewer);
  }

  public Cursor cursor() {
    return new Cursor(uploadTime, videoKey);
  }

  /** The position in a listing by publication time (the subscription feed). */
  public Cursor publishedCursor() {
    return new Cursor(publishedAt, videoKey);
  }

  public int partCount() {
    if (partSizeBytes == null || sizeBytes == null) {
      return 0;
    }
    return (int) ((sizeBytes + partSizeBytes - 1) / partSizeBytes);
  }

  /** The exact length of one part (the last one may be shorter). */
  public long partLength(int partNumber) {
    long start = (partNumber - 1L) * partSizeBytes;
    return Math.min(partSizeBytes, sizeBytes - start);
  }
}
