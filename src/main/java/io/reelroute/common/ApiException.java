package io.reelroute.common;

/**
 * A request that cannot be served, with what the client needs to know: HTTP status, a stable
 * machine-readable code, a human-readable detail and, for bad input, the field at fault. Rendered
 * as application/problem+json (RFC 9457) by {@link Problems}.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final String field;
  private final Integer retryAfterSeconds;

  public ApiException(int status, String code, String detail) {
    this(status, code, detail, null, null);
  }

  public ApiException(
      int status, String code, String detail, String field, Integer retryAfterSeconds) {
    super(detail, null, false, false); // no stack trace: this is an answer, not a bug
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400 for a field that is missing, malformed or out of range. */
  public static ApiException invalidField(String field, String detail) {
    return new ApiException(400, "invalid-field", detail, field, null);
  }

  public static ApiException badRequest(String code, String detail) {
    return new ApiException(400, code, detail);
  }

  public static ApiException unauthorized(String code, String detail) {
    return new ApiException(401, code, detail);
  }

  public static ApiException forbidden(String code, String detail) {
    return new ApiException(403, code, detail);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "not-found", detail);
  }

  public static ApiException conflict(String code, String detail) {
    return new ApiException(409, code, detail);
  }

  public static ApiException tooManyRequests(String code, String detail, int retryAfterSeconds) {
    return new ApiException(429, code, detail, null, retryAfterSeconds);
  }

  public static ApiException unavailable(String detail, int retryAfterSeconds) {
    return new ApiException(503, "service-unavailable", detail, null, retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
