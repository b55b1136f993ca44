package io.ponybunny.llm.provider.gemini;

import io.ponybunny.llm.api.LlmRequest;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.ToolCall;
import io.ponybunny.llm.call.ResponseAccumulator;
import io.ponybunny.llm.http.HttpCall;
import io.ponybunny.llm.json.JsonSupport;
import io.ponybunny.llm.provider.AdapterSupport;
import io.ponybunny.llm.provider.Conversation;
import io.ponybunny.llm.provider.EndpointTarget;
import io.ponybunny.llm.provider.JsonFields;
import io.ponybunny.llm.provider.ModelGrammar;
import io.ponybunny.llm.provider.ProtocolAdapter;
import io.ponybunny.llm.provider.ProviderErrors;
import io.ponybunny.llm.provider.RequestTemplate;
import io.ponybunny.llm.provider.StreamParser;
import io.ponybunny.llm.provider.ToolArguments;
import io.ponybunny.llm.provider.ToolDeclaration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import java.util.Locale;
import java.util.function.Function;

/**
 * Google Gemini API ({@code POST {baseUrl}/v1beta/models/{model}:streamGenerateContent?alt=sse} or
 * {@code :generateContent}).
 */
@ApplicationScoped
public class GeminiAdapter implements ProtocolAdapter {

  public static final String PROTOCOL = "gemini";

  private static final RequestTemplate TEMPLATE =
      RequestTemplate.keyIn("x-goog-api-key", RequestTemplate.SSE);

  /**
   * The thought signature of a function call Gemini did not make in this conversation (calls carry
   * no signature of their own): the value Google documents for injected calls, which Gemini 3
   * models otherwise reject with a 400.
   */
  static final String INJECTED_SIGNATURE = "skip_thought_signature_validator";

  public GeminiAdapter() {}

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public HttpCall buildRequest(EndpointTarget target, LlmRequest request, boolean stream) {
    Conversation conversation = Conversation.of(request.messages());
    JsonFields body =
        JsonFields.object()
            .add("contents", JsonFields.array(conversation.turns(), GeminiAdapter::content));
    if (conversation.system() != null) {
      body.add(
          "systemInstruction", JsonFields.object().add("parts", textPart(conversation.system())));
    }
    body.addIfNotEmpty(
        "generationConfig",
        JsonFields.object()
            .addIfPresent("maxOutputTokens", request.maxTokens())
            .addIfPresent("temperature", request.temperature()));
    if (!request.tools().isEmpty()) {
      JsonFields declarations =
          JsonFields.object()
              .add(
                  "functionDeclarations",
                  JsonFields.array(
                      request.tools(), t -> ToolDeclaration.of(t, "parameters", null)));
      body.add("tools", JsonSupport.arrayBuilder().add(declarations.build()));
    }
    checkModel(target.id(), request.model());
    String model = modelSegment(request.model());
    String path = "/v1beta/models/" + model + (stream ? streamMethod() : ":generateContent");
    return TEMPLATE.post(target, path, stream, body);
  }

  /**
   * {@code {role, parts:[{text}]}}; a model turn that called tools has its text (if any) then one
   * {@code functionCall} part per call, the first carrying {@link #INJECTED_SIGNATURE}; a turn of
   * tool results has one {@code functionResponse} part per result (a {@code text} part for a result
   * whose call is not in the conversation, as Gemini names a response by its call's name).
   */
  private static JsonFields content(Conversation.Turn turn) {
    JsonFields content = JsonFields.object().add("role", turn.role("model"));
    if (!turn.results().isEmpty()) {
      return content.add("parts", JsonFields.array(turn.results(), GeminiAdapter::responsePart));
    }
    if (turn.calls().isEmpty()) {
      return content.add("parts", textPart(turn.content()));
    }
    JsonArrayBuilder parts = JsonSupport.arrayBuilder();
    if (!turn.content().isEmpty()) {
      parts.add(JsonFields.object().add("text", turn.content()).build());
    }
    for (int i = 0; i < turn.calls().size(); i++) {
      ToolCall call = turn.calls().get(i);
      JsonFields part =
          JsonFields.object()
              .add(
                  "functionCall",
                  JsonFields.object()
                      .add("name", call.name())
                      .add("args", ToolArguments.object(call)));
      if (i == 0) {
        part.add("thoughtSignature", INJECTED_SIGNATURE);
      }
      parts.add(part.build());
    }
    return content.add("parts", parts);
  }

  private static JsonFields responsePart(Conversation.ToolResult result) {
    if (result.name() == null) {
      return JsonFields.object().add("text", result.content());
    }
    return JsonFields.object()
        .add(
            "functionResponse",
            JsonFields.object()
                .add("name", result.name())
                .add("response", JsonFields.object().add("content", result.content())));
  }

  /** {@code [{"text": text}]}. */
  private static JsonArrayBuilder textPart(String text) {
    return JsonSupport.arrayBuilder().add(JsonFields.object().add("text", text).build());
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
