package io.ponybunny.web.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ponybunny.broadcast.StreamFrames;
import io.ponybunny.event.StreamEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WebSocket frames become server-sent events with the same payloads. */
class SseFramesTest {

  private static final StreamEvent.Chunk CHUNK =
      new StreamEvent.Chunk("r1", "g", "line\n\"quoted\" \u00e9", 0, 5L);
  private static final StreamEvent.End END =
      new StreamEvent.End("r1", "g", 1, 3, "stop", 1, 2, 7L, 8L, 9L);

  @Test
  void anEventFrameBecomesOneEventWhoseDataIsTheFramesData() {
    List<SseMessage> out = SseFrames.of(StreamFrames.event(CHUNK, "3f2c.1", 42));
    assertEquals(
        List.of(new SseMessage("3f2c.1:42", "llm.stream.chunk", StreamFrames.data(CHUNK))), out);
  }

  @Test
  void aBatchFrameBecomesItsEventsInOrder() {
    String batch =
        "{\"type\":\"batch\",\"events\":["
            + StreamFrames.event(CHUNK, "e.1", 7)
            + ","
            + StreamFrames.event(END, "e.1", 8)
            + "]}";
    assertEquals(
        List.of(
            new SseMessage("e.1:7", "llm.stream.chunk", StreamFrames.data(CHUNK)),
            new SseMessage("e.1:8", "llm.stream.end", StreamFrames.data(END))),
        SseFrames.of(batch));
  }

  @Test
  void aSnapshotBecomesOneSnapshotEventAtItsPosition() {
    String snapshot =
        "{\"type\":\"snapshot\",\"epoch\":\"e.1\",\"seq\":41,\"recovered\":false,\"streams\":["
            + "{\"requestId\":\"r1\",\"seq\":3,\"epoch\":\"not this\",\"content\":\"x\"}]}";
    assertEquals(List.of(new SseMessage("e.1:41", "snapshot", snapshot)), SseFrames.of(snapshot));
  }
}
