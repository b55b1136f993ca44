package io.ponybunny.llm.provider.ollama;

import io.ponybunny.llm.api.ChatMessage;
import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.ToolCall;
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
import io.ponybunny.llm.provider.ToolArguments;
import io.ponybunny.llm.provider.ToolDeclaration;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
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
    Map<String, String> callNames = Conversation.callNames(request.messages());
    JsonFields body =
        JsonFields.object()
            .add("model", request.model())
            .add("messages", JsonFields.array(request.messages(), m -> message(m, callNames)))
            .add("stream", stream)
            .addIfNotEmpty(
                "options",
                JsonFields.object()
                    .addIfPresent("num_predict", request.maxTokens())
                    .addIfPresent("temperature", request.temperature()))
            .addIfAny("tools", request.tools(), t -> ToolDeclaration.function(t, null));
    return TEMPLATE.post(target, "/api/chat", stream, body);
  }

  /**
   * {@code {role, content}}; an assistant message that called tools adds {@code tool_calls} (the
   * arguments an object), a tool result adds {@code tool_name}, the name of the call it answers.
   */
  private static JsonFields message(ChatMessage m, Map<String, String> callNames) {
    JsonFields message =
        JsonFields.object().add("role", m.role()).add("content", Conversation.contentOf(m));
    if (Conversation.isToolResult(m)) {
      return message.addIfPresent("tool_name", callNames.get(m.toolCallId()));
    }
    if ("assistant".equals(m.role())) {
      message.addIfAny("tool_calls", m.toolCalls(), OllamaAdapter::toolCall);
    }
    return message;
  }

  private static JsonFields toolCall(ToolCall call) {
    return JsonFields.object()
        .add(
            "function",
            JsonFields.object()
                .add("name", call.name())
                .add("arguments", ToolArguments.object(call)));
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
