package io.ponybunny.sim;

import static io.ponybunny.sim.SimJson.obj;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Anthropic Messages: named SSE events from {@code message_start} to {@code message_stop}. */
public final class AnthropicWire implements SimWire {

  @Override
  public String streamMediaType() {
    return "text/event-stream";
  }

  @Override
  public List<SimFrame> streamFrames(SimTurn turn) {
    SimReply reply = turn.reply();
    List<SimFrame> frames = new ArrayList<>();
    Map<String, Object> message = message(turn, List.of(), null, 1);
    frames.add(event("message_start", false, obj("type", "message_start", "message", message)));
    int index = 0;
    boolean pinged = false;
    if (!reply.tokens().isEmpty() || reply.toolCalls().isEmpty()) {
      frames.add(
          event(
              "content_block_start",
              false,
              obj(
                  "type",
                  "content_block_start",
                  "index",
                  index,
                  "content_block",
                  obj("type", "text", "text", ""))));
      frames.add(SimFrame.control("event: ping\ndata: {\"type\": \"ping\"}\n\n"));
      pinged = true;
      for (String token : reply.tokens()) {
        frames.add(
            event(
                "content_block_delta",
                true,
                obj(
                    "type",
                    "content_block_delta",
                    "index",
                    index,
                    "delta",
                    obj("type", "text_delta", "text", token))));
      }
      frames.add(blockStop(index));
      index++;
    }
    for (SimToolCall call : reply.toolCalls()) {
      frames.add(
          event(
              "content_block_start",
              false,
              obj(
                  "type",
                  "content_block_start",
                  "index",
                  index,
                  "content_block",
                  obj(
                      "type",
                      "tool_use",
                      "id",
                      toolUseId(call),
                      "name",
                      call.name(),
                      "input",
                      obj()))));
      if (!pinged) {
        frames.add(SimFrame.control("event: ping\ndata: {\"type\": \"ping\"}\n\n"));
        pinged = true;
      }
      frames.add(inputJsonDelta(index, "", false));
      for (String fragment : call.argumentFragments()) {
        frames.add(inputJsonDelta(index, fragment, true));
      }
      frames.add(blockStop(index));
      index++;
    }
    frames.add(
        event(
            "message_delta",
            false,
            obj(
                "type",
                "message_delta",
                "delta",
                obj("stop_reason", stopReason(reply.finish()), "stop_sequence", null),
                "usage",
                obj("output_tokens", turn.outputTokens()))));
    frames.add(event("message_stop", false, obj("type", "message_stop")));
    return frames;
  }

  @Override
  public SimFrame midStreamError(SimTurn turn, int framesWritten) {
    return event(
        "error",
        false,
        obj(
            "type",
            "error",
            "error",
            obj("details", null, "type", "overloaded_error", "message", "Overloaded"),
            "request_id",
            "req_" + turn.idSeed()));
  }

  @Override
  public SimFrame malformedFrame(SimTurn turn) {
    return SimFrame.control(
        "event: content_block_delta\n"
            + "data:"
            + " {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\n\n");
  }

  @Override
  public String completeBody(SimTurn turn) {
    SimReply reply = turn.reply();
    List<Object> content = new ArrayList<>();
    if (!reply.tokens().isEmpty() || reply.toolCalls().isEmpty()) {
      content.add(obj("type", "text", "text", reply.text()));
    }
    for (SimToolCall call : reply.toolCalls()) {
      content.add(
          obj(
              "type",
              "tool_use",
              "id",
              toolUseId(call),
              "name",
              call.name(),
              "input",
              call.arguments()));
    }
    return SimJson.compact(message(turn, content, stopReason(reply.finish()), turn.outputTokens()));
  }

  @Override
  public SimHttpError httpError(int status, String message, Integer retryAfterSeconds) {
    return error(
        status, message, retryAfterSeconds, "req_sim" + Long.toHexString(System.nanoTime()));
  }

  static SimHttpError error(
      int status, String message, Integer retryAfterSeconds, String requestId) {
    String type =
        switch (status) {
          case 400 -> "invalid_request_error";
          case 401 -> "authentication_error";
          case 402 -> "billing_error";
          case 403 -> "permission_error";
          case 404 -> "not_found_error";
          case 413 -> "request_too_large";
          case 429 -> "rate_limit_error";
          case 503, 529 -> "overloaded_error";
          case 504 -> "timeout_error";
          default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("request-id", requestId);
    if (retryAfterSeconds != null) {
      headers.put("Retry-After", Integer.toString(retryAfterSeconds));
      headers.put(
          "anthropic-ratelimit-requests-reset",
          Instant.now()
              .plusSeconds(retryAfterSeconds)
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              .toString());
    }
    String body =
        SimJson.compact(
            obj(
                "type",
                "error",
                "error",
                obj("type", type, "message", message),
                "request_id",
                requestId));
    return new SimHttpError(status, "application/json", headers, body);
  }

  static String stopReason(String finish) {
    return switch (finish) {
      case "length" -> "max_tokens";
      case "tool_calls" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
  }

  static String toolUseId(SimToolCall call) {
    return "toolu_" + call.id();
  }

  private static Map<String, Object> message(
      SimTurn turn, List<Object> content, String stopReason, int outputTokens) {
    return obj(
        "id",
        "msg_" + turn.idSeed(),
        "type",
        "message",
        "role",
        "assistant",
        "model",
        turn.model(),
        "content",
        content,
        "stop_reason",
        stopReason,
        "stop_sequence",
        null,
        "usage",
        obj(
            "input_tokens",
            turn.promptTokens(),
            "cache_creation_input_tokens",
            0,
            "cache_read_input_tokens",
            0,
            "output_tokens",
            outputTokens));
  }

  private static SimFrame blockStop(int index) {
    return event("content_block_stop", false, obj("type", "content_block_stop", "index", index));
  }

  private static SimFrame inputJsonDelta(int index, String fragment, boolean content) {
    return event(
        "content_block_delta",
        content,
        obj(
            "type",
            "content_block_delta",
            "index",
            index,
            "delta",
            obj("type", "input_json_delta", "partial_json", fragment)));
  }

  private static SimFrame event(String name, boolean content, Map<String, Object> data) {
    String s = "event: " + name + "\ndata: " + SimJson.compact(data) + "\n\n";
    return content ? SimFrame.content(s) : SimFrame.control(s);
  }
}
