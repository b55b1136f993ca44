package io.ponybunny.llm.provider.openai;

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

/**
 * OpenAI Chat Completions ({@code POST {baseUrl}/chat/completions}), also spoken by Azure, vLLM,
 * Ollama's {@code /v1}, llama.cpp, DeepSeek, Groq and OpenRouter. Uses {@code max_tokens} rather
 * than {@code max_completion_tokens} because the compatible servers understand only the former.
 */
@ApplicationScoped
public class OpenAiAdapter implements ProtocolAdapter {

  public static final String PROTOCOL = "openai";

  public OpenAiAdapter() {}

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
    body.add("messages", AdapterSupport.roleContentMessages(request.messages()));
    if (request.maxTokens() != null) {
      body.add("max_tokens", request.maxTokens());
    }
    if (request.temperature() != null) {
      body.add("temperature", request.temperature());
    }
    if (!request.tools().isEmpty()) {
      JsonArrayBuilder tools = JsonSupport.arrayBuilder();
      for (ToolSpec t : request.tools()) {
        tools.add(JsonSupport.objectBuilder().add("type", "function").add("function", function(t)));
      }
      body.add("tools", tools);
    }
    if (stream) {
      body.add("stream", true);
      body.add("stream_options", JsonSupport.objectBuilder().add("include_usage", true));
    }
    Map<String, String> headers = AdapterSupport.jsonHeaders(stream, "text/event-stream");
    if (AdapterSupport.hasKey(target)) {
      headers.put("Authorization", "Bearer " + target.apiKey());
    }
    return new HttpCall(
        AdapterSupport.join(target.baseUrl(), "/chat/completions"),
        headers,
        JsonSupport.toJson(body.build()));
  }

  private static JsonObjectBuilder function(ToolSpec t) {
    JsonObjectBuilder fn = JsonSupport.objectBuilder().add("name", t.name());
    if (t.description() != null) {
      fn.add("description", t.description());
    }
    fn.add("parameters", t.parameters() == null ? emptySchema() : t.parameters());
    return fn;
  }

  private static JsonObject emptySchema() {
    return JsonSupport.objectBuilder()
        .add("type", "object")
        .add("properties", JsonValue.EMPTY_JSON_OBJECT)
        .build();
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
