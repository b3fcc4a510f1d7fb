package io.reelroute.catalog;

import io.reelroute.common.ApiException;
import io.reelroute.video.VideoKeys;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A keyset position in a newest-first listing: the (uploadTime, videoKey) of the last item served.
 * The next page holds rows strictly after it, so rows inserted meanwhile cause neither duplicates
 * nor gaps. Opaque to clients (base64url).
 */
public record Cursor(LocalDateTime uploadTime, String videoKey) {

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((uploadTime + "|" + videoKey).getBytes(StandardCharsets.UTF_8));
  }

  /** Null for an absent cursor; 400 naming 'cursor' for one we did not issue. */
  public static Cursor decode(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      if (raw.length() > 64) {
        throw new IllegalArgumentException("too long");
      }
      String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
      int bar = text.indexOf('|');
      if (bar < 0) {
        throw new IllegalArgumentException("no separator");
      }
      LocalDateTime time = LocalDateTime.parse(text.substring(0, bar));
      String key = text.substring(bar + 1);
      if (!VideoKeys.isValid(key)) {
        throw new IllegalArgumentException("bad key");
      }
      return new Cursor(time, key);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw ApiException.invalidField("cursor", "cursor is not one this API issued");
    }
  }
}
