package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FreeChannelsTest {

  @Test
  void eachPrincipalMakesAtMostItsMaximumUntilOneIsRemoved() {
    FreeChannels free = new FreeChannels(2);
    assertTrue(free.claim("alice", "goal:a"));
    assertTrue(free.claim("alice", "goal:b"));
    assertTrue(free.claim("alice", "goal:a"), "counted already");
    assertFalse(free.claim("alice", "goal:c"));
    assertTrue(free.claim("bob", "goal:c"), "per principal");
    assertEquals(2, free.count("alice"));
    free.released("goal:a");
    free.released("goal:a");
    assertEquals(1, free.count("alice"), "released once");
    assertTrue(free.claim("alice", "goal:c"), "counted for bob: no new channel");
    assertTrue(free.claim("alice", "goal:d"));
    assertFalse(free.claim("alice", "goal:e"));
    free.released("goal:b");
    free.released("goal:d");
    assertEquals(0, free.count("alice"));
  }
}
