package io.ponybunny.llm.call;

import io.ponybunny.llm.api.FinishReason;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds the {@link StreamChunk}s of one response into an {@link LlmResponse}.
 *
 * <p>Text and reasoning are concatenated apart. Tool-call fragments are grouped by index, in order
 * of first appearance: the first non-null id and name win and argument fragments are concatenated;
 * blank arguments mean {@code {}}; arguments that do not parse leave {@code arguments} null and
 * keep the text in {@code rawArguments}. Each usage counter (input, output, cached input) is the
 * last one reported. Any {@link StreamChunk.ProviderError} makes the finish reason {@link
 * FinishReason#ERROR} (the raw reason of an earlier finish is kept); otherwise the last {@link
 * StreamChunk.Finish} decides. One instance per response; not thread-safe.
 */
public final class ResponseAccumulator implements Consumer<StreamChunk> {

  private final StringBuilder text = new StringBuilder();
  private final StringBuilder reasoning = new StringBuilder();
  private final Map<Integer, ToolBuilder> tools = new LinkedHashMap<>();
  private Integer inputTokens;
  private Integer outputTokens;
  private Integer cachedInputTokens;
  private StreamChunk.Finish finish;
  private StreamChunk.ProviderError error;

  /** Takes one chunk into account. */
  @Override
  public void accept(StreamChunk chunk) {
    if (chunk instanceof StreamChunk.TextDelta t) {
      text.append(t.text());
    } else if (chunk instanceof StreamChunk.ReasoningDelta r) {
      reasoning.append(r.text());
    } else if (chunk instanceof StreamChunk.ToolCallDelta d) {
      ToolBuilder b = tools.computeIfAbsent(d.index(), i -> new ToolBuilder());
      if (b.id == null) {
        b.id = d.id();
      }
      if (b.name == null) {
        b.name = d.name();
      }
      if (d.argumentsFragment() != null) {
        b.arguments.append(d.argumentsFragment());
      }
    } else if (chunk instanceof StreamChunk.Usage u) {
      if (u.inputTokens() != null) {
        inputTokens = u.inputTokens();
      }
      if (u.outputTokens() != null) {
        outputTokens = u.outputTokens();
      }
      if (u.cachedInputTokens() != null) {
        cachedInputTokens = u.cachedInputTokens();
      }
    } else if (chunk instanceof StreamChunk.Finish f) {
      finish = f;
    } else if (chunk instanceof StreamChunk.ProviderError e) {
      if (error == null) {
        error = e;
      }
    }
  }

  /** Whether a provider error was seen. */
  public boolean hasError() {
    return error != null;
  }

  /** The response as accumulated so far. */
  public LlmResponse result() {
    List<ToolCall> calls = new ArrayList<>(tools.size());
    for (ToolBuilder b : tools.values()) {
      calls.add(b.build());
    }
    FinishReason reason =
        error != null ? FinishReason.ERROR : finish == null ? null : finish.reason();
    return new LlmResponse(
        text.toString(),
        reasoning.toString(),
        calls,
        new TokenUsage(inputTokens, outputTokens, cachedInputTokens),
        reason,
        finish == null ? null : finish.rawReason(),
        error);
  }

  private static final class ToolBuilder {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();

    ToolCall build() {
      String raw = arguments.toString();
      JsonValue parsed =
          raw.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : JsonSupport.tryReadValue(raw);
      return new ToolCall(id, name, parsed, raw);
    }
  }
}
