package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ponybunny.llm.api.StreamChunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Keys are read by what they decode to, and members a parser does not know are skipped, whatever
 * their key: every recorded stream (own and shared) gives the same chunks when the first character
 * of every key is written as a {@code \\u} escape, and when an unknown member with an escaped key
 * ({@code "\\u0078":0}) is added first to every top-level object.
 */
class EscapedKeysTest {

  /** An unknown member, its key escaped. */
  static final String MARKER = "\"\\u0078\":0";

  private static List<StreamFixtures.Fixture> streams() {
    List<StreamFixtures.Fixture> all =
        new ArrayList<>(StreamFixtures.load(StreamFixtures.ownDir()));
    String shared = System.getProperty("ponybunny.fixtures.dir");
    if (shared != null && Files.isDirectory(Path.of(shared))) {
      all.addAll(StreamFixtures.load(Path.of(shared)));
    }
    return all.stream().filter(f -> f.httpStatus() == 0).toList();
  }

  @TestFactory
  Stream<DynamicTest> escapedKeysReadAsThemselves() {
    return streams().stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.label(),
                    () -> {
                      byte[] escaped = escapeKeys(f.body());
                      assertNotEquals(text(f.body()), text(escaped), "no key in " + f.label());
                      assertEquals(
                          withoutRawText(chunks(f, f.body())),
                          withoutRawText(chunks(f, escaped)),
                          f.label());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> unknownMembersAreSkipped() {
    return streams().stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.label(),
                    () ->
                        assertEquals(
                            withoutRawText(chunks(f, f.body())),
                            withoutRawText(chunks(f, withMarker(f.body(), f.contentType()))),
                            f.label())));
  }

  /**
   * Errors that quote the raw text they could not read (it differs by the change) keep only their
   * type; every other chunk is compared whole.
   */
  private static List<Object> withoutRawText(List<StreamChunk> chunks) {
    List<Object> out = new ArrayList<>();
    for (StreamChunk c : chunks) {
      if (c instanceof StreamChunk.ProviderError e
          && (e.type().startsWith("malformed") || e.type().equals("invalid_stream"))) {
        out.add(e.type());
      } else {
        out.add(c);
      }
    }
    return out;
  }

  private static List<StreamChunk> chunks(StreamFixtures.Fixture f, byte[] body) {
    StreamParser parser = f.adapter().newStreamParser(f.contentType());
    List<StreamChunk> out = new ArrayList<>();
    parser.parseStreamChunk(body, 0, body.length, out::add);
    parser.endOfStream(out::add);
    return out;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The body with the first character of every key (a JSON string followed by a colon) that is an
   * ASCII letter or digit written as {@code \\u00XX}. Strings do not span lines, so a line end
   * resets the state (truncated events do not leak into the next). Bytes are kept (Latin-1).
   */
  static byte[] escapeKeys(byte[] body) {
    String s = new String(body, StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder(s.length() + 1024);
    int stringStart = -1;
    boolean escape = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        stringStart = -1;
        escape = false;
        out.append(c);
      } else if (stringStart < 0) {
        if (c == '"') {
          stringStart = out.length();
        }
        out.append(c);
      } else if (escape) {
        escape = false;
        out.append(c);
      } else if (c == '\\') {
        escape = true;
        out.append(c);
      } else if (c == '"') {
        out.append(c);
        int j = i + 1;
        while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
          j++;
        }
        char first = out.charAt(stringStart + 1);
        if (j < s.length()
            && s.charAt(j) == ':'
            && Character.isLetterOrDigit(first)
            && first < 128) {
          out.replace(stringStart + 1, stringStart + 2, String.format("\\u%04x", (int) first));
        }
        stringStart = -1;
      } else {
        out.append(c);
      }
    }
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The body with {@link #MARKER} first in every top-level object: the first data line of each SSE
   * event, each NDJSON line, each element of a JSON array. Bytes are kept (Latin-1).
   */
  static byte[] withMarker(byte[] body, String contentType) {
    String s = new String(body, StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder(s.length() + 256);
    if (contentType.equals("text/event-stream")) {
      boolean inEvent = false;
      int i = 0;
      while (i < s.length()) {
        int eol = i;
        while (eol < s.length() && s.charAt(eol) != '\n' && s.charAt(eol) != '\r') {
          eol++;
        }
        String line = s.substring(i, eol);
        if (line.isEmpty()) {
          inEvent = false;
          out.append(line);
        } else if (line.startsWith("data:") && !inEvent) {
          inEvent = true;
          out.append(markFirstObject(line, 5));
        } else {
          out.append(line);
        }
        int next = eol;
        if (next < s.length() && s.charAt(next) == '\r') {
          next++;
        }
        if (next < s.length() && s.charAt(next) == '\n') {
          next++;
        }
        out.append(s, eol, next);
        i = next;
      }
    } else if (contentType.equals("application/x-ndjson")) {
      for (String line : s.split("(?<=\n)")) {
        out.append(markFirstObject(line, 0));
      }
    } else {
      markArrayElements(s, out);
    }
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@code text} with the marker after its opening brace when only whitespace precedes it. */
  private static String markFirstObject(String text, int from) {
    int i = from;
    while (i < text.length() && " \t".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    if (i >= text.length() || text.charAt(i) != '{') {
      return text;
    }
    return text.substring(0, i + 1) + marker(text, i + 1) + text.substring(i + 1);
  }

  private static String marker(String text, int afterBrace) {
    int j = afterBrace;
    while (j < text.length() && " \t\r\n".indexOf(text.charAt(j)) >= 0) {
      j++;
    }
    boolean empty = j < text.length() && text.charAt(j) == '}';
    return empty ? MARKER : MARKER + ",";
  }

  /** Marks every object directly inside the top-level array (or a bare top-level object). */
  private static void markArrayElements(String s, StringBuilder out) {
    int depth = 0;
    boolean inString = false;
    boolean escape = false;
    boolean topIsArray = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c);
      if (inString) {
        if (escape) {
          escape = false;
        } else if (c == '\\') {
          escape = true;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        if (depth == 0) {
          topIsArray = c == '[';
        }
        if (c == '{' && depth == (topIsArray ? 1 : 0)) {
          out.append(marker(s, i + 1));
        }
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
  }
}
