package io.ponybunny.sim;

import static io.ponybunny.sim.SimJson.obj;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Google Gemini {@code generateContent}/{@code streamGenerateContent}.
 *
 * <p>Two framings, as the real API: {@code ?alt=sse} gives {@code data: {json}\r\n\r\n} events
 * (JSON with {@code ": "} after keys and bare {@code ,}), and the default gives one JSON array
 * streamed element by element: {@code [{pretty}\n,\r\n{pretty}\n]}.
 */
public final class GeminiWire implements SimWire {

  private final boolean sse;

  private GeminiWire(boolean sse) {
    this.sse = sse;
  }

  /** The {@code ?alt=sse} framing. */
  public static GeminiWire sse() {
    return new GeminiWire(true);
  }

  /** The default JSON-array framing. */
  public static GeminiWire jsonArray() {
    return new GeminiWire(false);
  }

  public boolean isSse() {
    return sse;
  }

  @Override
  public String streamMediaType() {
    return sse ? "text/event-stream" : "application/json";
  }

  @Override
  public List<SimFrame> streamFrames(SimTurn turn) {
    SimReply reply = turn.reply();
    List<Map<String, Object>> chunks = new ArrayList<>();
    List<String> tokens = reply.tokens();
    boolean tools = !reply.toolCalls().isEmpty();
    for (int i = 0; i < tokens.size(); i++) {
      boolean last = i == tokens.size() - 1 && !tools;
      chunks.add(
          chunk(turn, List.of(obj("text", tokens.get(i))), last ? reply.finish() : null, i + 1));
    }
    if (tools) {
      chunks.add(chunk(turn, functionCallParts(reply), reply.finish(), turn.outputTokens()));
    }
    if (chunks.isEmpty()) {
      chunks.add(chunk(turn, List.of(obj("text", "")), reply.finish(), 0));
    }
    List<SimFrame> frames = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      String json;
      if (sse) {
        json = "data: " + SimJson.write(chunks.get(i), SimJson.Style.COLON_SPACE) + "\r\n\r\n";
      } else {
        json = (i == 0 ? "[" : "\n,\r\n") + SimJson.pretty(chunks.get(i));
      }
      frames.add(SimFrame.content(json));
    }
    if (!sse) {
      frames.add(SimFrame.control("\n]"));
    }
    return frames;
  }

  @Override
  public SimFrame midStreamError(SimTurn turn, int framesWritten) {
    Map<String, Object> error =
        obj(
            "error",
            obj(
                "code",
                503,
                "message",
                "The model is overloaded. Please try again later.",
                "status",
                "UNAVAILABLE"));
    if (sse) {
      return SimFrame.control(
          "data: " + SimJson.write(error, SimJson.Style.COLON_SPACE) + "\r\n\r\n");
    }
    return SimFrame.control((framesWritten == 0 ? "[" : "\n,\r\n") + SimJson.pretty(error) + "\n]");
  }

  @Override
  public SimFrame malformedFrame(SimTurn turn) {
    if (sse) {
      return SimFrame.control(
          "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\r\n\r\n");
    }
    return SimFrame.control(
        "\n,\r\n{\n  \"candidates\": [\n    {\n      \"content\": {\n        \"text\": \"");
  }

  @Override
  public String completeBody(SimTurn turn) {
    SimReply reply = turn.reply();
    List<Object> parts = new ArrayList<>();
    if (!reply.tokens().isEmpty() || reply.toolCalls().isEmpty()) {
      parts.add(obj("text", reply.text()));
    }
    parts.addAll(functionCallParts(reply));
    return SimJson.pretty(chunk(turn, parts, reply.finish(), turn.outputTokens()));
  }

  @Override
  public SimHttpError httpError(int status, String message, Integer retryAfterSeconds) {
    String grpc =
        switch (status) {
          case 400 -> "INVALID_ARGUMENT";
          case 401 -> "UNAUTHENTICATED";
          case 403 -> "PERMISSION_DENIED";
          case 404 -> "NOT_FOUND";
          case 409 -> "ABORTED";
          case 429 -> "RESOURCE_EXHAUSTED";
          case 499 -> "CANCELLED";
          case 501 -> "UNIMPLEMENTED";
          case 503 -> "UNAVAILABLE";
          case 504 -> "DEADLINE_EXCEEDED";
          default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    Map<String, Object> error = obj("code", status, "message", message, "status", grpc);
    if (status == 429 || retryAfterSeconds != null) {
      error.put(
          "details",
          List.of(
              obj(
                  "@type",
                  "type.googleapis.com/google.rpc.RetryInfo",
                  "retryDelay",
                  (retryAfterSeconds == null ? 2 : retryAfterSeconds) + "s")));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (retryAfterSeconds != null) {
      headers.put("Retry-After", Integer.toString(retryAfterSeconds));
    }
    return new SimHttpError(
        status, "application/json; charset=UTF-8", headers, SimJson.pretty(obj("error", error)));
  }

  static String finishReason(String finish) {
    return switch (finish) {
      case "length" -> "MAX_TOKENS";
      case "content_filter" -> "SAFETY";
      default -> "STOP";
    };
  }

  private static List<Object> functionCallParts(SimReply reply) {
    List<Object> parts = new ArrayList<>();
    for (SimToolCall call : reply.toolCalls()) {
      parts.add(obj("functionCall", obj("name", call.name(), "args", call.arguments())));
    }
    return parts;
  }

  private static Map<String, Object> chunk(
      SimTurn turn, List<?> parts, String finish, int candidatesTokens) {
    Map<String, Object> candidate = obj("content", obj("parts", parts, "role", "model"));
    if (finish != null) {
      candidate.put("finishReason", finishReason(finish));
    }
    candidate.put("index", 0);
    return obj(
        "candidates",
        List.of(candidate),
        "usageMetadata",
        obj(
            "promptTokenCount",
            turn.promptTokens(),
            "candidatesTokenCount",
            candidatesTokens,
            "totalTokenCount",
            turn.promptTokens() + candidatesTokens),
        "modelVersion",
        turn.model(),
        "responseId",
        turn.idSeed());
  }
}
