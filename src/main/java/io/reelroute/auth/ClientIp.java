package io.reelroute.auth;

import org.apache.camel.Exchange;

/**
 * The client address of a request: the socket's peer, or, behind a trusted reverse proxy that is
 * configured in {@code reelroute.auth.client-ip-header}, the last address that proxy appended to
 * that header (e.g. X-Forwarded-For). Never trust the header without such a proxy: clients set it.
 */
public final class ClientIp {

  static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";

  private ClientIp() {}

  public static String of(Exchange exchange, String trustedHeader) {
    if (!trustedHeader.isEmpty()) {
      String forwarded = exchange.getIn().getHeader(trustedHeader, String.class);
      if (forwarded != null && !forwarded.isBlank()) {
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].strip();
        if (!last.isEmpty() && last.length() <= 64) {
          return last;
        }
      }
    }
    Object remote = exchange.getIn().getHeader(REMOTE_ADDRESS);
    if (remote instanceof io.vertx.core.net.SocketAddress address) {
      String host = address.hostAddress();
      return host == null ? "unknown" : host;
    }
    return remote == null ? "unknown" : remote.toString();
  }
}
