package io.reelroute.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.common.ApiException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which webhook URLs are accepted, with a fixed resolver (no DNS in unit tests). */
class WebhookTargetsTest {

  private static final Map<String, String> DNS =
      Map.of(
          "hooks.example.com", "93.184.215.14",
          "rebind.example.com", "127.0.0.1",
          "metadata.example.com", "169.254.169.254",
          "v6.example.com", "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
          "ula.example.com", "fd12:3456:789a::1");

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String ip = DNS.get(host);
    if (ip == null) {
      if (host.matches("[0-9.]+") || host.contains(":")) {
        return new InetAddress[] {InetAddress.getByName(host)}; // literals: no lookup
      }
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(ip)};
  }

  private final WebhookTargets strict = new WebhookTargets(false, WebhookTargetsTest::resolve);
  private final WebhookTargets lenient = new WebhookTargets(true, WebhookTargetsTest::resolve);

  private static String code(WebhookTargets targets, String url) {
    return assertThrows(ApiException.class, () -> targets.validate(url)).code();
  }

  @Test
  void publicHttpAndHttpsUrlsAreAccepted() throws Exception {
    assertEquals(
        "https://hooks.example.com/in?x=1", strict.validate("https://hooks.example.com/in?x=1"));
    assertEquals("http://v6.example.com:8080/", strict.validate("http://v6.example.com:8080/"));
    WebhookTargets.Target t = strict.target("https://hooks.example.com/a/b?c=d");
    assertEquals("93.184.215.14", t.address().getHostAddress());
    assertEquals("/a/b?c=d", t.pathAndQuery());
    assertEquals("hooks.example.com", t.hostHeader());
    assertEquals(
        "hooks.example.com:8443", strict.target("https://hooks.example.com:8443").hostHeader());
  }

  @Test
  void badUrlsHaveStableCodes() {
    ApiException e =
        assertThrows(ApiException.class, () -> strict.validate("ftp://hooks.example.com/"));
    assertEquals(400, e.status());
    assertEquals("invalid-webhook-url", e.code());
    assertEquals("url", e.field());
    assertEquals("invalid-webhook-url", code(strict, "hooks.example.com/in"));
    assertEquals("invalid-webhook-url", code(strict, "javascript:alert(1)"));
    assertEquals("invalid-webhook-url", code(strict, "https://user:pw@hooks.example.com/"));
    assertEquals("invalid-webhook-url", code(strict, "http://exa mple.com/"));
    assertEquals(
        "webhook-url-too-long", code(strict, "https://hooks.example.com/" + "a".repeat(1975)));
    assertEquals(
        "https://hooks.example.com/" + "a".repeat(1974),
        strict.validate("https://hooks.example.com/" + "a".repeat(1974))); // exactly 2,000
    assertEquals("webhook-target-unresolvable", code(strict, "https://nowhere.invalid/"));
  }

  @Test
  void privateTargetsAreRefusedUnlessAllowed() throws Exception {
    for (String url :
        new String[] {
          "http://127.0.0.1:8080/",
          "http://localhost.localdomain/", // not in our DNS: unresolvable, checked below
          "http://10.1.2.3/",
          "http://172.16.0.1/",
          "http://192.168.1.1/",
          "http://169.254.169.254/latest/meta-data/",
          "http://metadata.example.com/",
          "http://rebind.example.com/",
          "http://0.0.0.0/",
          "http://100.64.0.1/",
          "http://224.0.0.1/",
          "http://255.255.255.255/",
          "http://[::1]/",
          "http://[::]/",
          "http://[fe80::1]/",
          "http://[fd00::1]/",
          "http://ula.example.com/",
          "http://[::ffff:127.0.0.1]/",
          "http://[::ffff:10.0.0.1]/",
          "http://[64:ff9b::a9fe:a9fe]/",
          "http://[2002:7f00:1::]/",
          "http://[ff02::1]/"
        }) {
      if (url.contains("localdomain")) {
        assertEquals("webhook-target-unresolvable", code(strict, url));
        continue;
      }
      assertEquals("private-webhook-target", code(strict, url), url);
      lenient.validate(url); // allowed when private targets are
    }
    assertFalse(WebhookTargets.isPublic(InetAddress.getByName("198.18.0.1")));
    assertTrue(WebhookTargets.isPublic(InetAddress.getByName("8.8.8.8")));
    assertTrue(WebhookTargets.isPublic(InetAddress.getByName("2001:4860:4860::8888")));
  }

  @Test
  void theDeliveryCheckRefusesARebindToAPrivateAddress() {
    WebhookTargets.Refused refused =
        assertThrows(
            WebhookTargets.Refused.class, () -> strict.target("https://rebind.example.com/"));
    assertEquals("private-webhook-target", refused.code());
    WebhookSender sender =
        new WebhookSender(strict, java.time.Duration.ofSeconds(5), java.time.Clock.systemUTC());
    WebhookSender.Result result =
        sender.send("https://rebind.example.com/", "whsec_x", "e", "video.ready", "{}");
    assertFalse(result.delivered());
    assertTrue(result.error().startsWith("refused:"), result.error());
  }
}
