package io.ponybunny.sim;

import static io.ponybunny.sim.SimJson.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OpenAI Chat Completions: {@code chat.completion.chunk} SSE frames ending in {@code [DONE]}. */
public final class OpenAiChatWire implements SimWire {

  static final String FINGERPRINT = "fp_ponybunny";

  @Override
  public String streamMediaType() {
    return "text/event-stream";
  }

  @Override
  public List<SimFrame> streamFrames(SimTurn turn) {
    SimReply reply = turn.reply();
    List<SimFrame> frames = new ArrayList<>();
    boolean hasText = !reply.tokens().isEmpty() || reply.toolCalls().isEmpty();
    frames.add(
        SimFrame.control(
            data(
                chunk(
                    turn,
                    obj("role", "assistant", "content", hasText ? "" : null, "refusal", null),
                    null))));
    for (String token : reply.tokens()) {
      frames.add(SimFrame.content(data(chunk(turn, obj("content", token), null))));
    }
    List<SimToolCall> calls = reply.toolCalls();
    for (int i = 0; i < calls.size(); i++) {
      SimToolCall call = calls.get(i);
      Map<String, Object> header =
          obj(
              "index",
              i,
              "id",
              callId(call),
              "type",
              "function",
              "function",
              obj("name", call.name(), "arguments", ""));
      frames.add(SimFrame.control(data(chunk(turn, obj("tool_calls", List.of(header)), null))));
      for (String fragment : call.argumentFragments()) {
        Map<String, Object> piece = obj("index", i, "function", obj("arguments", fragment));
        frames.add(SimFrame.content(data(chunk(turn, obj("tool_calls", List.of(piece)), null))));
      }
    }
    frames.add(SimFrame.control(data(chunk(turn, obj(), reply.finish()))));
    if (turn.includeUsage()) {
      Map<String, Object> usage = header(turn);
      usage.put("choices", List.of());
      usage.put("usage", usage(turn));
      frames.add(SimFrame.control(data(usage)));
    }
    frames.add(SimFrame.control("data: [DONE]\n\n"));
    return frames;
  }

  @Override
  public SimFrame midStreamError(SimTurn turn, int framesWritten) {
    return SimFrame.control(
        data(
            obj(
                "error",
                obj(
                    "message",
                    "The server had an error while processing your request. Sorry about that!",
                    "type",
                    "server_error",
                    "param",
                    null,
                    "code",
                    null))));
  }

  @Override
  public SimFrame malformedFrame(SimTurn turn) {
    return SimFrame.control(
        "data: {\"id\":\"chatcmpl-"
            + turn.idSeed()
            + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\n\n");
  }

  @Override
  public String completeBody(SimTurn turn) {
    SimReply reply = turn.reply();
    Map<String, Object> message = obj("role", "assistant");
    message.put(
        "content", reply.tokens().isEmpty() && !reply.toolCalls().isEmpty() ? null : reply.text());
    message.put("refusal", null);
    if (!reply.toolCalls().isEmpty()) {
      List<Object> calls = new ArrayList<>();
      for (SimToolCall call : reply.toolCalls()) {
        calls.add(
            obj(
                "id",
                callId(call),
                "type",
                "function",
                "function",
                obj("name", call.name(), "arguments", call.argumentsJson())));
      }
      message.put("tool_calls", calls);
    }
    Map<String, Object> body = obj("id", "chatcmpl-" + turn.idSeed(), "object", "chat.completion");
    body.put("created", turn.created().getEpochSecond());
    body.put("model", turn.model());
    body.put(
        "choices",
        List.of(
            obj(
                "index",
                0,
                "message",
                message,
                "logprobs",
                null,
                "finish_reason",
                reply.finish())));
    body.put("usage", usage(turn));
    body.put("system_fingerprint", FINGERPRINT);
    return SimJson.pretty(body);
  }

  @Override
  public SimHttpError httpError(int status, String message, Integer retryAfterSeconds) {
    return openAiError(status, message, retryAfterSeconds);
  }

  /** The OpenAI error envelope, shared with the Responses API. */
  static SimHttpError openAiError(int status, String message, Integer retryAfterSeconds) {
    String type;
    String code;
    String param = null;
    switch (status) {
      case 400 -> {
        type = "invalid_request_error";
        code = null;
        param = "model";
      }
      case 401 -> {
        type = "invalid_request_error";
        code = "invalid_api_key";
      }
      case 403 -> {
        type = "invalid_request_error";
        code = "unsupported_country_region_territory";
      }
      case 404 -> {
        type = "invalid_request_error";
        code = "model_not_found";
        param = "model";
      }
      case 429 -> {
        type = "requests";
        code = "rate_limit_exceeded";
      }
      case 503 -> {
        type = "server_error";
        code = "engine_overloaded";
      }
      default -> {
        type = status >= 500 ? "server_error" : "invalid_request_error";
        code = null;
      }
    }
    Map<String, Object> body =
        obj("error", obj("message", message, "type", type, "param", param, "code", code));
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    if (retryAfterSeconds != null) {
      headers.put("Retry-After", Integer.toString(retryAfterSeconds));
      headers.put("retry-after-ms", Long.toString(retryAfterSeconds * 1000L));
      headers.put("x-ratelimit-reset-requests", retryAfterSeconds + "s");
    }
    return new SimHttpError(status, "application/json", headers, SimJson.pretty(body));
  }

  static String callId(SimToolCall call) {
    return "call_" + call.id();
  }

  private static Map<String, Object> header(SimTurn turn) {
    Map<String, Object> m =
        obj("id", "chatcmpl-" + turn.idSeed(), "object", "chat.completion.chunk");
    m.put("created", turn.created().getEpochSecond());
    m.put("model", turn.model());
    m.put("system_fingerprint", FINGERPRINT);
    return m;
  }

  private static Map<String, Object> chunk(SimTurn turn, Map<String, Object> delta, String finish) {
    Map<String, Object> m = header(turn);
    m.put(
        "choices",
        List.of(obj("index", 0, "delta", delta, "logprobs", null, "finish_reason", finish)));
    return m;
  }

  private static Map<String, Object> usage(SimTurn turn) {
    return obj(
        "prompt_tokens",
        turn.promptTokens(),
        "completion_tokens",
        turn.outputTokens(),
        "total_tokens",
        turn.totalTokens(),
        "completion_tokens_details",
        obj("reasoning_tokens", 0));
  }

  private static String data(Object json) {
    return "data: " + SimJson.compact(json) + "\n\n";
  }
}
