package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GrowingTextTest {

  @Test
  void aPrefixKeepsItsTextWhileTheTextGrowsAndMoves() {
    GrowingText text = new GrowingText();
    text.append("Hello");
    GrowingText.Prefix hello = text.prefix();
    text.append(", world");
    GrowingText.Prefix world = text.prefix();
    text.append("!".repeat(1_000)); // grows into a new array
    assertEquals("Hello", hello.toString());
    assertEquals("Hello, world", world.toString());
    assertEquals(1_012, text.length());
    assertEquals("Hello, world" + "!".repeat(1_000), text.toString());
  }
}
