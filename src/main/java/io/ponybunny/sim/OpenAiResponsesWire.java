package io.ponybunny.sim;

import static io.ponybunny.sim.SimJson.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OpenAI Responses API: named SSE events from {@code response.created} to completion. */
public final class OpenAiResponsesWire implements SimWire {

  @Override
  public String streamMediaType() {
    return "text/event-stream";
  }

  @Override
  public List<SimFrame> streamFrames(SimTurn turn) {
    SimReply reply = turn.reply();
    List<SimFrame> frames = new ArrayList<>();
    Seq seq = new Seq();
    frames.add(
        event(
            seq, "response.created", false, obj("response", response(turn, "in_progress", false))));
    frames.add(
        event(
            seq,
            "response.in_progress",
            false,
            obj("response", response(turn, "in_progress", false))));
    int outputIndex = 0;
    if (!reply.tokens().isEmpty() || reply.toolCalls().isEmpty()) {
      String itemId = messageId(turn);
      frames.add(
          event(
              seq,
              "response.output_item.added",
              false,
              obj(
                  "output_index",
                  outputIndex,
                  "item",
                  obj(
                      "id",
                      itemId,
                      "type",
                      "message",
                      "status",
                      "in_progress",
                      "content",
                      List.of(),
                      "role",
                      "assistant"))));
      frames.add(
          event(
              seq,
              "response.content_part.added",
              false,
              obj(
                  "item_id",
                  itemId,
                  "output_index",
                  outputIndex,
                  "content_index",
                  0,
                  "part",
                  textPart(""))));
      for (String token : reply.tokens()) {
        frames.add(
            event(
                seq,
                "response.output_text.delta",
                true,
                obj(
                    "item_id",
                    itemId,
                    "output_index",
                    outputIndex,
                    "content_index",
                    0,
                    "delta",
                    token,
                    "logprobs",
                    List.of())));
      }
      String text = reply.text();
      frames.add(
          event(
              seq,
              "response.output_text.done",
              false,
              obj(
                  "item_id",
                  itemId,
                  "output_index",
                  outputIndex,
                  "content_index",
                  0,
                  "text",
                  text,
                  "logprobs",
                  List.of())));
      frames.add(
          event(
              seq,
              "response.content_part.done",
              false,
              obj(
                  "item_id",
                  itemId,
                  "output_index",
                  outputIndex,
                  "content_index",
                  0,
                  "part",
                  textPart(text))));
      frames.add(
          event(
              seq,
              "response.output_item.done",
              false,
              obj("output_index", outputIndex, "item", messageItem(turn, "completed"))));
      outputIndex++;
    }
    for (int i = 0; i < reply.toolCalls().size(); i++) {
      SimToolCall call = reply.toolCalls().get(i);
      String itemId = functionItemId(turn, i);
      frames.add(
          event(
              seq,
              "response.output_item.added",
              false,
              obj("output_index", outputIndex, "item", functionItem(turn, i, "in_progress", ""))));
      for (String fragment : call.argumentFragments()) {
        frames.add(
            event(
                seq,
                "response.function_call_arguments.delta",
                true,
                obj("item_id", itemId, "output_index", outputIndex, "delta", fragment)));
      }
      frames.add(
          event(
              seq,
              "response.function_call_arguments.done",
              false,
              obj(
                  "item_id",
                  itemId,
                  "output_index",
                  outputIndex,
                  "arguments",
                  call.argumentsJson())));
      frames.add(
          event(
              seq,
              "response.output_item.done",
              false,
              obj(
                  "output_index",
                  outputIndex,
                  "item",
                  functionItem(turn, i, "completed", call.argumentsJson()))));
      outputIndex++;
    }
    String status = finalStatus(reply);
    frames.add(
        event(
            seq,
            "completed".equals(status) ? "response.completed" : "response.incomplete",
            false,
            obj("response", response(turn, status, true))));
    return frames;
  }

  @Override
  public SimFrame midStreamError(SimTurn turn, int framesWritten) {
    Map<String, Object> data =
        obj(
            "type",
            "error",
            "code",
            "server_error",
            "message",
            "The server had an error while processing your request. Sorry about that!",
            "param",
            null,
            "sequence_number",
            framesWritten);
    return SimFrame.control("event: error\ndata: " + SimJson.compact(data) + "\n\n");
  }

