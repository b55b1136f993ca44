package io.ponybunny.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.event.StreamEvent;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StreamFramesTest {

  static Stream<String> texts() {
    String controls =
        IntStream.range(0, 0x20).mapToObj(c -> String.valueOf((char) c)).reduce("", String::concat);
    return Stream.of(
        "",
        "plain text",
        "quote \" backslash \\ slash /",
        controls,
        "\u007f\u0080\u00e9 \u2028\u2029 \uffff",
        "emoji \ud83d\ude00 and a lone surrogate \ud83d",
        "<script>alert(1)</script>",
        "\\u0041 is not unescaped");
  }

  @ParameterizedTest
  @MethodSource("texts")
  void aChunksDataAndFrameWrittenDirectlyAreTheGeneratorsText(String text) {
    for (String goal : new String[] {"goal-1", null, "g\"oal"}) {
      StreamEvent.Chunk c = new StreamEvent.Chunk("req-\n1", goal, text, 41, 1_733_000_000_123L);
      assertEquals(StreamFrames.generatedData(c), StreamFrames.chunkData(c));
      assertEquals(StreamFrames.generatedData(c), StreamFrames.data(c));
      assertEquals(StreamFrames.event(c, "3f2c.1", 7), StreamFrames.chunkEvent(c, "3f2c.1", 7));
    }
  }
}
