package io.ponybunny.llm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.anthropic.AnthropicAdapter;
import io.ponybunny.llm.provider.gemini.GeminiAdapter;
import io.ponybunny.llm.provider.ollama.OllamaAdapter;
import io.ponybunny.llm.provider.openai.OpenAiAdapter;
import io.ponybunny.llm.provider.openai.OpenAiResponsesAdapter;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** Test support: loads recorded streams, picks the adapter and compares with expectations. */
public final class StreamFixtures {

  private StreamFixtures() {}

  /** One {@code <name>.txt} body with its {@code <name>.expected.json}. */
  public record Fixture(String folder, String name, byte[] body, JsonObject expected) {

    public String label() {
      return folder + "/" + name;
    }

    /** The HTTP status of an {@code http-<status>-...} error body, 0 for a stream. */
    public int httpStatus() {
      if (!name.startsWith("http-")) {
        return 0;
      }
      int end = name.indexOf('-', 5);
      return Integer.parseInt(name.substring(5, end < 0 ? name.length() : end));
    }

    public ProtocolAdapter adapter() {
      return switch (folder) {
        case "anthropic" -> new AnthropicAdapter();
        case "openai" ->
            name.startsWith("responses-") ? new OpenAiResponsesAdapter() : new OpenAiAdapter();
        case "openai-compatible" -> new OpenAiAdapter();
        case "gemini" -> new GeminiAdapter();
        case "ollama" -> new OllamaAdapter();
        case "sse-grammar" ->
            new String(body, StandardCharsets.UTF_8).contains("message_start")
                ? new AnthropicAdapter()
                : new OpenAiAdapter();
        default -> throw new IllegalArgumentException("unknown folder " + folder);
      };
    }

    public String contentType() {
      return switch (folder) {
        case "gemini" -> name.startsWith("jsonarray-") ? "application/json" : "text/event-stream";
        case "ollama" -> "application/x-ndjson";
        default -> "text/event-stream";
      };
    }

    /** Feeds the body in the given pieces (cut positions, ascending) and accumulates. */
    public LlmResponse stream(int... cuts) {
      StreamParser parser = adapter().newStreamParser(contentType());
      ResponseAccumulator acc = new ResponseAccumulator();
      int from = 0;
      for (int cut : cuts) {
        parser.parseStreamChunk(body, from, cut - from, acc);
        from = cut;
      }
      parser.parseStreamChunk(body, from, body.length - from, acc);
      parser.endOfStream(acc);
      return acc.result();
    }

    /** The result of this fixture: streamed, or the error mapping for an HTTP error body. */
    public LlmResponse result() {
      int status = httpStatus();
      if (status == 0) {
        return stream();
      }
      ProtocolAdapter adapter = adapter();
      Function<String, String> noHeaders = h -> null;
      ProviderException e = adapter.parseError(status, noHeaders, body);
      assertEquals(adapter.protocol(), e.provider(), label());
      assertEquals(status, e.status(), label());
      assertNotNull(e.getMessage(), label());
      return new LlmResponse(
          "",
          "",
          List.of(),
          TokenUsage.NONE,
          FinishReason.ERROR,
          null,
          new StreamChunk.ProviderError(e.status(), e.errorType(), e.getMessage()));
    }
  }

  /** All fixtures of a streams directory ({@code <dir>/<folder>/<name>.txt}), sorted. */
  public static List<Fixture> load(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".txt"))
          .sorted()
          .map(p -> load(dir, p))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Fixture load(Path dir, Path txt) {
    try {
      String file = txt.getFileName().toString();
      String name = file.substring(0, file.length() - 4);
      Path expected = txt.resolveSibling(name + ".expected.json");
      JsonObject exp =
          (JsonObject) JsonSupport.readValue(Files.readString(expected, StandardCharsets.UTF_8));
      String folder = dir.relativize(txt.getParent()).toString().replace('\\', '/');
      return new Fixture(folder, name, Files.readAllBytes(txt), exp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Own fixtures under {@code src/test/resources/streams}. */
  public static Path ownDir() {
    return Path.of("src/test/resources/streams").toAbsolutePath();
  }

  /** Asserts that {@code actual} matches an expected.json object. */
  public static void assertMatches(JsonObject expected, LlmResponse actual, String label) {
    assertEquals(expected.getString("text"), actual.text(), label + " text");
    JsonValue finish = expected.get("finishReason");
    assertEquals(
        finish instanceof JsonString s ? s.getString() : null,
        actual.finishReason() == null ? null : actual.finishReason().wireName(),
        label + " finishReason");
    assertEquals(
        intOrNull(expected.get("inputTokens")),
        actual.usage().inputTokens(),
        label + " inputTokens");
    assertEquals(
        intOrNull(expected.get("outputTokens")),
        actual.usage().outputTokens(),
        label + " outputTokens");
    JsonArray calls = expected.getJsonArray("toolCalls");
    assertEquals(calls.size(), actual.toolCalls().size(), label + " toolCalls size");
    for (int i = 0; i < calls.size(); i++) {
      JsonObject e = calls.getJsonObject(i);
      ToolCall a = actual.toolCalls().get(i);
      String l = label + " toolCalls[" + i + "]";
      JsonValue id = e.get("id");
      assertEquals(id instanceof JsonString s ? s.getString() : null, a.id(), l + " id");
      assertEquals(e.getString("name"), a.name(), l + " name");
      JsonValue args = e.get("arguments");
      if (args == null || args == JsonValue.NULL) {
        assertNull(a.arguments(), l + " arguments should not parse");
        assertTrue(e.containsKey("partialArguments"), l + " expected.json lacks partialArguments");
        assertEquals(e.getString("partialArguments"), a.rawArguments(), l + " partialArguments");
      } else {
        assertEquals(args, a.arguments(), l + " arguments");
      }
    }
  }

  private static Integer intOrNull(JsonValue v) {
    return v instanceof JsonNumber n ? n.intValue() : null;
  }
}
