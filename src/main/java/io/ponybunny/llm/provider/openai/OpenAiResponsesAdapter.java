package io.ponybunny.llm.provider.openai;

import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.api.ToolSpec;
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

/** OpenAI Responses API ({@code POST {baseUrl}/responses}). */
@ApplicationScoped
public class OpenAiResponsesAdapter implements ProtocolAdapter {

  public static final String PROTOCOL = "openai-responses";

  private static final RequestTemplate TEMPLATE = RequestTemplate.bearer(RequestTemplate.SSE);

  public OpenAiResponsesAdapter() {}

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
            .addIfPresent("instructions", conversation.system())
            .add("input", input(conversation))
            .addIfPresent("max_output_tokens", request.maxTokens())
            .addIfPresent("temperature", request.temperature())
            .addIfAny("tools", request.tools(), OpenAiResponsesAdapter::tool)
            .add("stream", stream);
    return TEMPLATE.post(target, "/responses", stream, body);
  }

  /**
   * One {@code message} item per turn of text; an assistant turn that called tools gives its text
   * (if any) then one {@code function_call} item per call, a turn of tool results one {@code
   * function_call_output} item per result.
   */
  private static JsonArrayBuilder input(Conversation conversation) {
    JsonArrayBuilder items = JsonSupport.arrayBuilder();
    for (Conversation.Turn turn : conversation.turns()) {
      if (!turn.results().isEmpty()) {
        turn.results().forEach(r -> items.add(functionCallOutput(r).build()));
        continue;
      }
      if (turn.calls().isEmpty() || !turn.content().isEmpty()) {
        items.add(message(turn).build());
      }
      turn.calls().forEach(c -> items.add(functionCall(c).build()));
    }
    return items;
  }

  private static JsonFields message(Conversation.Turn turn) {
    return JsonFields.object()
        .add("type", "message")
        .add("role", turn.role("assistant"))
        .add("content", turn.content());
  }

  private static JsonFields functionCall(ToolCall call) {
    return JsonFields.object()
        .add("type", "function_call")
        .addIfPresent("call_id", call.id())
        .add("name", call.name())
        .add("arguments", ToolArguments.text(call));
  }

  private static JsonFields functionCallOutput(Conversation.ToolResult result) {
    return JsonFields.object()
        .add("type", "function_call_output")
        .add("call_id", result.callId())
        .add("output", result.content());
  }

  private static JsonFields tool(ToolSpec t) {
    return JsonFields.object()
        .add("type", "function")
        .addAll(ToolDeclaration.of(t, "parameters", ToolDeclaration.OBJECT_SCHEMA));
  }

  @Override
  public StreamParser newStreamParser(String contentType) {
    return new OpenAiResponsesStreamParser();
  }

  @Override
  public LlmResponse parseResponse(byte[] body) {
    ResponseAccumulator acc = new ResponseAccumulator();
    JsonObject o = JsonSupport.tryReadObject(body, 0, body.length);
    if (o == null) {
      return AdapterSupport.malformedResponse(body, OpenAiError::read);
    }
    JsonArray output = JsonSupport.arr(o, "output");
    boolean sawFunctionCall = false;
    if (output != null) {
      int index = 0;
      for (JsonValue v : output) {
        if (v instanceof JsonObject item) {
          String type = JsonSupport.str(item, "type");
          if ("message".equals(type)) {
            emitParts(JsonSupport.arr(item, "content"), "output_text", false, acc);
          } else if ("reasoning".equals(type)) {
            emitParts(JsonSupport.arr(item, "summary"), "summary_text", true, acc);
            emitParts(JsonSupport.arr(item, "content"), "reasoning_text", true, acc);
          } else if ("function_call".equals(type)) {
            sawFunctionCall = true;
            String args = JsonSupport.str(item, "arguments");
            acc.accept(
                new StreamChunk.ToolCallDelta(
                    index,
                    JsonSupport.str(item, "call_id"),
                    JsonSupport.str(item, "name"),
                    args == null ? "" : args));
          }
        }
        index++;
      }
    }
    if (o.get("error") instanceof JsonObject && !"failed".equals(JsonSupport.str(o, "status"))) {
      acc.accept(OpenAiError.streamError(o, "error"));
    }
    OpenAiResponsesMapping.emitEnd(o, sawFunctionCall, acc);
    return acc.result();
  }

  private static void emitParts(
      JsonArray parts, String partType, boolean reasoning, ResponseAccumulator acc) {
    if (parts == null) {
      return;
    }
    for (JsonValue p : parts) {
      if (p instanceof JsonObject part && partType.equals(JsonSupport.str(part, "type"))) {
        String text = JsonSupport.str(part, "text");
        if (text != null) {
          acc.accept(
              reasoning ? new StreamChunk.ReasoningDelta(text) : new StreamChunk.TextDelta(text));
        }
      }
    }
  }

  @Override
  public ProviderException parseError(int status, Function<String, String> header, byte[] body) {
    return ProviderErrors.fromHttp(PROTOCOL, status, header, body, OpenAiError::read);
  }
}
