package io.reelroute.social;

import io.reelroute.common.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What comment requests must look like: the body's rules, the sort and page size of a listing, and
 * the opaque keyset cursors the listings hand out (a cursor we did not issue is a 400).
 */
final class CommentRules {

  static final int MAX_CHARS = 2_000;

  private CommentRules() {}

  /** A comment body: plain text, 1 to 2,000 characters after trimming, no control characters. */
  static String body(String value) {
    if (value == null) {
      throw ApiException.invalidField("body", "Field 'body' is required");
    }
    String text = value.replace("\r\n", "\n").strip();
    if (text.isEmpty()) {
      throw ApiException.invalidField("body", "A comment must not be empty");
    }
    if (text.codePointCount(0, text.length()) > MAX_CHARS) {
      throw ApiException.invalidField(
          "body", "A comment must be at most " + MAX_CHARS + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      boolean allowed = ch == '\n' || ch == '\t';
      boolean badSurrogate =
          Character.isHighSurrogate(ch)
              ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
              : Character.isLowSurrogate(ch)
                  && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
      if ((Character.isISOControl(ch) && !allowed) || badSurrogate) {
        throw ApiException.invalidField("body", "A comment must not contain control characters");
      }
    }
    return text;
  }

  static boolean sort(String sort) {
    if (sort == null || sort.isEmpty() || sort.equals("newest")) {
      return false;
    }
    if (sort.equals("top")) {
      return true;
    }
    throw ApiException.invalidField("sort", "sort must be newest or top");
  }

  static int limit(SocialSettings settings, String raw) {
    int max = settings.commentMaxPageSize();
    if (raw == null || raw.isEmpty()) {
      return settings.commentPageSize();
    }
    if (raw.length() > 4 || !raw.chars().allMatch(Character::isDigit)) {
      throw ApiException.invalidField("limit", "limit must be a whole number from 1 to " + max);
    }
    int limit = Integer.parseInt(raw);
    if (limit < 1 || limit > max) {
      throw ApiException.invalidField("limit", "limit must be a whole number from 1 to " + max);
    }
    return limit;
  }

  static String encode(String kind, long... values) {
    StringBuilder text = new StringBuilder(kind);
    for (long v : values) {
      text.append(':').append(v);
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Null for no cursor; 400 for one we did not issue for this listing. */
  static long[] decode(String raw, String kind, int count) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      if (raw.length() > 64) {
        throw new IllegalArgumentException();
      }
      String[] parts =
          new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8).split(":", -1);
      if (parts.length != count + 1 || !parts[0].equals(kind)) {
        throw new IllegalArgumentException();
      }
      long[] values = new long[count];
      for (int i = 0; i < count; i++) {
        values[i] = Long.parseLong(parts[i + 1]);
        if (values[i] < 0) {
          throw new IllegalArgumentException();
        }
      }
      return values;
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField("cursor", "cursor is not one this API issued");
    }
  }
}
