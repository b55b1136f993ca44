package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

  @Test
  void refusesOverThePerPrincipalLimitAndReleasesEachPlaceOnce() {
    ConnectionLimits limits = ConnectionLimits.of(10, 2);
    ConnectionLimits.Admission a1 = limits.admit("alice");
    ConnectionLimits.Admission a2 = limits.admit("alice");
    assertNotNull(a1.permit());
    assertNotNull(a2.permit());
    ConnectionLimits.Admission a3 = limits.admit("alice");
    assertNull(a3.permit());
    assertEquals(ConnectionLimits.TOO_MANY_FOR_PRINCIPAL, a3.refusal());
    assertNotNull(limits.admit("bob").permit(), "another principal has its own places");
    a1.permit().release();
    a1.permit().release(); // an error and then a close
    assertEquals(1, limits.open("alice"));
    assertEquals(2, limits.open());
    assertNotNull(limits.admit("alice").permit());
    assertNull(limits.admit("alice").permit());
  }

  @Test
  void refusesOverTheTotalLimit() {
    ConnectionLimits limits = ConnectionLimits.of(2, 5);
    ConnectionLimits.Admission a = limits.admit("alice");
    limits.admit("bob");
    ConnectionLimits.Admission refused = limits.admit("carol");
    assertNull(refused.permit());
    assertEquals(ConnectionLimits.TOO_MANY, refused.refusal());
    assertEquals(0, limits.open("carol"));
    a.permit().release();
    assertNotNull(limits.admit("carol").permit());
  }
}
