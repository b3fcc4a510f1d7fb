package io.reelroute.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reelroute.common.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The guard's header handling (token verification itself is covered through HTTP). */
class UserGuardTest {

  private final Authenticator authenticator = new Authenticator(null, null, null, null, null);

  private static Exchange exchange(String authorization) {
    Exchange exchange = new DefaultExchange(new DefaultCamelContext());
    if (authorization != null) {
      exchange.getIn().setHeader("Authorization", authorization);
    }
    return exchange;
  }

  @Test
  void optionalUserLeavesCallerUnsetWithoutHeader() {
    Exchange exchange = exchange(null);
    new UserGuard(authenticator, true).process(exchange);
    assertNull(exchange.getProperty(UserGuard.CALLER));
  }

  @Test
  void requireUserRefusesAMissingHeader() {
    ApiException e =
        assertThrows(
            ApiException.class, () -> new UserGuard(authenticator, false).process(exchange(null)));
    assertEquals(401, e.status());
    assertEquals("authentication-required", e.code());
  }

  @Test
  void bothRefuseAMalformedHeaderAndDropIt() {
    for (boolean optional : new boolean[] {true, false}) {
      for (String header : new String[] {"Basic abc", "Bearer", "Bearer    ", "token"}) {
        Exchange exchange = exchange(header);
        ApiException e =
            assertThrows(
                ApiException.class, () -> new UserGuard(authenticator, optional).process(exchange));
        assertEquals("invalid-token", e.code(), header);
        assertNull(exchange.getIn().getHeader("Authorization"));
      }
    }
  }

  @Test
  void tokensIssuedBeforeTheSessionsEndedAreRefusedAtWholeSeconds() {
    java.time.LocalDateTime ended = java.time.LocalDateTime.of(2026, 11, 26, 12, 0, 0);
    java.time.Instant at = ended.toInstant(java.time.ZoneOffset.UTC);
    org.junit.jupiter.api.Assertions.assertFalse(Authenticator.endedBefore(at, null));
    org.junit.jupiter.api.Assertions.assertTrue(
        Authenticator.endedBefore(at.minusSeconds(1), ended));
    // the pair issued with the change, in the same second, stays valid
    org.junit.jupiter.api.Assertions.assertFalse(Authenticator.endedBefore(at, ended));
    org.junit.jupiter.api.Assertions.assertFalse(
        Authenticator.endedBefore(at.plusMillis(999), ended));
    org.junit.jupiter.api.Assertions.assertTrue(Authenticator.endedBefore(null, ended));
  }
}
