package io.ponybunny.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StreamRecorderTest {

  @Test
  void aCheckpointSavesOnlyWhatGrewSinceTheLastOne() {
    StreamRecorder.Active a = new StreamRecorder.Active();
    assertNull(a.checkpoint("req_1", 1), "nothing streamed yet");

    a.append("Hel");
    a.append("lo");
    StreamHistory.Checkpoint first = a.checkpoint("req_1", 2);
    assertEquals(new StreamHistory.Checkpoint("req_1", "Hello", 2, 2), first);
    assertNull(a.checkpoint("req_1", 3), "no growth, no write");

    a.append(", world");
    assertEquals(
        new StreamHistory.Checkpoint("req_1", "Hello, world", 3, 4), a.checkpoint("req_1", 4));
  }
}
