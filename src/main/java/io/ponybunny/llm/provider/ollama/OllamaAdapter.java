package io.ponybunny.llm.provider.ollama;

import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
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
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import java.util.function.Function;

/** Ollama's native chat API ({@code POST {baseUrl}/api/chat}, NDJSON streaming). */
@ApplicationScoped
public class OllamaAdapter implements ProtocolAdapter {

  public static final String PROTOCOL = "ollama";

  public OllamaAdapter() {}

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
    body.add("stream", stream);
    if (request.maxTokens() != null || request.temperature() != null) {
      JsonObjectBuilder options = JsonSupport.objectBuilder();
      if (request.maxTokens() != null) {
        options.add("num_predict", request.maxTokens());
      }
      if (request.temperature() != null) {
        options.add("temperature", request.temperature());
      }
      body.add("options", options);
    }
    if (!request.tools().isEmpty()) {
      JsonArrayBuilder tools = JsonSupport.arrayBuilder();
      for (ToolSpec t : request.tools()) {
        JsonObjectBuilder fn = JsonSupport.objectBuilder().add("name", t.name());
        if (t.description() != null) {
          fn.add("description", t.description());
        }
        if (t.parameters() != null) {
          fn.add("parameters", t.parameters());
        }
        tools.add(JsonSupport.objectBuilder().add("type", "function").add("function", fn));
      }
      body.add("tools", tools);
    }
    Map<String, String> headers = AdapterSupport.jsonHeaders(stream, "application/x-ndjson");
    if (AdapterSupport.hasKey(target)) {
      headers.put("Authorization", "Bearer " + target.apiKey());
    }
    return new HttpCall(
        AdapterSupport.join(target.baseUrl(), "/api/chat"),
        headers,
        JsonSupport.toJson(body.build()));
  }

  @Override
  public StreamParser newStreamParser(String contentType) {
    return new OllamaStreamParser();
  }

  @Override
  public LlmResponse parseResponse(byte[] body) {
    ResponseAccumulator acc = new ResponseAccumulator();
    if (!new OllamaChunkMapper().map(body, 0, body.length, acc)) {
      return AdapterSupport.malformedResponse(body, OllamaError::read);
    }
    return acc.result();
  }

  @Override
  public ProviderException parseError(int status, Function<String, String> header, byte[] body) {
    return ProviderErrors.fromHttp(PROTOCOL, status, header, body, OllamaError::read);
  }
}
