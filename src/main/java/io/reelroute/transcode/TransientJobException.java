package io.reelroute.transcode;

/**
 * An attempt failed for a reason that may pass (S3 or database away, worker killed, ffmpeg killed).
 * The message stays on the queue and is retried after its visibility timeout.
 */
public class TransientJobException extends RuntimeException {

  public TransientJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
