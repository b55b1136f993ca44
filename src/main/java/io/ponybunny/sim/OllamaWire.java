package io.ponybunny.sim;

import static io.ponybunny.sim.SimJson.obj;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ollama native {@code /api/chat}: one JSON object per line ({@code application/x-ndjson}). */
public final class OllamaWire implements SimWire {

  /** Nominal nanoseconds per generated token for the reported durations. */
  static final long NANOS_PER_TOKEN = 25_000_000L;

  @Override
  public String streamMediaType() {
    return "application/x-ndjson";
  }

  @Override
  public List<SimFrame> streamFrames(SimTurn turn) {
    SimReply reply = turn.reply();
    List<SimFrame> frames = new ArrayList<>();
    int k = 0;
    for (String token : reply.tokens()) {
      frames.add(
          SimFrame.content(
              line(
                  obj(
                      "model",
                      turn.model(),
                      "created_at",
                      at(turn, k++),
                      "message",
                      obj("role", "assistant", "content", token),
                      "done",
                      false))));
    }
    if (!reply.toolCalls().isEmpty()) {
      frames.add(
          SimFrame.content(
              line(
                  obj(
                      "model",
                      turn.model(),
                      "created_at",
                      at(turn, k++),
                      "message",
                      obj("role", "assistant", "content", "", "tool_calls", toolCalls(reply)),
                      "done",
                      false))));
    }
    frames.add(
        SimFrame.control(line(finalObject(turn, obj("role", "assistant", "content", ""), k))));
    return frames;
  }

  @Override
  public SimFrame midStreamError(SimTurn turn, int framesWritten) {
    return SimFrame.control(
        line(obj("error", "an error was encountered while running the model: unexpected EOF")));
  }

  @Override
  public SimFrame malformedFrame(SimTurn turn) {
    return SimFrame.control(
        "{\"model\":"
            + SimJson.quote(turn.model())
            + ",\"message\":{\"role\":\"assistant\",\"content\":\"\n");
  }

  @Override
  public String completeBody(SimTurn turn) {
    SimReply reply = turn.reply();
    Map<String, Object> message = obj("role", "assistant", "content", reply.text());
    if (!reply.toolCalls().isEmpty()) {
      message.put("tool_calls", toolCalls(reply));
    }
    return SimJson.compact(finalObject(turn, message, 0));
  }

  @Override
  public SimHttpError httpError(int status, String message, Integer retryAfterSeconds) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    if (retryAfterSeconds != null) {
      headers.put("Retry-After", Integer.toString(retryAfterSeconds));
    }
    return new SimHttpError(
        status, "application/json; charset=utf-8", headers, SimJson.compact(obj("error", message)));
  }

  private static Map<String, Object> finalObject(SimTurn turn, Map<String, Object> message, int k) {
    long eval = Math.max(1, turn.outputTokens()) * NANOS_PER_TOKEN;
    long promptEval = Math.max(1, turn.promptTokens()) * 1_000_000L;
    long load = 1_000_000L;
    return obj(
        "model",
        turn.model(),
        "created_at",
        at(turn, k),
        "message",
        message,
        "done_reason",
        "length".equals(turn.reply().finish()) ? "length" : "stop",
        "done",
        true,
        "total_duration",
        load + promptEval + eval,
        "load_duration",
        load,
        "prompt_eval_count",
        turn.promptTokens(),
        "prompt_eval_duration",
        promptEval,
        "eval_count",
        turn.outputTokens(),
        "eval_duration",
        eval);
  }

  private static List<Object> toolCalls(SimReply reply) {
    List<Object> calls = new ArrayList<>();
    for (SimToolCall call : reply.toolCalls()) {
      calls.add(obj("function", obj("name", call.name(), "arguments", call.arguments())));
    }
    return calls;
  }

  private static String at(SimTurn turn, int k) {
    Instant t = turn.created().plusNanos(k * NANOS_PER_TOKEN);
    return t.toString();
  }

  private static String line(Object json) {
    return SimJson.compact(json) + "\n";
  }
}
