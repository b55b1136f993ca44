package io.ponybunny.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeding a body in any pieces gives exactly the response feeding it whole gives: every two-piece
 * split, byte by byte, and random piece sizes with fixed seeds; over own and shared streams.
 */
class ByteSplitPropertyTest {

  private static List<StreamFixtures.Fixture> all() {
    List<StreamFixtures.Fixture> list =
        new ArrayList<>(StreamFixtures.load(StreamFixtures.ownDir()));
    String shared = System.getProperty("ponybunny.fixtures.dir");
    if (shared != null && Files.isDirectory(Path.of(shared))) {
      list.addAll(StreamFixtures.load(Path.of(shared)));
    }
    return list;
  }

  @TestFactory
  Stream<DynamicTest> splitsDoNotChangeTheResult() {
    return all().stream()
        .filter(f -> f.httpStatus() == 0)
        .map(f -> DynamicTest.dynamicTest(f.label(), () -> check(f)));
  }

  private static void check(StreamFixtures.Fixture f) {
    LlmResponse whole = f.stream();
    int n = f.body().length;
    for (int cut = 0; cut <= n; cut++) {
      assertEquals(whole, f.stream(cut), f.label() + " split at " + cut);
    }
    int[] everyByte = new int[Math.max(0, n - 1)];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = i + 1;
    }
    assertEquals(whole, f.stream(everyByte), f.label() + " byte by byte");
    for (long seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed * 7919);
      List<Integer> cuts = new ArrayList<>();
      int pos = 0;
      while (true) {
        pos += 1 + random.nextInt(seed % 2 == 0 ? 7 : 97);
        if (pos >= n) {
          break;
        }
        cuts.add(pos);
      }
      int[] c = cuts.stream().mapToInt(Integer::intValue).toArray();
      assertEquals(whole, f.stream(c), f.label() + " random pieces, seed " + seed);
    }
  }
}
