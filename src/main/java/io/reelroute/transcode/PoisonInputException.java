package io.reelroute.transcode;

/**
 * The upload can never become a video (empty, not a video, corrupt, too long, too large). The job
 * fails at once with this human-readable reason and is not retried.
 */
public class PoisonInputException extends Exception {

  public PoisonInputException(String reason) {
    super(reason, null, false, false);
  }
}
