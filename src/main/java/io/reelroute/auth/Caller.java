package io.reelroute.auth;

/**
 * The authenticated user of a request, set as exchange property {@code caller} by the {@code
 * requireUser} and {@code optionalUser} processors. The id always comes from a verified token.
 */
public record Caller(long id, String email, String displayName) {}
