package io.ponybunny.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {

  @Test
  void entriesLiveForTheirTimeAndInvalidationIsImmediate() {
    AtomicLong now = new AtomicLong(1_000);
    ExpiringCache<String, String> cache = new ExpiringCache<>(100, 10, now::get);
    cache.put("a", "A");
    assertEquals("A", cache.get("a"));
    assertTrue(cache.containsValue("A"));
    now.addAndGet(99);
    assertEquals("A", cache.get("a"));
    now.addAndGet(1);
    assertNull(cache.get("a"), "expired");
    assertFalse(cache.containsValue("A"));
    cache.put("b", "B");
    cache.invalidate("b");
    assertNull(cache.get("b"));
  }

  @Test
  void aFullCacheStartsOver() {
    ExpiringCache<Integer, Integer> cache = new ExpiringCache<>(1_000, 3, () -> 0L);
    for (int i = 0; i < 3; i++) {
      cache.put(i, i);
    }
    cache.put(3, 3);
    assertNull(cache.get(0));
    assertEquals(3, cache.get(3));
  }
}
