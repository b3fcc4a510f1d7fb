package io.reelroute.auth;

/** A plain-text e-mail for the auth-mail-send route (exchange property {@code authMail}). */
public record OutgoingMail(String to, String subject, String text) {}
