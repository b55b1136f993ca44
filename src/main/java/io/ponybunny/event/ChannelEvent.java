package io.ponybunny.event;

import jakarta.json.stream.JsonGenerator;

/**
 * An event broadcast on the WebSocket channels: the {@code llm.stream.*} events and the agent's
 * {@code goal.*}, {@code workitem.*} and {@code run.*} events share one frame contract ({@code
 * docs/streaming-protocol.md}). Every event goes to {@code /ws/streams}; one with a goal id also
 * goes to {@code /ws/goals/{goalId}}.
 */
public interface ChannelEvent {

  /** The wire name, e.g. {@code llm.stream.chunk} or {@code goal.status}. */
  String eventName();

  /** The goal whose channel receives this event, or null. */
  String goalId();

  /** Epoch milliseconds when the event happened. */
  long timestamp();

  /**
   * Events with the same key are delivered in the order they were published (a request id for
   * stream events, the goal id for goal events).
   */
  String orderingKey();

  /** Whether no more events will be published under {@link #orderingKey()}. */
  default boolean terminal() {
    return false;
  }

  /** Writes the members of the frame's {@code data} object (the generator is inside it). */
  void writeData(JsonGenerator generator);
}
