package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.LlmResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeding a body in any pieces gives exactly the response feeding it whole gives: two-piece splits
 * (every one for short streams; for long ones every one near the ends, at every CR/LF and inside
 * every multi-byte character, plus seeded random ones), byte by byte, and random piece sizes with
 * fixed seeds; over own and shared streams.
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

  /** Streams up to this size are cut at every position; longer ones at the positions below. */
  static final int EVERY_CUT_MAX = 8192;

  /** Longer streams: every cut within this many bytes of either end. */
  static final int EDGE = 4096;

  /** Longer streams: this many seeded random cuts besides. */
  static final int RANDOM_CUTS = 300;

  /**
   * The two-piece cut positions: all of them for a short stream; for a long one every position near
   * either end, every position next to a CR or LF (so between CR and LF), every position inside a
   * multi-byte UTF-8 character, and seeded random positions.
   */
  static int[] cuts(byte[] body) {
    int n = body.length;
    if (n <= EVERY_CUT_MAX) {
      return IntStream.rangeClosed(0, n).toArray();
    }
    TreeSet<Integer> cuts = new TreeSet<>();
    for (int i = 0; i <= EDGE; i++) {
      cuts.add(i);
      cuts.add(n - i);
    }
    for (int i = 1; i < n; i++) {
      byte before = body[i - 1];
      byte at = body[i];
      boolean lineEnd = before == '\r' || before == '\n' || at == '\r' || at == '\n';
      boolean insideChar = (at & 0xC0) == 0x80;
      if (lineEnd || insideChar) {
        cuts.add(i);
      }
    }
    Random random = new Random(n * 31L + 17);
    for (int i = 0; i < RANDOM_CUTS; i++) {
      cuts.add(random.nextInt(n + 1));
    }
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void check(StreamFixtures.Fixture f) {
    LlmResponse whole = f.stream();
    int n = f.body().length;
    for (int cut : cuts(f.body())) {
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

  @Test
  void longStreamsAreStillCutInsideCharactersAndBetweenCrAndLf() {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 10 * EVERY_CUT_MAX) {
      sb.append("data: {\"t\":\"caf\u00e9 \ud83d\ude00\"}\r\n\r\n");
    }
    byte[] body = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.util.Set<Integer> cuts =
        java.util.Arrays.stream(cuts(body)).boxed().collect(java.util.stream.Collectors.toSet());
    int middle = body.length / 2;
    for (int i = middle; i < middle + 200; i++) {
      boolean crLf = body[i - 1] == '\r' && body[i] == '\n';
      boolean insideChar = (body[i] & 0xC0) == 0x80;
      if (crLf || insideChar) {
        assertTrue(cuts.contains(i), "cut " + i + " missing");
      }
    }
    assertTrue(cuts.size() < body.length / 2, "long streams are not cut everywhere");
  }
}
