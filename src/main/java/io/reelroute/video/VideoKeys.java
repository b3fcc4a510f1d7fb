package io.reelroute.video;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Video keys (11 URL-safe characters from SecureRandom, 66 bits) and the bucket's layout around
 * them: the one place that spells where a video's objects live.
 */
public final class VideoKeys {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{11}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private VideoKeys() {}

  public static String generate() {
    char[] key = new char[11];
    for (int i = 0; i < key.length; i++) {
      key[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(key);
  }

  public static boolean isValid(String key) {
    return key != null && VALID.matcher(key).matches();
  }

  public static String sourceKey(String videoKey) {
    return uploadPrefix(videoKey) + "source";
  }

  public static String uploadPrefix(String videoKey) {
    return "uploads/" + videoKey + "/";
  }

  public static String outputPrefix(String videoKey) {
    return "videos/" + videoKey + "/";
  }

  /**
   * The master playlist: while processing, the live one of the rungs started so far; the measured
   * one is published last.
   */
  public static String masterKey(String videoKey) {
    return outputPrefix(videoKey) + "master.m3u8";
  }

  /** An upload's source object key: uploads/{videoKey}/source. */
  public static final Pattern SOURCE_KEY = Pattern.compile("uploads/([A-Za-z0-9_-]{11})/source");
}
