package io.ponybunny.llm.json;

import static io.ponybunny.llm.provider.AdapterTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link JsonScanner}: string decoding (escapes, surrogates, UTF-8) equal to JSON-P's, key order
 * and whitespace, escaped keys, numbers as JSON-P's {@code intValue}, skipping nested values, and
 * {@link JsonScanner.Malformed} for what is not JSON. A seeded property checks that it accepts
 * exactly the valid JSON texts and that whatever it accepts JSON-P accepts too.
 */
class JsonScannerTest {

  private static JsonScanner scanner(String json) {
    byte[] b = utf8(json);
    return new JsonScanner().reset(b, 0, b.length);
  }

  private static JsonScanner scanner(byte[] json) {
    return new JsonScanner().reset(json, 0, json.length);
  }

  /** The string value of {@code json} (a JSON string literal) read by the scanner. */
  private static String scanString(byte[] json) {
    JsonScanner s = scanner(json);
    String v = s.string();
    s.endOfInput();
    return v;
  }

  /** The same read by JSON-P's reader over the bytes, as the object-tree paths read them. */
  private static String jsonpString(byte[] json) {
    return ((JsonString) JsonSupport.readValue(json, 0, json.length)).getString();
  }

  /** JSON string literal (as written in the JSON text) and the Java string it stands for. */
  private static final String[][] STRINGS = {
    {"\"\"", ""},
    {"\"plain ascii\"", "plain ascii"},
    {"\"a\\nb\"", "a\nb"},
    {"\"\\\"quoted\\\"\"", "\"quoted\""},
    {"\"back\\\\slash\"", "back\\slash"},
    {"\"\\/\\b\\f\\n\\r\\t\"", "/\b\f\n\r\t"},
    {"\"\\u0041\\u00e9\\u00E9\"", "Aéé"},
    {"\"\\ud83d\\ude00\"", "😀"},
    {"\"x\\uD83D\\uDE00y\"", "x😀y"},
    {"\"lone \\ud83d high\"", "lone \ud83d high"},
    {"\"Café naïve 東京 😀\"", "Café naïve 東京 😀"},
    {"\"东京\\n😀\\t\\\"é\\\"\"", "东京\n😀\t\"é\""},
    {"\"\\\\\\\\\"", "\\\\"},
    {"\"tab\\there\"", "tab\there"},
    {"\"\u007f del\"", "\u007f del"},
  };

