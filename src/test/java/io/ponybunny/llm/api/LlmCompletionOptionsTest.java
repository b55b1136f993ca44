package io.ponybunny.llm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.ponybunny.event.StreamOrigin;
import org.junit.jupiter.api.Test;

class LlmCompletionOptionsTest {

  @Test
  void originDefaultsToNone() {
    assertSame(StreamOrigin.NONE, LlmCompletionOptions.builder().build().origin());
    assertSame(StreamOrigin.NONE, LlmCompletionOptions.builder().origin(null).build().origin());
  }

  @Test
  void originIsKeptAsGiven() {
    StreamOrigin origin = new StreamOrigin("g", null, "r");
    assertEquals(origin, LlmCompletionOptions.builder().origin(origin).build().origin());
  }
}
