package io.ponybunny.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkTimingsTest {

  @Test
  void keepsEveryChunkUntilTheBound() {
    ChunkTimings t = new ChunkTimings(8);
    t.add(120, 5);
    t.add(130, 3);
    t.add(500, 7);
    assertEquals(List.of(120L, 130L, 500L), t.offsetsMs());
    assertEquals(List.of(5, 3, 7), t.lengths());
  }

  @Test
  void overTheBoundAdjacentChunksMergeEvenlyAndTheLengthsStillAddUp() {
    ChunkTimings t = new ChunkTimings(4);
    for (int i = 1; i <= 10; i++) {
      t.add(i * 100L, i);
    }
    assertTrue(t.size() <= 4, "bounded: " + t.size());
    assertEquals(55, t.lengths().stream().mapToInt(Integer::intValue).sum(), "no text lost");
    // 10 chunks in groups of 4 (two halvings): {1..4}, {5..8}, {9, 10}
    assertEquals(List.of(400L, 800L, 1000L), t.offsetsMs(), "each group: its last arrival");
    assertEquals(List.of(10, 26, 19), t.lengths());
  }

  @Test
  void anOddBoundKeepsTheLoneLastGroupFillingUp() {
    ChunkTimings t = new ChunkTimings(3);
    for (int i = 1; i <= 5; i++) {
      t.add(i * 10L, 1);
    }
    // three single groups full at the 4th chunk → {1,2}, {3}; 4 joins {3}, 5 opens a group
    assertEquals(List.of(20L, 40L, 50L), t.offsetsMs());
    assertEquals(List.of(2, 2, 1), t.lengths());
  }

  @Test
  void theStoredFormReadsBackAndIsCompact() {
    ChunkTimings t = new ChunkTimings(2048);
    for (int i = 0; i < 2000; i++) {
      t.add(250 + i * 50L, 4 + i % 3);
    }
    String stored = t.encode();
    ChunkTimings back = ChunkTimings.decode(stored);
    assertEquals(t.offsetsMs(), back.offsetsMs());
    assertEquals(t.lengths(), back.lengths());
    assertTrue(stored.length() < 2000 * 4, "about 2–3 characters per chunk: " + stored.length());
  }

  @Test
  void textThatIsNotTimingsReadsAsNone() {
    assertNull(ChunkTimings.decode(null));
    assertNull(ChunkTimings.decode(""));
    assertNull(ChunkTimings.decode("!!!"));
    assertNull(ChunkTimings.decode("Ag"), "version 2 is not known");
  }

  @Test
  void aChunkBeforeTheStartCountsAsAtTheStart() {
    ChunkTimings t = new ChunkTimings(4);
    t.add(-5, 2);
    assertEquals(List.of(0L), t.offsetsMs());
  }
}