  @Override
  public SimFrame malformedFrame(SimTurn turn) {
    return SimFrame.control(
        "event: response.output_text.delta\n"
            + "data: {\"type\":\"response.output_text.delta\",\"item_id\":\""
            + messageId(turn)
            + "\",\"delta\":\"\n\n");
  }

  @Override
  public String completeBody(SimTurn turn) {
    return SimJson.pretty(response(turn, finalStatus(turn.reply()), true));
  }

  @Override
  public SimHttpError httpError(int status, String message, Integer retryAfterSeconds) {
    return OpenAiChatWire.openAiError(status, message, retryAfterSeconds);
  }

  private static String finalStatus(SimReply reply) {
    return switch (reply.finish()) {
      case "length", "content_filter" -> "incomplete";
      default -> "completed";
    };
  }

  private static String messageId(SimTurn turn) {
    return "msg_" + turn.idSeed();
  }

  private static String functionItemId(SimTurn turn, int i) {
    return "fc_" + turn.idSeed() + "_" + i;
  }

  private static Map<String, Object> textPart(String text) {
    return obj(
        "type", "output_text", "annotations", List.of(), "logprobs", List.of(), "text", text);
  }

  private static Map<String, Object> messageItem(SimTurn turn, String status) {
    return obj(
        "id",
        messageId(turn),
        "type",
        "message",
        "status",
        status,
        "content",
        List.of(textPart(turn.reply().text())),
        "role",
        "assistant");
  }

  private static Map<String, Object> functionItem(
      SimTurn turn, int i, String status, String arguments) {
    SimToolCall call = turn.reply().toolCalls().get(i);
    return obj(
        "id",
        functionItemId(turn, i),
        "type",
        "function_call",
        "status",
        status,
        "arguments",
        arguments,
        "call_id",
        OpenAiChatWire.callId(call),
        "name",
        call.name());
  }

  private static Map<String, Object> response(SimTurn turn, String status, boolean done) {
    SimReply reply = turn.reply();
    List<Object> output = new ArrayList<>();
    Object usage = null;
    Object incomplete = null;
    if (done) {
      if (!reply.tokens().isEmpty() || reply.toolCalls().isEmpty()) {
        output.add(messageItem(turn, status));
      }
      for (int i = 0; i < reply.toolCalls().size(); i++) {
        output.add(functionItem(turn, i, "completed", reply.toolCalls().get(i).argumentsJson()));
      }
      usage =
          obj(
              "input_tokens",
              turn.promptTokens(),
              "input_tokens_details",
              obj("cached_tokens", 0),
              "output_tokens",
              turn.outputTokens(),
              "output_tokens_details",
              obj("reasoning_tokens", 0),
              "total_tokens",
              turn.totalTokens());
      if ("incomplete".equals(status)) {
        incomplete =
            obj("reason", "length".equals(reply.finish()) ? "max_output_tokens" : "content_filter");
      }
    }
    Map<String, Object> r = obj("id", "resp_" + turn.idSeed(), "object", "response");
    r.put("created_at", turn.created().getEpochSecond());
    r.put("status", status);
    r.put("error", null);
    r.put("incomplete_details", incomplete);
    r.put("instructions", null);
    r.put("max_output_tokens", null);
    r.put("model", turn.model());
    r.put("output", output);
    r.put("parallel_tool_calls", true);
    r.put("previous_response_id", null);
    r.put("reasoning", obj("effort", null, "summary", null));
    r.put("store", false);
    r.put("text", obj("format", obj("type", "text")));
    r.put("tool_choice", "auto");
    r.put("tools", List.of());
    r.put("truncation", "disabled");
    r.put("usage", usage);
    r.put("user", null);
    r.put("metadata", obj());
    return r;
  }

  private static SimFrame event(Seq seq, String type, boolean content, Map<String, Object> fields) {
    Map<String, Object> data = obj("type", type);
    data.putAll(fields);
    data.put("sequence_number", seq.next());
    String s = "event: " + type + "\ndata: " + SimJson.compact(data) + "\n\n";
    return content ? SimFrame.content(s) : SimFrame.control(s);
  }

  private static final class Seq {
    private int n;

    int next() {
      return n++;
    }
  }
}
