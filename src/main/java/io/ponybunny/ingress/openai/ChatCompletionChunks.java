package io.ponybunny.ingress.openai;

import io.ponybunny.ingress.StreamEncoder;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;

/**
 * One call's output as OpenAI's streamed {@code chat.completion.chunk}s: a first chunk with the
 * role, a chunk per text ({@code content}), reasoning ({@code reasoning_content}, as compatible
 * servers send it) or tool-call fragment ({@code tool_calls} with index, and id, type and name on a
 * call's first fragment), a chunk with the {@code finish_reason}, the usage chunk ({@code choices:
 * []}) when the client asked for it, then {@code data: [DONE]}. Every chunk carries the same id,
 * creation time and the model as requested; with usage asked for, every other chunk carries {@code
 * "usage": null}. A failure after the stream began goes out as {@code data: {"error": …}} without
 * {@code [DONE]}, which the OpenAI SDKs raise as an error.
 */
public final class ChatCompletionChunks implements StreamEncoder {

  static final String DONE = "data: [DONE]\n\n";

  private final ChatCompletionIds ids;
  private final long created;
  private final String model;
  private final boolean includeUsage;
  private final Map<Integer, Integer> toolIndexes = new HashMap<>();
  private boolean opened;

  /**
   * @param ids the call's ids
   * @param created the creation time (Unix seconds)
   * @param model the model as the client named it
   * @param includeUsage whether to end with the usage chunk
   */
  public ChatCompletionChunks(
      ChatCompletionIds ids, long created, String model, boolean includeUsage) {
    this.ids = ids;
    this.created = created;
    this.model = model;
    this.includeUsage = includeUsage;
  }

  @Override
  public String delta(StreamChunk delta) {
    StringBuilder out = new StringBuilder();
    open(out);
    if (delta instanceof StreamChunk.TextDelta t && !t.text().isEmpty()) {
      out.append(choiceChunk(JsonSupport.objectBuilder().add("content", t.text()), null));
    } else if (delta instanceof StreamChunk.ReasoningDelta r && !r.text().isEmpty()) {
      out.append(choiceChunk(JsonSupport.objectBuilder().add("reasoning_content", r.text()), null));
    } else if (delta instanceof StreamChunk.ToolCallDelta c) {
      out.append(
          choiceChunk(
              JsonSupport.objectBuilder()
                  .add("tool_calls", JsonSupport.arrayBuilder().add(toolCall(c))),
              null));
    }
    return out.toString();
  }

  @Override
  public String end(LlmResponse response) {
    StringBuilder out = new StringBuilder();
    open(out);
    out.append(choiceChunk(JsonSupport.objectBuilder(), OpenAiFinishReason.of(response)));
    if (includeUsage) {
      out.append(
          data(
              head()
                  .add("choices", JsonValue.EMPTY_JSON_ARRAY)
                  .add("usage", usage(response.usage()))));
    }
    return out.append(DONE).toString();
  }

  @Override
  public String error(ProviderException error) {
    int status = error.errorType() != null && error.errorType().contains("timeout") ? 504 : 502;
    return "data: " + OpenAiErrorBody.of(status, error.describe()) + "\n\n";
  }

  /** OpenAI's usage object; a counter the provider never reported counts as 0. */
  static JsonObjectBuilder usage(TokenUsage usage) {
    int in = usage.inputTokens() == null ? 0 : usage.inputTokens();
    int out = usage.outputTokens() == null ? 0 : usage.outputTokens();
    return JsonSupport.objectBuilder()
        .add("prompt_tokens", in)
        .add("completion_tokens", out)
        .add("total_tokens", in + out);
  }

  private void open(StringBuilder out) {
    if (!opened) {
      opened = true;
      out.append(
          choiceChunk(
              JsonSupport.objectBuilder().add("role", "assistant").add("content", ""), null));
    }
  }

  private JsonObjectBuilder toolCall(StreamChunk.ToolCallDelta c) {
    Integer index = toolIndexes.get(c.index());
    JsonObjectBuilder function = JsonSupport.objectBuilder();
    JsonObjectBuilder call = JsonSupport.objectBuilder();
    if (index == null) {
      index = toolIndexes.size();
      toolIndexes.put(c.index(), index);
      call.add("index", index).add("id", ids.toolCallId(index, c.id())).add("type", "function");
      function.add("name", c.name() == null ? "" : c.name());
      function.add("arguments", c.argumentsFragment() == null ? "" : c.argumentsFragment());
    } else {
      call.add("index", index);
      if (c.name() != null) {
        function.add("name", c.name());
      }
      function.add("arguments", c.argumentsFragment() == null ? "" : c.argumentsFragment());
    }
    return call.add("function", function);
  }

  private String choiceChunk(JsonObjectBuilder delta, String finishReason) {
    JsonObjectBuilder choice =
        JsonSupport.objectBuilder().add("index", 0).add("delta", delta).addNull("logprobs");
    if (finishReason == null) {
      choice.addNull("finish_reason");
    } else {
      choice.add("finish_reason", finishReason);
    }
    JsonObjectBuilder chunk = head().add("choices", JsonSupport.arrayBuilder().add(choice));
    if (includeUsage) {
      chunk.addNull("usage");
    }
    return data(chunk);
  }

  private JsonObjectBuilder head() {
    return JsonSupport.objectBuilder()
        .add("id", ids.completionId())
        .add("object", "chat.completion.chunk")
        .add("created", created)
        .add("model", model);
  }

  private static String data(JsonObjectBuilder chunk) {
    return "data: " + chunk.build() + "\n\n";
  }
}
