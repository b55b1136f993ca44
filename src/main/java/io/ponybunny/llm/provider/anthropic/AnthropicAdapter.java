package io.ponybunny.llm.provider.anthropic;

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

/** Anthropic Messages API ({@code POST {baseUrl}/v1/messages}). */
@ApplicationScoped
public class AnthropicAdapter implements ProtocolAdapter {

  public static final String PROTOCOL = "anthropic";
  public static final String API_VERSION = "2023-06-01";
  public static final int DEFAULT_MAX_TOKENS = 4096;

  public AnthropicAdapter() {}

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
    StringBuilder system = new StringBuilder();
    JsonArrayBuilder messages = JsonSupport.arrayBuilder();
    for (ChatMessage m : request.messages()) {
      String content = m.content() == null ? "" : m.content();
      if ("system".equals(m.role())) {
        if (system.length() > 0) {
          system.append("\n\n");
        }
        system.append(content);
      } else {
        String role = "assistant".equals(m.role()) ? "assistant" : "user";
        messages.add(JsonSupport.objectBuilder().add("role", role).add("content", content));
      }
    }
    if (system.length() > 0) {
      body.add("system", system.toString());
    }
    body.add("messages", messages);
    body.add("max_tokens", request.maxTokens() == null ? DEFAULT_MAX_TOKENS : request.maxTokens());
    if (request.temperature() != null) {
      body.add("temperature", request.temperature());
    }
    if (!request.tools().isEmpty()) {
      JsonArrayBuilder tools = JsonSupport.arrayBuilder();
      for (ToolSpec t : request.tools()) {
        JsonObjectBuilder tool = JsonSupport.objectBuilder().add("name", t.name());
        if (t.description() != null) {
          tool.add("description", t.description());
        }
        tool.add(
            "input_schema",
            t.parameters() == null
                ? JsonSupport.objectBuilder().add("type", "object").build()
                : t.parameters());
        tools.add(tool);
      }
      body.add("tools", tools);
    }
    if (stream) {
      body.add("stream", true);
    }
    Map<String, String> headers = AdapterSupport.jsonHeaders(stream, "text/event-stream");
    headers.remove("Content-Type");
    headers.put("content-type", "application/json");
    headers.put("anthropic-version", API_VERSION);
    if (AdapterSupport.hasKey(target)) {
      headers.put("x-api-key", target.apiKey());
    }
    return new HttpCall(
        AdapterSupport.join(target.baseUrl(), "/v1/messages"),
        headers,
        JsonSupport.toJson(body.build()));
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
