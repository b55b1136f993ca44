package io.ponybunny.llm.provider.gemini;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.ToolSpec;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.AdapterSupport;
import io.ponybunny.llm.provider.EndpointTarget;
import io.ponybunny.llm.provider.ModelGrammar;
import io.ponybunny.llm.provider.ProtocolAdapter;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.StreamParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Google Gemini API ({@code POST {baseUrl}/v1beta/models/{model}:streamGenerateContent?alt=sse} or
 * {@code :generateContent}).
 */
@ApplicationScoped
public class GeminiAdapter implements ProtocolAdapter {

  public static final String PROTOCOL = "gemini";

  public GeminiAdapter() {}

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
    JsonObjectBuilder body = JsonSupport.objectBuilder();
    StringBuilder system = new StringBuilder();
    JsonArrayBuilder contents = JsonSupport.arrayBuilder();
    for (ChatMessage m : request.messages()) {
      String content = m.content() == null ? "" : m.content();
      if ("system".equals(m.role())) {
        if (system.length() > 0) {
          system.append("\n\n");
        }
        system.append(content);
      } else {
        contents.add(
            JsonSupport.objectBuilder()
                .add("role", "assistant".equals(m.role()) ? "model" : "user")
                .add("parts", JsonSupport.arrayBuilder().add(text(content))));
      }
    }
    body.add("contents", contents);
    if (system.length() > 0) {
      body.add(
          "systemInstruction",
          JsonSupport.objectBuilder()
              .add("parts", JsonSupport.arrayBuilder().add(text(system.toString()))));
    }
    if (request.maxTokens() != null || request.temperature() != null) {
      JsonObjectBuilder config = JsonSupport.objectBuilder();
      if (request.maxTokens() != null) {
        config.add("maxOutputTokens", request.maxTokens());
      }
      if (request.temperature() != null) {
        config.add("temperature", request.temperature());
      }
      body.add("generationConfig", config);
    }
    if (!request.tools().isEmpty()) {
      JsonArrayBuilder declarations = JsonSupport.arrayBuilder();
      for (ToolSpec t : request.tools()) {
        JsonObjectBuilder fn = JsonSupport.objectBuilder().add("name", t.name());
        if (t.description() != null) {
          fn.add("description", t.description());
        }
        if (t.parameters() != null) {
          fn.add("parameters", t.parameters());
        }
        declarations.add(fn);
      }
      body.add(
          "tools",
          JsonSupport.arrayBuilder()
              .add(JsonSupport.objectBuilder().add("functionDeclarations", declarations)));
    }
    checkModel(target.id(), request.model());
    String model = modelSegment(request.model());
    String path = "/v1beta/models/" + model + (stream ? streamMethod() : ":generateContent");
    Map<String, String> headers = AdapterSupport.jsonHeaders(stream, "text/event-stream");
    if (AdapterSupport.hasKey(target)) {
      headers.put("x-goog-api-key", target.apiKey());
    }
    return new HttpCall(
        AdapterSupport.join(target.baseUrl(), path), headers, JsonSupport.toJson(body.build()));
  }

  /** Gemini's model goes into the request path: one segment, nothing more. */
  @Override
  public ModelGrammar modelGrammar() {
    return ModelGrammar.PATH_SEGMENT;
  }

  @Override
  public void checkModel(String endpointId, String model) {
    modelGrammar().check(endpointId, modelSegment(model));
  }

  /** The model's path segment: the name without a leading {@code models/}. */
  static String modelSegment(String model) {
    return model != null && model.startsWith("models/")
        ? model.substring("models/".length())
        : model;
  }

  /** The streaming method and query: SSE framing ({@code ?alt=sse}). */
  protected String streamMethod() {
    return ":streamGenerateContent?alt=sse";
  }

  private static JsonObjectBuilder text(String text) {
    return JsonSupport.objectBuilder().add("text", text);
  }

  /** SSE framing for {@code text/event-stream}, else the default JSON-array framing. */
  @Override
  public StreamParser newStreamParser(String contentType) {
    if (contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
      return GeminiStreamParser.sse();
    }
    return GeminiStreamParser.jsonArray();
  }

  @Override
  public LlmResponse parseResponse(byte[] body) {
    ResponseAccumulator acc = new ResponseAccumulator();
    if (!new GeminiChunkMapper().map(body, 0, body.length, acc)) {
      return AdapterSupport.malformedResponse(body, GeminiError::read);
    }
    return acc.result();
  }

  @Override
  public ProviderException parseError(int status, Function<String, String> header, byte[] body) {
    return ProviderErrors.fromHttp(PROTOCOL, status, header, body, GeminiError::read);
  }
}
