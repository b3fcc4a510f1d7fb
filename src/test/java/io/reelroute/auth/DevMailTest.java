package io.reelroute.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** /dev/mail is served only by an HTTP server bound to loopback (issue 12, item 7). */
class DevMailTest {

  @Test
  void loopbackBindingsServeTheMailBox() {
    for (String host :
        new String[] {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost"}) {
      assertTrue(DevMail.servedOn(host), host);
    }
    assertTrue(DevMail.servedOn(" LOCALHOST "));
  }

  @Test
  void everyOtherBindingHidesIt() {
    for (String host :
        new String[] {
          "0.0.0.0",
          "::",
          "[::]",
          "192.168.1.20",
          "10.0.0.1",
          "fe80::1",
          "example.org",
          "localhost.example.org",
          "127.0.0.1.nip.io",
          "",
          "not a host"
        }) {
      assertFalse(DevMail.servedOn(host), host);
    }
    assertFalse(DevMail.servedOn(null));
  }

  @Test
  void aMailBoxWithoutMailAnswers404() {
    org.junit.jupiter.api.Assertions.assertThrows(
        io.reelroute.common.ApiException.class, () -> new DevMail(null).messages());
  }
}
