package io.ponybunny.telemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.ponybunny.event.StreamOrigin;
import io.ponybunny.llm.api.LlmCompletionOptions;
import io.ponybunny.llm.api.LlmResponse;
import io.ponybunny.llm.api.ProviderException;
import io.ponybunny.llm.api.TokenUsage;
import io.ponybunny.llm.call.CallObserver.CallStart;
import io.ponybunny.llm.routing.Route;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/**
 * How an LLM call is described by the OpenTelemetry GenAI semantic conventions (semconv 1.41,
 * development status): the attribute keys, the {@code gen_ai.provider.name} of an endpoint, the
 * span name, and the attributes of a call's start, its route, its outcome and its metrics. Pure: no
 * tracer, no clock.
 */
public final class GenAiAttributes {

  public static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");
  public static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
  public static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
  public static final AttributeKey<Long> REQUEST_MAX_TOKENS = longKey("gen_ai.request.max_tokens");
  public static final AttributeKey<Double> REQUEST_TEMPERATURE =
      doubleKey("gen_ai.request.temperature");
  public static final AttributeKey<Boolean> REQUEST_STREAM = booleanKey("gen_ai.request.stream");
  public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      stringArrayKey("gen_ai.response.finish_reasons");
  public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      doubleKey("gen_ai.response.time_to_first_chunk");
  public static final AttributeKey<Long> USAGE_INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS =
      longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<String> TOKEN_TYPE = stringKey("gen_ai.token.type");
  public static final AttributeKey<String> INPUT_MESSAGES = stringKey("gen_ai.input.messages");
  public static final AttributeKey<String> OUTPUT_MESSAGES = stringKey("gen_ai.output.messages");
  public static final AttributeKey<String> AGENT_NAME = stringKey("gen_ai.agent.name");
  public static final AttributeKey<String> WORKFLOW_NAME = stringKey("gen_ai.workflow.name");
  public static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = longKey("server.port");
  public static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");

  /** PonyBunny's own: the call's request id (its stream record, its {@code llm.stream.*}). */
  public static final AttributeKey<String> REQUEST_ID = stringKey("ponybunny.request_id");

  public static final AttributeKey<String> GOAL_ID = stringKey("ponybunny.goal_id");
  public static final AttributeKey<String> WORK_ITEM_ID = stringKey("ponybunny.work_item_id");
  public static final AttributeKey<String> RUN_ID = stringKey("ponybunny.run_id");

  /** The model reference as the caller asked for it (a tier, a model name, endpoint/model). */
  public static final AttributeKey<String> MODEL = stringKey("ponybunny.model");

  /** The endpoint id of the route the span describes. */
  public static final AttributeKey<String> ENDPOINT = stringKey("ponybunny.endpoint");

  /** The API the caller speaks ({@code api}, {@code openai}, {@code anthropic}). */
  public static final AttributeKey<String> CLIENT = stringKey("ponybunny.client");

  /** Attempts the call made (retries and fallbacks included). */
  public static final AttributeKey<Long> ATTEMPTS = longKey("ponybunny.attempts");

  /** A goal's final status ({@code succeeded}, {@code failed}, {@code cancelled}). */
  public static final AttributeKey<String> GOAL_STATUS = stringKey("ponybunny.goal.status");

  /** The one operation PonyBunny's calls perform. */
  public static final String CHAT = "chat";

  private GenAiAttributes() {}

  /** {@code chat gpt-4o-mini}: the span name the conventions ask for. */
  public static String spanName(String model) {
    return model == null || model.isBlank() ? CHAT : CHAT + " " + model;
  }

  /**
   * The {@code gen_ai.provider.name} of an endpoint: a well-known provider by its host when the
   * base URL names one (OpenAI-compatible protocols serve many), else by the endpoint's protocol
   * ({@code openai}, {@code anthropic}, {@code gcp.gemini}, {@code ollama}); an unknown protocol is
   * named as it is.
   */
  public static String providerName(String protocol, String baseUrl) {
    String host = host(baseUrl);
    if (host != null) {
      if (host.endsWith(".openai.azure.com")) {
        return "azure.ai.openai";
      }
      if (host.endsWith("aiplatform.googleapis.com")) {
        return "gcp.vertex_ai";
      }
      String known =
          switch (host) {
            case "api.deepseek.com" -> "deepseek";
            case "api.groq.com" -> "groq";
            case "api.mistral.ai" -> "mistral_ai";
            case "api.x.ai" -> "x_ai";
            case "api.perplexity.ai" -> "perplexity";
            case "api.cohere.com", "api.cohere.ai" -> "cohere";
            default -> null;
          };
      if (known != null) {
        return known;
      }
    }
    String p = protocol == null ? "" : protocol.toLowerCase(Locale.ROOT);
    if (p.startsWith("openai")) {
      return "openai";
    }
    if (p.startsWith("gemini")) {
      return "gcp.gemini";
    }
    return p.isEmpty() ? "_OTHER" : p;
  }

