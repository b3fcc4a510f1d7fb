package io.reelroute.playback;

import io.reelroute.common.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived playback tokens carried in playlist URLs (players cannot always send an Authorization
 * header). A token binds a video, the viewer (0 = anonymous) and an expiry, signed with
 * HMAC-SHA256: {@code <expiresEpochSeconds>.<userId>.<signature>}.
 */
public final class PlaybackTokens {

  /** A verified token. */
  public record Grant(String videoKey, long userId, long expiresAt) {}

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final SecretKeySpec key;

  public PlaybackTokens(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the playback token secret needs at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  public String issue(String videoKey, long userId, long expiresAtEpochSeconds) {
    String claims = expiresAtEpochSeconds + "." + userId;
    return claims + "." + sign(videoKey, claims);
  }

  /** Checks the token for this video; 403 with a distinct code when expired (refresh the page). */
  public Grant verify(String token, String videoKey, long nowEpochSeconds) {
    if (token == null || token.isEmpty() || token.length() > 200) {
      throw ApiException.forbidden("playback-token-invalid", "A playback token is required");
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second <= first + 1 || second == token.length() - 1) {
      throw ApiException.forbidden("playback-token-invalid", "The playback token is malformed");
    }
    String claims = token.substring(0, second);
    byte[] given = token.substring(second + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = sign(videoKey, claims).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, expected)) {
      throw ApiException.forbidden("playback-token-invalid", "The playback token is not valid");
    }
    long expires;
    long user;
    try {
      expires = Long.parseLong(token.substring(0, first));
      user = Long.parseLong(token.substring(first + 1, second));
    } catch (NumberFormatException e) {
      throw ApiException.forbidden("playback-token-invalid", "The playback token is malformed");
    }
    if (nowEpochSeconds >= expires) {
      throw ApiException.forbidden(
          "playback-token-expired", "The playback link expired; reload the page");
    }
    return new Grant(videoKey, user, expires);
  }

  private String sign(String videoKey, String claims) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest =
          mac.doFinal(("playback|" + videoKey + "|" + claims).getBytes(StandardCharsets.UTF_8));
      return B64.encodeToString(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
