package io.ponybunny.llm.provider.openai;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.AdapterSupport;
import io.ponybunny.llm.provider.Conversation;
import io.ponybunny.llm.provider.EndpointTarget;
import io.ponybunny.llm.provider.JsonFields;
import io.ponybunny.llm.provider.ProtocolAdapter;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.RequestTemplate;
import io.ponybunny.llm.provider.StreamParser;
import io.ponybunny.llm.provider.ToolArguments;
import io.ponybunny.llm.provider.ToolDeclaration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.function.Function;

/**
 * OpenAI Chat Completions ({@code POST {baseUrl}/chat/completions}), also spoken by Azure, vLLM,
 * Ollama's {@code /v1}, llama.cpp, DeepSeek, Groq and OpenRouter. Uses {@code max_tokens} rather
 * than {@code max_completion_tokens} because the compatible servers understand only the former.
 */
@ApplicationScoped
public class OpenAiAdapter implements ProtocolAdapter {

  public static final String PROTOCOL = "openai";

  private static final RequestTemplate TEMPLATE = RequestTemplate.bearer(RequestTemplate.SSE);

  /** The schema sent for a tool without one: compatible servers want its {@code properties}. */
  private static final JsonObject EMPTY_SCHEMA =
      JsonSupport.objectBuilder()
          .add("type", "object")
          .add("properties", JsonValue.EMPTY_JSON_OBJECT)
          .build();

  public OpenAiAdapter() {}

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public HttpCall buildRequest(EndpointTarget target, LlmRequest request, boolean stream) {
    JsonFields body =
        JsonFields.object()
            .add("model", request.model())
            .add("messages", JsonFields.array(request.messages(), OpenAiAdapter::message))
            .addIfPresent("max_tokens", request.maxTokens())
            .addIfPresent("temperature", request.temperature())
            .addIfAny("tools", request.tools(), t -> ToolDeclaration.function(t, EMPTY_SCHEMA));
    if (stream) {
      body.add("stream", true)
          .add("stream_options", JsonFields.object().add("include_usage", true));
    }
    return TEMPLATE.post(target, "/chat/completions", stream, body);
  }

  /**
   * {@code {role, content}}; an assistant message that called tools adds {@code tool_calls} (its
   * content null when it said nothing), a tool result is {@code {role, tool_call_id, content}}.
   */
  private static JsonFields message(ChatMessage m) {
    String content = Conversation.contentOf(m);
    if (Conversation.isToolResult(m)) {
      return JsonFields.object()
          .add("role", m.role())
          .add("tool_call_id", m.toolCallId())
          .add("content", content);
    }
    JsonFields message = JsonFields.object().add("role", m.role());
    if (!"assistant".equals(m.role()) || m.toolCalls().isEmpty()) {
      return message.add("content", content);
    }
    return message
        .addOrNull("content", content.isEmpty() ? null : content)
        .add("tool_calls", JsonFields.array(m.toolCalls(), OpenAiAdapter::toolCall));
  }

  private static JsonFields toolCall(ToolCall call) {
    return JsonFields.object()
        .addIfPresent("id", call.id())
        .add("type", "function")
        .add(
            "function",
            JsonFields.object()
                .add("name", call.name())
                .add("arguments", ToolArguments.text(call)));
  }

  @Override
  public StreamParser newStreamParser(String contentType) {
    return new OpenAiStreamParser();
  }

  @Override
  public LlmResponse parseResponse(byte[] body) {
    ResponseAccumulator acc = new ResponseAccumulator();
    JsonObject o = JsonSupport.tryReadObject(body, 0, body.length);
    if (o == null) {
      return AdapterSupport.malformedResponse(body, OpenAiError::read);
    }
    if (o.get("error") instanceof JsonObject) {
      acc.accept(OpenAiError.streamError(o, "error"));
    }
    JsonArray choices = JsonSupport.arr(o, "choices");
    if (choices != null) {
      for (JsonValue v : choices) {
        if (v instanceof JsonObject choice) {
          Integer index = JsonSupport.integer(choice, "index");
          if (index != null && index != 0) {
            continue;
          }
          JsonObject message = JsonSupport.obj(choice, "message");
          if (message != null) {
            OpenAiChatMapping.emitMessage(message, acc);
          }
          String finish = JsonSupport.str(choice, "finish_reason");
          if (finish != null) {
            acc.accept(new StreamChunk.Finish(OpenAiChatMapping.finishReason(finish), finish));
          }
          break;
        }
      }
    }
    StreamChunk.Usage usage = OpenAiChatMapping.usage(JsonSupport.obj(o, "usage"));
    if (usage != null) {
      acc.accept(usage);
    }
    return acc.result();
  }

  @Override
  public ProviderException parseError(int status, Function<String, String> header, byte[] body) {
    return ProviderErrors.fromHttp(PROTOCOL, status, header, body, OpenAiError::read);
  }
}
