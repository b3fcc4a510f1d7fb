package io.reelroute.catalog;

/** The signed-in user a catalog operation acts for. */
public record Owner(long id, String email) {}
