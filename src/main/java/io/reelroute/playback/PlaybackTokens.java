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
 * header). A token binds a video, the viewer (0 = anonymous), its issue time and an expiry, signed
 * with HMAC-SHA256: {@code <expiresEpochSeconds>.<userId>.<issuedEpochSeconds>.<signature>}. Tokens
 * of earlier versions without the issue time ({@code <expires>.<userId>.<signature>}) still verify,
 * with {@link Grant#issuedAt()} -1, so a private video can refuse them.
 */
public final class PlaybackTokens {

  /** A verified token. */
  public record Grant(String videoKey, long userId, long expiresAt, long issuedAt) {

    /** The lifetime the token was issued with; {@code Long.MAX_VALUE} when unknown. */
    public long lifetimeSeconds() {
      return issuedAt < 0 ? Long.MAX_VALUE : expiresAt - issuedAt;
    }
  }

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final SecretKeySpec key;

  public PlaybackTokens(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the playback token secret needs at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  public String issue(
      String videoKey, long userId, long issuedAtEpochSeconds, long expiresAtEpochSeconds) {
    String claims = expiresAtEpochSeconds + "." + userId + "." + issuedAtEpochSeconds;
    return claims + "." + sign(videoKey, claims);
  }

  /** A token without issue time (the format before issue 12): tests of old links. */
  String issueWithoutIssueTime(String videoKey, long userId, long expiresAtEpochSeconds) {
    String claims = expiresAtEpochSeconds + "." + userId;
    return claims + "." + sign(videoKey, claims);
  }

  /** Checks the token for this video; 403 with a distinct code when expired (refresh the page). */
  public Grant verify(String token, String videoKey, long nowEpochSeconds) {
    if (token == null || token.isEmpty() || token.length() > 200) {
      throw ApiException.forbidden("playback-token-invalid", "A playback token is required");
    }
    int last = token.lastIndexOf('.');
    if (last <= 0 || last == token.length() - 1) {
      throw ApiException.forbidden("playback-token-invalid", "The playback token is malformed");
    }
    String claims = token.substring(0, last);
    byte[] given = token.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = sign(videoKey, claims).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, expected)) {
      throw ApiException.forbidden("playback-token-invalid", "The playback token is not valid");
    }
    String[] parts = claims.split("\\.", -1);
    long expires;
    long user;
    long issued = -1;
    try {
      if (parts.length < 2 || parts.length > 3) {
        throw new NumberFormatException("claims");
      }
      expires = Long.parseLong(parts[0]);
      user = Long.parseLong(parts[1]);
      if (parts.length == 3) {
        issued = Long.parseLong(parts[2]);
      }
    } catch (NumberFormatException e) {
      throw ApiException.forbidden("playback-token-invalid", "The playback token is malformed");
    }
    if (nowEpochSeconds >= expires) {
      throw expired();
    }
    return new Grant(videoKey, user, expires, issued);
  }

  static ApiException expired() {
    return ApiException.forbidden(
        "playback-token-expired", "The playback link expired; reload the page");
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
