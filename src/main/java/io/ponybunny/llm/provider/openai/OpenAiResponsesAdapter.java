package io.ponybunny.llm.provider.openai;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.StreamChunk;
import io.ponybunny.llm.api.ToolSpec;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.AdapterSupport;
import io.ponybunny.llm.provider.EndpointTarget;
import io.ponybunny.llm.provider.ProtocolAdapter;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.StreamParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.function.Function;

/** OpenAI Responses API ({@code POST {baseUrl}/responses}). */
@ApplicationScoped
public class OpenAiResponsesAdapter implements ProtocolAdapter {

  public static final String PROTOCOL = "openai-responses";

  public OpenAiResponsesAdapter() {}

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public boolean supportsStreaming() {
    return true;
  }

  @Override
  public HttpCall buildRequest(EndpointTarget target, LlmRequest request, boolean stream) {
    JsonObjectBuilder body = JsonSupport.objectBuilder().add("model", request.model());
    StringBuilder instructions = new StringBuilder();
    JsonArrayBuilder input = JsonSupport.arrayBuilder();
    for (ChatMessage m : request.messages()) {
      String content = m.content() == null ? "" : m.content();
      if ("system".equals(m.role())) {
        if (instructions.length() > 0) {
          instructions.append("\n\n");
        }
        instructions.append(content);
      } else {
        String role = "assistant".equals(m.role()) ? "assistant" : "user";
        input.add(
            JsonSupport.objectBuilder()
                .add("type", "message")
                .add("role", role)
                .add("content", content));
      }
    }
    if (instructions.length() > 0) {
      body.add("instructions", instructions.toString());
    }
    body.add("input", input);
    if (request.maxTokens() != null) {
      body.add("max_output_tokens", request.maxTokens());
    }
    if (request.temperature() != null) {
      body.add("temperature", request.temperature());
    }
    if (!request.tools().isEmpty()) {
      JsonArrayBuilder tools = JsonSupport.arrayBuilder();
      for (ToolSpec t : request.tools()) {
        JsonObjectBuilder tool =
            JsonSupport.objectBuilder().add("type", "function").add("name", t.name());
        if (t.description() != null) {
          tool.add("description", t.description());
        }
        tool.add(
            "parameters",
            t.parameters() == null
                ? JsonSupport.objectBuilder().add("type", "object").build()
                : t.parameters());
        tools.add(tool);
      }
      body.add("tools", tools);
    }
    body.add("stream", stream);
    Map<String, String> headers = AdapterSupport.jsonHeaders(stream, "text/event-stream");
    if (AdapterSupport.hasKey(target)) {
      headers.put("Authorization", "Bearer " + target.apiKey());
    }
    return new HttpCall(
        AdapterSupport.join(target.baseUrl(), "/responses"),
        headers,
        JsonSupport.toJson(body.build()));
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
