package io.reelroute.auth;

import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * What the identity endpoints share on the HTTP side: reading and checking the request fields
 * (address, display name, code), the client address, and writing the JSON answer.
 */
final class AuthRequests {

  /** The exchange property a bean leaves an {@link OutgoingMail} in for the auth-mail-queue. */
  static final String MAIL_PROPERTY = "authMail";

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern CODE = Pattern.compile("^[0-9]{6}$");

  private AuthRequests() {}

  static void localOnly(AuthSettings settings) {
    if (settings.mode() != AuthSettings.Mode.LOCAL) {
      throw ApiException.notFound("Accounts are managed by the external identity provider");
    }
  }

  static String ip(Exchange exchange, AuthSettings settings) {
    return ClientIp.of(exchange, settings.clientIpHeader());
  }

  static String body(Exchange exchange) {
    return exchange.getIn().getBody(String.class);
  }

  static String email(String raw) {
    String email = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
      throw ApiException.invalidField("email", "A valid e-mail address is required");
    }
    return email;
  }

  /** The 6 digits of an e-mailed code, or 400 naming the field {@code code}. */
  static String code(String raw) {
    String code = raw == null ? "" : raw.strip();
    if (!CODE.matcher(code).matches()) {
      throw ApiException.invalidField("code", "The code is the 6 digits from the e-mail");
    }
    return code;
  }

  static String displayName(String raw) {
    String name = raw == null ? "" : raw.strip();
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > 100 || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalidField(
          "displayName", "A display name of 1 to 100 characters is required");
    }
    return name;
  }

  /** The answer to a wrong, expired, used or burnt code (the same whichever it was). */
  static ApiException invalidCode() {
    return ApiException.badRequest(
        "invalid-code", "The code is wrong, expired or used up; ask for a new one if you need to");
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a JSON response, dropping the request's headers (none must echo back). */
  static void respond(Exchange exchange, int status, Object body) {
    Message m = exchange.getMessage();
    m.removeHeaders("*");
    m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    m.setHeader(Exchange.CONTENT_TYPE, "application/json");
    m.setHeader("Cache-Control", "no-store");
    m.setBody(Json.write(body));
  }

  /** An empty 204 answer. */
  static void noContent(Exchange exchange) {
    Message m = exchange.getMessage();
    m.removeHeaders("*");
    m.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    m.setBody(null);
  }
}
