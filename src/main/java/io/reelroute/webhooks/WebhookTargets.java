package io.reelroute.webhooks;

import io.reelroute.common.ApiException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a webhook may point: an http(s) URL of at most 2,000 characters whose host resolves only to
 * public addresses (unless private targets are allowed). Checked when a webhook is created and
 * again before every delivery, which then connects to the address that was checked, so a DNS answer
 * that changes in between (DNS rebinding) cannot aim a delivery at an internal service.
 */
public final class WebhookTargets {

  public static final int MAX_URL_LENGTH = 2000;

  /** Host name resolution (the system resolver; tests may give their own). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** A checked target: connect to {@code address}, speak to {@code host}. */
  public record Target(
      boolean https, String host, int port, String pathAndQuery, InetAddress address) {

    /** The Host header value. */
    public String hostHeader() {
      String name = host.contains(":") ? "[" + host + "]" : host;
      return port == (https ? 443 : 80) ? name : name + ":" + port;
    }
  }

  /** Why a URL is refused (a stable problem code, and the detail). */
  public static final class Refused extends Exception {
    private final String code;

    Refused(String code, String detail) {
      super(detail, null, false, false);
      this.code = code;
    }

    public String code() {
      return code;
    }

    ApiException asProblem() {
      return new ApiException(400, code, getMessage(), "url", null);
    }
  }

  private final boolean allowPrivate;
  private final Resolver resolver;

  public WebhookTargets(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  public WebhookTargets(boolean allowPrivate) {
    this(allowPrivate, InetAddress::getAllByName);
  }

  public boolean allowPrivate() {
    return allowPrivate;
  }

  /** The URL of a new webhook, as stored; a 400 problem naming field {@code url} otherwise. */
  public String validate(String url) {
    try {
      target(url);
      return url.strip();
    } catch (Refused e) {
      throw e.asProblem();
    }
  }

  /** Parses, resolves and checks a URL; the address to connect to is the first one resolved. */
  public Target target(String raw) throws Refused {
    if (raw == null || raw.isBlank()) {
      throw new Refused("invalid-webhook-url", "url is required");
    }
    String url = raw.strip();
    if (url.length() > MAX_URL_LENGTH) {
      throw new Refused(
          "webhook-url-too-long", "url must be at most " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refused("invalid-webhook-url", "url is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new Refused("invalid-webhook-url", "url must be an http or https URL");
    }
    String host = uri.getHost();
    if (host == null
        || host.isEmpty()
        || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null) {
      throw new Refused(
          "invalid-webhook-url", "url must name a host, without user info or a fragment");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean https = scheme.equals("https");
    int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new Refused("webhook-target-unresolvable", "The host of url does not resolve");
    }
    if (addresses == null || addresses.length == 0) {
      throw new Refused("webhook-target-unresolvable", "The host of url does not resolve");
    }
    if (!allowPrivate) {
      for (InetAddress address : addresses) {
        if (!isPublic(address)) {
          throw new Refused(
              "private-webhook-target",
              "url must resolve to public addresses only (not loopback, private, link-local,"
                  + " multicast or reserved)");
        }
      }
    }
    return new Target(https, host, port, pathAndQuery, addresses[0]);
  }

  /** Whether an address is a public unicast address on the internet. */
  public static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return isPublicV4(b);
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
        return false;
      }
      if (first == 0x20
          && (b[1] & 0xff) == 0x01
          && (b[2] & 0xff) == 0x0d
          && (b[3] & 0xff) == 0xb8) {
        return false; // 2001:db8::/32 documentation
      }
      if (first == 0x20 && (b[1] & 0xff) == 0x02) { // 2002::/16 6to4: the embedded IPv4
        return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]});
      }
      boolean zeroPrefix = true;
      for (int i = 0; i < 10; i++) {
        zeroPrefix &= b[i] == 0;
      }
      if (zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == -1 && b[11] == -1))) {
        // ::a.b.c.d (IPv4-compatible) and ::ffff:a.b.c.d (IPv4-mapped)
        return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
      }
      if (first == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
        // 64:ff9b::/96 NAT64: the embedded IPv4
        return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
      }
      return first >= 0x20 && first <= 0x3f; // global unicast 2000::/3 only
    }
    return false;
  }

  private static boolean isPublicV4(byte[] b) {
    int a = b[0] & 0xff;
    int c = b[1] & 0xff;
    int d = b[2] & 0xff;
    return !(a == 0 // 0.0.0.0/8 "this network"
        || a == 10 // private
        || a == 127 // loopback
        || (a == 100 && c >= 64 && c <= 127) // 100.64.0.0/10 carrier-grade NAT
        || (a == 169 && c == 254) // link-local, cloud metadata 169.254.169.254
        || (a == 172 && c >= 16 && c <= 31) // private
        || (a == 192 && c == 0 && (d == 0 || d == 2)) // IETF protocol assignments, TEST-NET-1
        || (a == 192 && c == 88 && d == 99) // 6to4 relay anycast
        || (a == 192 && c == 168) // private
        || (a == 198 && (c == 18 || c == 19)) // benchmarking
        || (a == 198 && c == 51 && d == 100) // TEST-NET-2
        || (a == 203 && c == 0 && d == 113) // TEST-NET-3
        || a >= 224); // multicast, reserved, broadcast
  }
}
