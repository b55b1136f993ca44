package io.ponybunny.llm.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SseParserTest {

  /** Records everything the parser reports as short strings. */
  static final class Recorder implements SseListener {
    final List<String> seen = new ArrayList<>();

    @Override
    public void onEvent(SseEvent e) {
      seen.add("event " + e.type() + " [" + e.data() + "] id=" + e.id());
    }

    @Override
    public void onComment(String text) {
      seen.add("comment [" + text + "]");
    }

    @Override
    public void onUnknownField(String name, String value, String line) {
      seen.add("unknown " + name + "=" + value + " line=" + line);
    }

    @Override
    public void onRetry(long millis) {
      seen.add("retry " + millis);
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("lf", "data: a\n\n", List.of("event message [a] id=null")),
        Arguments.of(
            "crlf",
            "data: a\r\n\r\ndata: b\r\n\r\n",
            List.of("event message [a] id=null", "event message [b] id=null")),
        Arguments.of(
            "cr only",
            "data: a\r\rdata: b\r\r",
            List.of("event message [a] id=null", "event message [b] id=null")),
        Arguments.of(
            "mixed ends",
            "data: a\r\ndata: b\rdata: c\n\r\n",
            List.of("event message [a\nb\nc] id=null")),
        Arguments.of(
            "multi-line data",
            "data: {\"a\":\ndata:  1}\n\n",
            List.of("event message [{\"a\":\n 1}] id=null")),
        Arguments.of(
            "event type",
            "event: ping\ndata: {}\n\ndata: x\n\n",
            List.of("event ping [{}] id=null", "event message [x] id=null")),
        Arguments.of(
            "empty event type defaults",
            "event:\ndata: x\n\n",
            List.of("event message [x] id=null")),
        Arguments.of(
            "comments",
            ": hello\n:\ndata: x\n: mid\n\n",
            List.of(
                "comment [ hello]", "comment []", "comment [ mid]", "event message [x] id=null")),
        Arguments.of("bom stripped", "\uFEFFdata: x\n\n", List.of("event message [x] id=null")),
        Arguments.of(
            "bom only at start",
            "data: x\n\n\uFEFFdata: y\n\n",
            List.of("event message [x] id=null", "unknown \uFEFFdata=y line=\uFEFFdata: y")),
        Arguments.of(
            "retry digits",
            "retry: 3000\nretry: 12a\nretry:\ndata: x\n\n",
            List.of("retry 3000", "event message [x] id=null")),
        Arguments.of(
            "id persists",
            "id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n",
            List.of("event message [a] id=7", "event message [b] id=7", "event message [c] id=")),
        Arguments.of(
            "id with NUL ignored",
            "id: 1\ndata: a\n\nid: 2\u0000x\ndata: b\n\n",
            List.of("event message [a] id=1", "event message [b] id=1")),
        Arguments.of(
            "unknown field",
            "foo: bar\ndata: x\n\n",
            List.of("unknown foo=bar line=foo: bar", "event message [x] id=null")),
        Arguments.of(
            "no colon = name with empty value",
            "data\n\n{\n",
            List.of("event message [] id=null", "unknown {= line={")),
        Arguments.of("no space after colon", "data:x\n\n", List.of("event message [x] id=null")),
        Arguments.of(
            "only one space stripped", "data:  x \n\n", List.of("event message [ x ] id=null")),
        Arguments.of(
            "empty data buffer no dispatch",
            "event: a\n\n\n\ndata: x\n\n",
            List.of("event message [x] id=null")),
        Arguments.of(
            "last event without blank line",
            "data: a\n\ndata: b",
            List.of("event message [a] id=null", "event message [b] id=null")),
        Arguments.of(
            "last event terminated by one newline",
            "data: b\r\n",
            List.of("event message [b] id=null")),
        Arguments.of("pending empty data not dispatched at eof", "data:\n", List.of()),
        Arguments.of(
            "utf8",
            "data: h\u00e9llo \uD83D\uDE0A\n\n",
            List.of("event message [h\u00e9llo \uD83D\uDE0A] id=null")),
        Arguments.of("colon in value", "data: a: b\n\n", List.of("event message [a: b] id=null")),
        Arguments.of(
            "field names are case-sensitive",
            "Data: x\n\n",
            List.of("unknown Data=x line=Data: x")));
  }

  private static List<String> feedWhole(byte[] bytes) {
    Recorder r = new Recorder();
    SseParser p = new SseParser(r);
    p.feed(bytes);
    p.end();
    return r.seen;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesWhole(String name, String input, List<String> expected) {
    assertEquals(expected, feedWhole(input.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void chunkBoundaryAtEveryByte(String name, String input, List<String> expected) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      Recorder r = new Recorder();
      SseParser p = new SseParser(r);
      p.feed(bytes, 0, cut);
      p.feed(bytes, cut, bytes.length - cut);
      p.end();
      assertEquals(expected, r.seen, "cut at " + cut);
    }
    Recorder r = new Recorder();
    SseParser p = new SseParser(r);
    for (int i = 0; i < bytes.length; i++) {
      p.feed(bytes, i, 1);
    }
    p.end();
    assertEquals(expected, r.seen, "byte by byte");
  }

  @Test
  void crLfSplitAcrossFeedsIsOneLineEnd() {
    Recorder r = new Recorder();
    SseParser p = new SseParser(r);
    p.feed("data: a\r".getBytes(StandardCharsets.US_ASCII));
    p.feed("\ndata: b\r".getBytes(StandardCharsets.US_ASCII));
    assertEquals(List.of(), r.seen);
    p.feed("\n\r".getBytes(StandardCharsets.US_ASCII));
    assertEquals(List.of("event message [a\nb] id=null"), r.seen, "the CR alone ends the line");
    p.feed("\ndata: c\r".getBytes(StandardCharsets.US_ASCII));
    p.feed("\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(1, r.seen.size(), "the LF after a CR is not a second (blank) line");
    p.feed("\r\n".getBytes(StandardCharsets.US_ASCII));
    p.end();
    assertEquals(List.of("event message [a\nb] id=null", "event message [c] id=null"), r.seen);
  }

  @Test
  void dispatchesOnBlankLineWithoutWaitingForEnd() {
    Recorder r = new Recorder();
    SseParser p = new SseParser(r);
    p.feed("data: a\n\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(List.of("event message [a] id=null"), r.seen);
  }

  @Test
  void longLinesGrowTheBuffer() {
    String big = "x".repeat(100_000);
    assertEquals(
        List.of("event message [" + big + "] id=null"),
        feedWhole(("data: " + big + "\n\n").getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void feedAfterEndFails() {
    SseParser p = new SseParser(new Recorder());
    p.end();
    assertThrows(IllegalStateException.class, () -> p.feed(new byte[] {'a'}));
  }
}
