package io.ponybunny.web.websocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  private final OriginPolicy sameOrigin = OriginPolicy.parse("");

  @Test
  void allowsTheSameOriginOnly() {
    assertTrue(sameOrigin.allows("http://localhost:9080", "localhost:9080", false));
    assertTrue(sameOrigin.allows("HTTP://LocalHost:9080/", "localhost:9080", false));
    assertTrue(sameOrigin.allows("https://ponybunny.example", "ponybunny.example", true));
    assertTrue(sameOrigin.allows("http://ponybunny.example", "ponybunny.example:80", false));
    assertFalse(sameOrigin.allows("http://evil.example", "localhost:9080", false));
    assertFalse(sameOrigin.allows("http://localhost:9081", "localhost:9080", false));
    assertFalse(sameOrigin.allows("https://ponybunny.example", "ponybunny.example", false));
    assertFalse(sameOrigin.allows("null", "localhost:9080", false));
    assertFalse(sameOrigin.allows("http://localhost:9080", null, false), "host unknown");
  }

  @Test
  void allowsRequestsWithoutOrigin() {
    assertTrue(sameOrigin.allows(null, "localhost:9080", false));
  }

  @Test
  void allowsListedOriginsOrAny() {
    OriginPolicy listed = OriginPolicy.parse(" https://console.example , http://localhost:5173/ ");
    assertTrue(listed.allows("https://console.example", "api.example", true));
    assertTrue(listed.allows("http://localhost:5173", "localhost:9080", false));
    assertFalse(listed.allows("https://other.example", "api.example", true));
    assertTrue(OriginPolicy.parse("*").allows("http://anything.example", "x", false));
  }
}
