package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The parsers read the usual events with {@link JsonScanner} and leave the rest to their JSON-P
 * paths; both must give the same chunks. Every stream (own, shared and the hand-written ones below)
 * is parsed as recorded and again with an unknown member whose key is escaped ({@code "\u0078":0})
 * added first to every top-level object: the scanner leaves escaped keys to JSON-P, which ignores
 * the unknown member, so the second run takes the JSON-P paths for every event.
 */
class ScannerFallbackTest {

  /** The member that sends an object to the JSON-P path without changing what it means. */
  static final String MARKER = "\"\\u0078\":0";

  /** Hand-written streams: reordered keys, whitespace, escapes, nested values to skip. */
  private static final String[][] OWN = {
    {
      "openai",
      "text/event-stream",
      "data: {\"choices\":[{\"finish_reason\":null,\"delta\":{\"reasoning_content\":\"th\\u00e9\","
          + "\"content\":null},\"index\":0,\"logprobs\":{\"content\":[{\"t\":[1,{}]}]}}],\"id\":1}\n\n"
          + "data:  { \"usage\" : null , \"choices\" : [ { \"delta\" : { \"content\" : "
          + "\"a\\n\\\"b\\\" \\ud83d\\ude00 東京\" } } ] }\r\n\r\n"
          + "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other choice\"}},"
          + "{\"index\":0,\"delta\":{\"content\":\"c\",\"reasoning\":\"r\"},"
          + "\"finish_reason\":\"stop\"}],\"usage\":{\"completion_tokens\":5,\"prompt_tokens\":3}}\n\n"
          + "data: [DONE]\n\n"
    },
    {
      "anthropic",
      "text/event-stream",
      "event: message_start\ndata: {\"message\":{\"usage\":{\"output_tokens\":1,"
          + "\"input_tokens\":12},\"content\":[]},\"type\":\"message_start\"}\n\n"
          + "event: content_block_start\ndata: {\"content_block\":{\"text\":\"\",\"type\":\"text\"},"
          + "\"index\":0,\"type\":\"content_block_start\"}\n\n"
          + "event: content_block_delta\ndata: {\"delta\":{\"text\":\"x\\ty \\u00e9\","
          + "\"type\":\"text_delta\"},\"type\":\"content_block_delta\",\"index\":0}\n\n"
          + "event: message_delta\ndata: { \"usage\" : { \"output_tokens\" : 7 } , \"delta\" : {"
          + " \"stop_sequence\" : null , \"stop_reason\" : \"end_turn\" } , \"type\" : "
          + "\"message_delta\" }\n\n"
          + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
    },
    {
      "responses",
      "text/event-stream",
      "event: response.output_text.delta\ndata: {\"delta\":\"h\\u00e9\\\"\",\"output_index\":0,"
          + "\"logprobs\":[{\"a\":[[]]}],\"type\":\"response.output_text.delta\"}\n\n"
          + "event: response.reasoning_summary_text.delta\ndata: {\"type\":"
          + "\"response.reasoning_summary_text.delta\",\"delta\":\"why\"}\n\n"
          + "event: response.function_call_arguments.delta\ndata: {\"item_id\":\"fc_1\","
          + "\"delta\":\"{\\\"a\\\":\",\"type\":\"response.function_call_arguments.delta\"}\n\n"
          + "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":"
          + "{\"status\":\"completed\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}}\n\n"
    },
    {
      "gemini-sse",
      "text/event-stream",
      "data: {\"usageMetadata\":{\"thoughtsTokenCount\":2,\"promptTokenCount\":4},"
          + "\"candidates\":[{\"index\":0,\"content\":{\"role\":\"model\",\"parts\":[{\"thought\":true,"
          + "\"text\":\"hm\"},{\"text\":\"A\\u00e9\\n\"},{\"inlineData\":{\"d\":[1,2]}}]}}]}\n\n"
          + "data: {\"candidates\":[{\"index\":1,\"content\":{\"parts\":[{\"text\":\"no\"}]}},"
          + "{\"finishReason\":\"STOP\",\"content\":{\"parts\":[{\"text\":\"yes\"}]}}]}\n\n"
    },
    {
      "gemini-json-array",
      "application/json",
      "[{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"a \\\"b\\\"\"}]}}]}\r\n,"
          + "{\"modelVersion\":\"x\",\"candidates\":[{\"finishReason\":\"MAX_TOKENS\",\"content\":"
          + "{\"parts\":[{\"text\":\"\\ud83d\\ude00\"}]}}],\"usageMetadata\":{\"candidatesTokenCount\":3}}"
          + "\n]"
    },
    {
      "ollama",
      "application/x-ndjson",
      "{\"message\":{\"content\":\"h\\u00e9\",\"role\":\"assistant\",\"thinking\":\"t\"},"
          + "\"done\":false,\"model\":\"m\"}\n"
          + " {\"done\":true,\"eval_count\":5,\"done_reason\":\"length\",\"response\":\"\","
          + "\"prompt_eval_count\":3, \"context\":[1,2,{\"a\":null}]}\n"
    },
  };