  /**
   * What a call is as it starts: the operation, PonyBunny's ids (request, goal, work item, run),
   * the requested model reference, the caller's API and the sampling settings.
   */
  public static Attributes request(CallStart call) {
    LlmCompletionOptions options = call.options();
    AttributesBuilder b =
        Attributes.builder()
            .put(OPERATION_NAME, CHAT)
            .put(REQUEST_ID, call.requestId())
            .put(MODEL, call.model())
            .put(REQUEST_STREAM, options.stream());
    StreamOrigin origin = options.origin();
    putIfSet(b, GOAL_ID, origin.goalId());
    putIfSet(b, WORK_ITEM_ID, origin.workItemId());
    putIfSet(b, RUN_ID, origin.runId());
    putIfSet(b, CLIENT, options.client());
    if (options.maxTokens() != null) {
      b.put(REQUEST_MAX_TOKENS, options.maxTokens().longValue());
    }
    if (options.temperature() != null) {
      b.put(REQUEST_TEMPERATURE, options.temperature());
    }
    return b.build();
  }

  /**
   * Where a call goes: the provider, the model as the provider knows it, the endpoint id and the
   * server's address and port (from the endpoint's base URL).
   */
  public static Attributes route(Route route) {
    AttributesBuilder b =
        Attributes.builder()
            .put(PROVIDER_NAME, providerName(route.protocol(), route.endpoint().baseUrl()))
            .put(REQUEST_MODEL, route.model())
            .put(ENDPOINT, route.endpoint().id());
    putServer(b, route.endpoint().baseUrl());
    return b.build();
  }

  /**
   * How a call ended: its finish reason and token usage, or the {@code error.type} of the failure
   * (a provider's error type, else the exception's class name).
   */
  public static Attributes outcome(LlmResponse response, Throwable error) {
    AttributesBuilder b = Attributes.builder();
    if (response != null) {
      b.put(RESPONSE_FINISH_REASONS, List.of(response.finishReason().wireName()));
      TokenUsage usage = response.usage();
      if (usage.inputTokens() != null) {
        b.put(USAGE_INPUT_TOKENS, usage.inputTokens().longValue());
      }
      if (usage.outputTokens() != null) {
        b.put(USAGE_OUTPUT_TOKENS, usage.outputTokens().longValue());
      }
    }
    String type = errorType(error);
    if (type != null) {
      b.put(ERROR_TYPE, type);
    }
    return b.build();
  }

  /**
   * The attributes of a call's metrics: the operation, provider, model and server of its route, and
   * {@code error.type} when {@code errorType} is not null. Low cardinality: no ids.
   */
  public static Attributes metric(Route route, String errorType) {
    AttributesBuilder b =
        Attributes.builder()
            .put(OPERATION_NAME, CHAT)
            .put(PROVIDER_NAME, providerName(route.protocol(), route.endpoint().baseUrl()))
            .put(REQUEST_MODEL, route.model());
    putServer(b, route.endpoint().baseUrl());
    if (errorType != null) {
      b.put(ERROR_TYPE, errorType);
    }
    return b.build();
  }

  /**
   * A low-cardinality name for a failure: a provider failure's own type ({@code rate_limit}, {@code
   * first_token_timeout}, ...), else the exception's class name; null for no failure.
   */
  public static String errorType(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e == null) {
      return null;
    }
    if (e instanceof ProviderException p && p.errorType() != null && !p.errorType().isBlank()) {
      return p.errorType();
    }
    return e.getClass().getName();
  }

  private static void putServer(AttributesBuilder b, String baseUrl) {
    URI uri = uri(baseUrl);
    if (uri == null || uri.getHost() == null) {
      return;
    }
    b.put(SERVER_ADDRESS, uri.getHost());
    int port = uri.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
    b.put(SERVER_PORT, (long) port);
  }

  private static String host(String baseUrl) {
    URI uri = uri(baseUrl);
    return uri == null || uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
  }

  private static URI uri(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      return null;
    }
    try {
      return URI.create(baseUrl.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void putIfSet(AttributesBuilder b, AttributeKey<String> key, String value) {
    if (value != null && !value.isBlank()) {
      b.put(key, value);
    }
  }
}
