package io.ponybunny.llm.provider.anthropic;

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
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.function.Function;

/** Anthropic Messages API ({@code POST {baseUrl}/v1/messages}). */
@ApplicationScoped
public class AnthropicAdapter implements ProtocolAdapter {

  public static final String PROTOCOL = "anthropic";
  public static final String API_VERSION = "2023-06-01";
  public static final int DEFAULT_MAX_TOKENS = 4096;

  private static final RequestTemplate TEMPLATE =
      RequestTemplate.keyIn("x-api-key", RequestTemplate.SSE)
          .withHeader("content-type", "application/json")
          .withHeader("anthropic-version", API_VERSION);

  public AnthropicAdapter() {}

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public HttpCall buildRequest(EndpointTarget target, LlmRequest request, boolean stream) {
    Conversation conversation = Conversation.of(request.messages());
    JsonFields body =
        JsonFields.object()
            .add("model", request.model())
            .addIfPresent("system", conversation.system())
            .add("messages", JsonFields.array(conversation.turns(), AnthropicAdapter::message))
            .add(
                "max_tokens",
                request.maxTokens() == null ? DEFAULT_MAX_TOKENS : request.maxTokens())
            .addIfPresent("temperature", request.temperature())
            .addIfAny(
                "tools",
                request.tools(),
                t -> ToolDeclaration.of(t, "input_schema", ToolDeclaration.OBJECT_SCHEMA));
    if (stream) {
      body.add("stream", true);
    }
    return TEMPLATE.post(target, "/v1/messages", stream, body);
  }

  /**
   * {@code {role, content}} with the text as content; an assistant turn that called tools has
   * content blocks (its text, if any, then one {@code tool_use} per call), a turn of tool results
   * one {@code tool_result} block per result.
   */
  private static JsonFields message(Conversation.Turn turn) {
    JsonFields message = JsonFields.object().add("role", turn.role("assistant"));
    if (!turn.results().isEmpty()) {
      return message.add("content", JsonFields.array(turn.results(), AnthropicAdapter::toolResult));
    }
    if (turn.calls().isEmpty()) {
      return message.add("content", turn.content());
    }
    JsonArrayBuilder blocks = JsonSupport.arrayBuilder();
    if (!turn.content().isEmpty()) {
      blocks.add(JsonFields.object().add("type", "text").add("text", turn.content()).build());
    }
    turn.calls().forEach(c -> blocks.add(toolUse(c).build()));
    return message.add("content", blocks);
  }

  private static JsonFields toolUse(ToolCall call) {
    return JsonFields.object()
        .add("type", "tool_use")
        .addIfPresent("id", call.id())
        .add("name", call.name())
        .add("input", ToolArguments.object(call));
  }

  private static JsonFields toolResult(Conversation.ToolResult result) {
    return JsonFields.object()
        .add("type", "tool_result")
        .add("tool_use_id", result.callId())
        .add("content", result.content());
  }

  @Override
  public StreamParser newStreamParser(String contentType) {
    return new AnthropicStreamParser();
  }

  @Override
  public LlmResponse parseResponse(byte[] body) {
    ResponseAccumulator acc = new ResponseAccumulator();
    JsonObject o = JsonSupport.tryReadObject(body, 0, body.length);
    if (o == null) {
      return AdapterSupport.malformedResponse(body, AnthropicError::read);
    }
    if ("error".equals(JsonSupport.str(o, "type")) || o.get("error") instanceof JsonObject) {
      acc.accept(AnthropicError.inBody(o));
      return acc.result();
    }
    JsonArray content = JsonSupport.arr(o, "content");
    if (content != null) {
      int index = 0;
      for (JsonValue v : content) {
        if (v instanceof JsonObject block) {
          String type = JsonSupport.str(block, "type");
          if ("text".equals(type)) {
            String text = JsonSupport.str(block, "text");
            if (text != null) {
              acc.accept(new StreamChunk.TextDelta(text));
            }
          } else if ("thinking".equals(type)) {
            String text = JsonSupport.str(block, "thinking");
            if (text != null) {
              acc.accept(new StreamChunk.ReasoningDelta(text));
            }
          } else if ("tool_use".equals(type)) {
            JsonValue input = block.get("input");
            acc.accept(
                new StreamChunk.ToolCallDelta(
                    index,
                    JsonSupport.str(block, "id"),
                    JsonSupport.str(block, "name"),
                    input == null ? "" : JsonSupport.toJson(input)));
          }
        }
        index++;
      }
    }
    String reason = JsonSupport.str(o, "stop_reason");
    if (reason != null) {
      acc.accept(new StreamChunk.Finish(AnthropicMapping.finishReason(reason), reason));
    }
    StreamChunk.Usage usage = AnthropicMapping.usage(JsonSupport.obj(o, "usage"));
    if (usage != null) {
      acc.accept(usage);
    }
    return acc.result();
  }

  @Override
  public ProviderException parseError(int status, Function<String, String> header, byte[] body) {
    return ProviderErrors.fromHttp(PROTOCOL, status, header, body, AnthropicError::read);
  }
}
