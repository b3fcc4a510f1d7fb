package io.reelroute.video;

/** What a job learned about the source, stored with READY. */
public record Media(double durationSeconds, int width, int height, long sizeBytes) {}