  @TestFactory
  Stream<DynamicTest> stringsDecodeAsJsonPDecodesThem() {
    return Stream.of(STRINGS)
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c[0],
                    () -> {
                      byte[] json = utf8(c[0]);
                      assertEquals(c[1], scanString(json));
                      assertEquals(jsonpString(json), scanString(json));
                    }));
  }

  @Test
  void malformedUtf8InAStringDecodesAsJsonPDecodesIt() {
    byte[][] cases = {
      {'"', (byte) 0xE6, (byte) 0x97, '"'},
      {'"', 'a', (byte) 0xFF, 'b', '"'},
      {'"', (byte) 0xC3, '\\', 'n', (byte) 0xA9, '"'},
      {'"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, '"'},
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\\', 't', '"'},
    };
    for (byte[] json : cases) {
      assertEquals(jsonpString(json), scanString(json), new String(json, StandardCharsets.UTF_8));
    }
  }

  @Test
  void knownWordsAreReturnedAsTheSameInstance() {
    String[] known = {"text_delta", "stop"};
    String same = scanner("\"text_delta\"").string(known);
    assertSame(known[0], same);
    String escaped = scanner("\"text\\u005fdelta\"").string(known);
    assertEquals("text_delta", escaped);
    assertNotSame(known[0], escaped);
    String other = scanner("\"text_delta_2\"").string(known);
    assertEquals("text_delta_2", other);
    assertNull(scanner("null").string(known));
  }

  /** Reads {"a": string, "n": int, "t": flag} in any order, skipping everything else. */
  private static Map<String, Object> readAbc(String json) {
    JsonScanner s = scanner(json);
    Map<String, Object> m = new LinkedHashMap<>();
    s.beginObject();
    while (s.nextKey()) {
      if (s.keyIs("a")) {
        m.put("a", s.string());
      } else if (s.keyIs("n")) {
        m.put("n", s.integer());
      } else if (s.keyIs("t")) {
        m.put("t", s.isTrue());
      } else {
        s.skipValue();
      }
    }
    s.endOfInput();
    return m;
  }

  @TestFactory
  Stream<DynamicTest> keysAreFoundInAnyOrderAndAroundSkippedValues() {
    String[] docs = {
      "{\"a\":\"x\",\"n\":7,\"t\":true}",
      "{\"t\":true,\"n\":7,\"a\":\"x\"}",
      "{\"n\":7,\"skip\":{\"a\":\"no\",\"n\":[1,{\"t\":false}]},\"a\":\"x\",\"t\":true}",
      " \r\n\t{ \"a\" : \"x\" ,\n \"n\"\t:\r7 , \"t\" :true }\n ",
      "{\"z\":[[[]],{},[{\"q\":\"}]\\\"\"}]],\"a\":\"x\",\"y\":-0.5e+10,\"n\":7,\"t\":true}",
      "{\"aa\":\"no\",\"a\":\"x\",\"\":null,\"A\":\"no\",\"n\":7,\"t\":true,\"é\":1}",
      "{\"x\":null,\"a\":\"x\",\"f\":false,\"n\":7,\"e\":1E3,\"t\":true,\"d\":0.0}",
    };
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", "x");
    expected.put("n", 7);
    expected.put("t", true);
    return Stream.of(docs)
        .map(
            d ->
                DynamicTest.dynamicTest(
                    d,
                    () -> {
                      Map<String, Object> got = readAbc(d);
                      assertEquals(expected.get("a"), got.get("a"));
                      assertEquals(expected.get("n"), got.get("n"));
                      assertEquals(expected.get("t"), got.get("t"));
                    }));
  }

  @Test
  void valuesOfAnotherTypeAreSkippedAsNull() {
    Map<String, Object> m = readAbc("{\"a\":{\"b\":[1]},\"n\":\"7\",\"t\":\"true\"}");
    assertNull(m.get("a"));
    assertNull(m.get("n"));
    assertEquals(false, m.get("t"));
    m = readAbc("{\"a\":null,\"n\":null,\"t\":null}");
    assertNull(m.get("a"));
    assertNull(m.get("n"));
    assertEquals(false, m.get("t"));
  }

  @Test
  void integersUpToNineDigits() {
    assertEquals(0, scanner("0").integer());
    assertEquals(0, scanner("-0").integer());
    assertEquals(-42, scanner("-42").integer());
    assertEquals(999_999_999, scanner("999999999").integer());
    assertEquals(-999_999_999, scanner("-999999999").integer());
  }

  @Test
  void arraysAreWalkedElementByElement() {
    JsonScanner s = scanner("[ \"a\" , 1 ,{\"k\":[]} , [] ,\"b\" ]");
    List<String> strings = new ArrayList<>();
    s.beginArray();
    while (s.nextElement()) {
      if (s.peek() == JsonScanner.Kind.STRING) {
        strings.add(s.string());
      } else {
        s.skipValue();
      }
    }
    s.endOfInput();
    assertEquals(List.of("a", "b"), strings);
    JsonScanner empty = scanner("[ ]");
    empty.beginArray();
    assertFalse(empty.nextElement());
  }

  @Test
  void positionIsAfterTheValueRead() {
    JsonScanner s = scanner("{\"a\":[1,2]} ,{}");
    s.skipValue();
    assertEquals(11, s.position());
    assertThrows(JsonScanner.Malformed.class, s::endOfInput);
  }

  /** Not JSON at all: the scanner must refuse, as JSON-P does. */
  private static final String[] NOT_JSON = {
    "",
    "   ",
    "{",
    "{\"a\"}",
    "{\"a\" 1}",
    "{\"a\":}",
    "{\"a\":1,}",
    "{,\"a\":1}",
    "{\"a\":1 \"b\":2}",
    "{'a':1}",
    "{a:1}",
    "[1,]",
    "[,1]",
    "[1 2]",
    "[1}",
    "{\"a\":[1}",
    "\"unterminated",
    "\"bad \\x escape\"",
    "\"short \\u12\"",
    "\"bad hex \\u12G4\"",
    "\"raw\nnewline\"",
    "\"raw\ttab\"",
    "-",
    "1.",
    ".5",
    "1e",
    "1e+",
    "+1",
    "tru",
    "nul",
    "NaN",
    "Infinity",
    "\ufeff{}",
  };

  /**
   * A value followed by more than whitespace. JSON-P's reader stops after the first value and
   * ignores the rest; the scanner refuses them: a chunk with anything after its object is
   * malformed.
   */
  private static final String[] TRAILING = {
    "01", "0x10", "falsey", "{} x", "{}}", "[] []", "{\"a\":1}\u0000", "\"a\"\"b\"", "1 2"
  };

  @TestFactory
  Stream<DynamicTest> contentAfterTheValueIsMalformed() {
    return Stream.of(TRAILING)
        .map(
            d ->
                DynamicTest.dynamicTest(
                    "[" + d + "]",
                    () -> {
                      JsonScanner s = scanner(d);
                      s.skipValue();
                      assertThrows(JsonScanner.Malformed.class, s::endOfInput);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> notJsonIsMalformed() {
    return Stream.of(NOT_JSON)
        .map(
            d ->
                DynamicTest.dynamicTest(
                    "[" + d + "]",
                    () -> {
                      assertThrows(
                          JsonScanner.Malformed.class,
                          () -> {
                            JsonScanner s = scanner(d);
                            s.skipValue();
                            s.endOfInput();
                          });
                      assertFalse(jsonpAccepts(utf8(d)), "JSON-P accepts it: " + d);
                    }));
  }

  @Test
  void escapedKeysAreMatchedByTheirDecodedName() {
    Map<String, Object> m = readAbc("{\"\\u0061\":\"x\",\"\\u006e\":7,\"\\u0074\":true}");
    assertEquals("x", m.get("a"));
    assertEquals(7, m.get("n"));
    assertEquals(true, m.get("t"));
    // A plain key after an escaped one, and escaped keys that are not wanted.
    m = readAbc("{\"\\u0061x\":\"no\",\"a\":\"y\",\"k\\\"\":1,\"\\n\":{\"a\":\"no\"}}");
    assertEquals("y", m.get("a"));
    assertNull(m.get("n"));
  }

  /** Numbers that are not small integers, as JSON-P's {@code JsonNumber.intValue()} gives them. */
  private static final String[] NUMBERS = {
    "1234567890",
    "-2147483648",
    "2147483648",
    "12345678901",
    "-99999999999999999999",
    "1.0",
    "1.9",
    "-1.9",
    "0.5",
    "1e2",
    "-1E2",
    "2.5e1",
    "1e9",
    "1e31",
    "3e32",
    "1e400",
    "1e-400",
    "-0.0E-2",
    "123456789012345678901234567890.5",
    "1e99999999999",
    "1e-99999999999",
  };

  @TestFactory
  Stream<DynamicTest> numbersAreReadAsJsonPIntValue() {
    return Stream.of(NUMBERS)
        .map(
            n ->
                DynamicTest.dynamicTest(
                    n,
                    () -> {
                      JsonScanner s = scanner(n);
                      Integer got = s.integer();
                      s.endOfInput();
                      assertEquals(jsonpInt(n), got);
                    }));
  }

  /** JSON-P's int of a number, or of the 0 its huge exponent stands for when it refuses it. */
  private static int jsonpInt(String number) {
    try {
      return ((JsonNumber) JsonSupport.readValue(utf8(number), 0, number.length())).intValue();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Test
  void anyValueThatIsNotTrueIsNotTrue() {
    assertFalse(scanner("{\"a\":true}").isTrue());
    assertFalse(scanner("[true]").isTrue());
    assertFalse(scanner("\"true\"").isTrue());
    assertTrue(scanner("true").isTrue());
    Map<String, Object> m = readAbc("{\"t\":[true],\"a\":\"x\"}");
    assertEquals(false, m.get("t"));
    assertEquals("x", m.get("a"));
  }

  @Test
  void nestingIsReadAsDeepAsJsonPReadsIt() {
    int max = JsonScanner.MAX_DEPTH;
    String deepest = "[".repeat(max) + "]".repeat(max);
    assertTrue(jsonpAccepts(utf8(deepest)));
    assertDoesNotThrow(() -> scanner(deepest).skipValue());
    String objects = "{\"a\":".repeat(max) + "1" + "}".repeat(max);
    assertDoesNotThrow(() -> scanner(objects).skipValue());
    String tooDeep = "[".repeat(max + 1) + "]".repeat(max + 1);
    assertFalse(jsonpAccepts(utf8(tooDeep)));
    assertThrows(JsonScanner.Malformed.class, () -> scanner(tooDeep).skipValue());
    // Depth counts open containers, not containers read.
    String wide = "[" + "[[]],".repeat(2000) + "[]]";
    assertDoesNotThrow(() -> scanner(wide).skipValue());
  }

  @Test
  void jsonGivesAValueAsJsonPWritesIt() {
    String json = "{ \"b\" : [1, 2.50, -0, 1E+2, true, null], \"s\":\"\\u00e9\\/\\\"\" }";
    JsonScanner s = scanner("{\"args\": " + json + " , \"z\":1}");
    s.beginObject();
    assertTrue(s.nextKey());
    assertEquals(JsonSupport.readValue(json).toString(), s.json());
    assertTrue(s.nextKey());
    assertEquals(1, s.integer());
    assertFalse(s.nextKey());
    s.endOfInput();
    assertEquals("\"a\"", scanner(" \"a\" ").json());
  }

  @Test
  void wrongContainerIsMalformed() {
    assertThrows(JsonScanner.Malformed.class, () -> scanner("[]").beginObject());
    assertThrows(JsonScanner.Malformed.class, () -> scanner("{}").beginArray());
    assertThrows(JsonScanner.Malformed.class, () -> scanner("\"a\"").beginObject());
  }

  private static boolean jsonpAccepts(byte[] json) {
    try {
      JsonSupport.readValue(json, 0, json.length);
      return true;
    } catch (RuntimeException e) {
      // JsonException, or Parsson's bare RuntimeException for too deep nesting.
      return false;
    }
  }

  /** Random JSON texts, some of them then broken by one byte changed, removed or inserted. */
  @Test
  void whateverTheScannerAcceptsJsonPAcceptsWithTheSameStrings() {
    Random random = new Random(20240611L);
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      value(random, sb, 0);
      byte[] json = utf8(sb.toString());
      boolean mutated = random.nextInt(3) > 0;
      if (mutated) {
        json = mutate(random, json);
      }
      JsonScanner s = scanner(json);
      boolean ok;
      try {
        s.skipValue();
        s.endOfInput();
        ok = true;
      } catch (JsonScanner.Malformed e) {
        ok = false;
      }
      String text = new String(json, StandardCharsets.UTF_8);
      if (ok) {
        accepted++;
        assertTrue(jsonpAccepts(json), "scanner accepted what JSON-P refuses: " + text);
        if (json.length > 0 && json[0] == '"') {
          assertEquals(jsonpString(json), scanString(json), text);
        }
      } else {
        refused++;
        assertTrue(mutated, "valid JSON refused: " + text);
      }
    }
    assertTrue(
        accepted > 5_000 && refused > 5_000, accepted + " accepted, " + refused + " refused");
  }

  private static final String[] PIECES = {
    "a", "é", "東", "😀", "\\n", "\\\"", "\\\\", "\\u00e9", "\\ud83d\\ude00", "\\/", " ", "{", "]"
  };

  /** Key pieces, escapes among them. */
  private static final String[] KEY_PIECES = {
    "a", "é", "東", "😀", " ", "{", "]", ":", "\\n", "\\\"", "\\u0061", "\\ud83d\\ude00"
  };

  private static void value(Random r, StringBuilder sb, int depth) {
    int kind = r.nextInt(depth > 4 ? 5 : 8);
    switch (kind) {
      case 0 -> string(r, sb, PIECES);
      case 1 -> sb.append(new String[] {"0", "-1", "12.5", "1e9", "-0.0E-2", "42"}[r.nextInt(6)]);
      case 2 -> sb.append("true");
      case 3 -> sb.append("false");
      case 4 -> sb.append("null");
      case 5, 6 -> {
        sb.append('{').append(space(r));
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',').append(space(r));
          }
          string(r, sb, KEY_PIECES);
          sb.append(space(r)).append(':').append(space(r));
          value(r, sb, depth + 1);
          sb.append(space(r));
        }
        sb.append('}');
      }
      default -> {
        sb.append('[').append(space(r));
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',').append(space(r));
          }
          value(r, sb, depth + 1);
          sb.append(space(r));
        }
        sb.append(']');
      }
    }
  }

  private static void string(Random r, StringBuilder sb, String[] pieces) {
    sb.append('"');
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      sb.append(pieces[r.nextInt(pieces.length)]);
    }
    sb.append('"');
  }

  private static String space(Random r) {
    return new String[] {"", "", "", " ", "\n", "\r\n\t "}[r.nextInt(6)];
  }

  private static byte[] mutate(Random r, byte[] json) {
    byte[] alphabet = utf8("{}[],:\"\\ \n0-.eEtfnulx\u0001");
    int at = json.length == 0 ? 0 : r.nextInt(json.length);
    switch (r.nextInt(3)) {
      case 0 -> {
        if (json.length == 0) {
          return json;
        }
        byte[] out = json.clone();
        out[at] = alphabet[r.nextInt(alphabet.length)];
        return out;
      }
      case 1 -> {
        if (json.length == 0) {
          return json;
        }
        byte[] out = new byte[json.length - 1];
        System.arraycopy(json, 0, out, 0, at);
        System.arraycopy(json, at + 1, out, at, json.length - at - 1);
        return out;
      }
      default -> {
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, at);
        out[at] = alphabet[r.nextInt(alphabet.length)];
        System.arraycopy(json, at, out, at + 1, json.length - at);
        return out;
      }
    }
  }
}
