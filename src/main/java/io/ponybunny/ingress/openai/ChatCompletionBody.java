package io.ponybunny.ingress.openai;

import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.json.JsonSupport;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * A whole result as OpenAI's {@code chat.completion} object: one choice whose message holds the
 * text ({@code content} null when the model only called tools), the reasoning as {@code
 * reasoning_content} when there is any, and the tool calls with their ids; the finish reason and
 * the usage.
 */
public final class ChatCompletionBody {

  private ChatCompletionBody() {}

  /** The JSON text for {@code response} of the call {@code ids}, created at {@code created}. */
  public static String of(ChatCompletionIds ids, long created, String model, LlmResponse response) {
    boolean calls = !response.toolCalls().isEmpty();
    JsonObjectBuilder message = JsonSupport.objectBuilder().add("role", "assistant");
    if (calls && response.text().isEmpty()) {
      message.addNull("content");
    } else {
      message.add("content", response.text());
    }
    message.addNull("refusal");
    if (response.reasoning() != null && !response.reasoning().isEmpty()) {
      message.add("reasoning_content", response.reasoning());
    }
    if (calls) {
      JsonArrayBuilder list = JsonSupport.arrayBuilder();
      for (int i = 0; i < response.toolCalls().size(); i++) {
        ToolCall call = response.toolCalls().get(i);
        list.add(
            JsonSupport.objectBuilder()
                .add("id", ids.toolCallId(i, call.id()))
                .add("type", "function")
                .add(
                    "function",
                    JsonSupport.objectBuilder()
                        .add("name", call.name())
                        .add("arguments", arguments(call))));
      }
      message.add("tool_calls", list);
    }
    JsonObjectBuilder choice =
        JsonSupport.objectBuilder()
            .add("index", 0)
            .add("message", message)
            .addNull("logprobs")
            .add("finish_reason", OpenAiFinishReason.of(response));
    return JsonSupport.objectBuilder()
        .add("id", ids.completionId())
        .add("object", "chat.completion")
        .add("created", created)
        .add("model", model)
        .add("choices", JsonSupport.arrayBuilder().add(choice))
        .add("usage", ChatCompletionChunks.usage(response.usage()))
        .build()
        .toString();
  }

  /** The arguments as streamed; {@code {}} when the provider sent none. */
  private static String arguments(ToolCall call) {
    return call.rawArguments() == null || call.rawArguments().isBlank()
        ? "{}"
        : call.rawArguments();
  }
}
