package io.ponybunny.llm.provider.ollama;

import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.provider.AdapterSupport;
import io.ponybunny.llm.provider.Conversation;
import io.ponybunny.llm.provider.EndpointTarget;
import io.ponybunny.llm.provider.JsonFields;
import io.ponybunny.llm.provider.ProtocolAdapter;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.RequestTemplate;
import io.ponybunny.llm.provider.StreamParser;
import io.ponybunny.llm.provider.ToolDeclaration;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/** Ollama's native chat API ({@code POST {baseUrl}/api/chat}, NDJSON streaming). */
@ApplicationScoped
public class OllamaAdapter implements ProtocolAdapter {

  public static final String PROTOCOL = "ollama";

  private static final RequestTemplate TEMPLATE = RequestTemplate.bearer(RequestTemplate.NDJSON);

  public OllamaAdapter() {}

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public HttpCall buildRequest(EndpointTarget target, LlmRequest request, boolean stream) {
    JsonFields body =
        JsonFields.object()
            .add("model", request.model())
            .add("messages", Conversation.roleContent(request.messages()))
            .add("stream", stream)
            .addIfNotEmpty(
                "options",
                JsonFields.object()
                    .addIfPresent("num_predict", request.maxTokens())
                    .addIfPresent("temperature", request.temperature()))
            .addIfAny("tools", request.tools(), t -> ToolDeclaration.function(t, null));
    return TEMPLATE.post(target, "/api/chat", stream, body);
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