  @TestFactory
  Stream<DynamicTest> ownStreamsGiveTheSameChunksOnBothPaths() {
    return Stream.of(OWN)
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c[0],
                    () -> {
                      byte[] body = c[2].getBytes(StandardCharsets.UTF_8);
                      List<StreamChunk> scanned = chunks(c[0], c[1], body);
                      assertTrue(scanned.size() >= 3, scanned.toString());
                      assertTrue(
                          scanned.stream().noneMatch(x -> x instanceof StreamChunk.ProviderError),
                          scanned.toString());
                      byte[] marked = withMarker(body, c[1]);
                      assertNotEquals(new String(body, StandardCharsets.UTF_8), text(marked));
                      assertEquals(scanned, chunks(c[0], c[1], marked));
                    }));
  }

  @TestFactory
  Stream<DynamicTest> recordedStreamsGiveTheSameChunksOnBothPaths() {
    List<StreamFixtures.Fixture> all =
        new ArrayList<>(StreamFixtures.load(StreamFixtures.ownDir()));
    String shared = System.getProperty("ponybunny.fixtures.dir");
    if (shared != null && Files.isDirectory(Path.of(shared))) {
      all.addAll(StreamFixtures.load(Path.of(shared)));
    }
    return all.stream()
        .filter(f -> f.httpStatus() == 0)
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.label(),
                    () -> {
                      List<StreamChunk> scanned = chunks(f, f.body());
                      List<StreamChunk> jsonp = chunks(f, withMarker(f.body(), f.contentType()));
                      assertEquals(withoutRawText(scanned), withoutRawText(jsonp), f.label());
                    }));
  }

  /**
   * Errors that quote the raw event text (it differs by the marker) keep only their type; every
   * other chunk is compared whole.
   */
  private static List<Object> withoutRawText(List<StreamChunk> chunks) {
    List<Object> out = new ArrayList<>();
    for (StreamChunk c : chunks) {
      if (c instanceof StreamChunk.ProviderError e && e.type().startsWith("malformed")) {
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

  private static List<StreamChunk> chunks(String protocol, String contentType, byte[] body) {
    StreamParser parser =
        switch (protocol) {
          case "openai" ->
              new io.ponybunny.llm.provider.openai.OpenAiAdapter().newStreamParser(contentType);
          case "responses" ->
              new io.ponybunny.llm.provider.openai.OpenAiResponsesAdapter()
                  .newStreamParser(contentType);
          case "anthropic" ->
              new io.ponybunny.llm.provider.anthropic.AnthropicAdapter()
                  .newStreamParser(contentType);
          case "gemini-sse" -> io.ponybunny.llm.provider.gemini.GeminiStreamParser.sse();
          case "gemini-json-array" ->
              io.ponybunny.llm.provider.gemini.GeminiStreamParser.jsonArray();
          case "ollama" ->
              new io.ponybunny.llm.provider.ollama.OllamaAdapter().newStreamParser(contentType);
          default -> throw new IllegalArgumentException(protocol);
        };
    List<StreamChunk> out = new ArrayList<>();
    parser.parseStreamChunk(body, 0, body.length, out::add);
    parser.endOfStream(out::add);
    return out;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The body with {@link #MARKER} first in every top-level object: the first data line of each SSE
   * event, each NDJSON line, each element of a JSON array. Bytes are kept as they are (Latin-1).
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
