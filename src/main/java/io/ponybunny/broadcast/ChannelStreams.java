package io.ponybunny.broadcast;

import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streams of one channel, kept where its events are sequenced: active streams and the most
 * recent finished ones (a count bound). Applies each {@code llm.stream.*} event and decides what is
 * broadcast: a chunk past the stream's size bound is replaced by one {@link TruncationMarker} and
 * later chunks are dropped; the end of a truncated stream says so. Not thread-safe: the channel
 * calls it under its lock.
 */
final class ChannelStreams {

  private final int maxCompleted;
  private final int maxStreamChars;
  private final Map<String, ChannelStream> active = new LinkedHashMap<>();
  private final Deque<ChannelStream> completed = new ArrayDeque<>();

  ChannelStreams(int maxCompleted, int maxStreamChars) {
    this.maxCompleted = Math.max(0, maxCompleted);
    this.maxStreamChars = Math.max(0, maxStreamChars);
  }

  /** Updates the state with {@code event}; returns what to broadcast, or null for nothing. */
  ChannelEvent apply(ChannelEvent event) {
    if (!(event instanceof StreamEvent) && !(event instanceof TruncationMarker)) {
      return event;
    }
    if (event instanceof StreamEvent.Start s) {
      ChannelStream st = active.computeIfAbsent(s.requestId(), id -> state(s));
      st.goalId = s.goalId();
      st.workItemId = s.workItemId();
      st.runId = s.runId();
      st.model = s.model();
      st.provider = s.provider();
      st.instance = s.instance();
      st.owner = s.owner();
      st.client = s.client();
      st.apiKeyId = s.apiKeyId();
      st.attempts = s.attempts();
      st.startedAt = s.timestamp();
      return event;
    }
    if (event instanceof StreamEvent.Chunk c) {
      ChannelStream st = active.computeIfAbsent(c.requestId(), id -> state(c));
      if (st.truncated) {
        return null;
      }
      if (st.content.length() + c.chunk().length() > maxStreamChars) {
        st.truncated = true;
        return new TruncationMarker(
            c.requestId(), c.goalId(), c.index(), maxStreamChars, c.timestamp());
      }
      st.content.append(c.chunk());
      st.nextIndex = c.index() + 1;
      if (st.firstChunkAt == null) {
        st.firstChunkAt = c.timestamp();
      }
      return event;
    }
    if (event instanceof TruncationMarker t) {
      // relayed in cluster mode: the publishing instance truncated the stream
      ChannelStream st = active.get(t.requestId());
      if (st != null) {
        st.truncated = true;
      }
      return event;
    }
    StreamEvent se = (StreamEvent) event;
    ChannelStream st = active.remove(se.requestId());
    if (st == null) {
      st = state(se);
    }
    if (event instanceof StreamEvent.End e) {
      st.status = statusOf(e.finishReason());
      st.finishReason = e.finishReason();
      st.tokensUsed = e.tokensUsed();
      st.inputTokens = e.inputTokens();
      st.outputTokens = e.outputTokens();
      st.cachedInputTokens = e.cachedInputTokens();
      st.costUsd = e.costUsd();
      st.ttftMs = e.ttftMs();
      st.durationMs = e.durationMs();
      finish(st);
      return st.truncated ? new TruncatedEnd(e) : event;
    }
    StreamEvent.Error e = (StreamEvent.Error) event;
    st.status = "error";
    st.finishReason = "error";
    st.error = e.error();
    st.durationMs = Math.max(0, e.timestamp() - st.startedAt);
    if (e.inputTokens() != null || e.outputTokens() != null) {
      st.inputTokens = e.inputTokens();
      st.outputTokens = e.outputTokens();
      st.tokensUsed = e.tokensUsed();
      st.cachedInputTokens = e.cachedInputTokens();
    }
    st.costUsd = e.costUsd();
    finish(st);
    return event;
  }

  private void finish(ChannelStream st) {
    completed.addLast(st);
    while (completed.size() > maxCompleted) {
      completed.removeFirst();
    }
  }

  /**
   * Finished streams (oldest first), then active ones, as views to serialize without the lock: O(1)
   * each, whatever their content's length.
   */
  List<StreamView> views() {
    List<StreamView> out = new ArrayList<>(active.size() + completed.size());
    completed.forEach(s -> out.add(s.view()));
    active.values().forEach(s -> out.add(s.view()));
    return out;
  }

  int activeCount() {
    return active.size();
  }

  /** The request ids of the streams still streaming whose start named {@code instance}. */
  List<String> streamingOn(String instance) {
    List<String> out = new ArrayList<>();
    for (ChannelStream s : active.values()) {
      if (instance.equals(s.instance)) {
        out.add(s.requestId);
      }
    }
    return out;
  }

  private static ChannelStream state(StreamEvent e) {
    return new ChannelStream(e.requestId(), e.goalId(), e.timestamp());
  }

  private static String statusOf(String finishReason) {
    if ("cancelled".equals(finishReason)) {
      return "cancelled";
    }
    if ("error".equals(finishReason)) {
      return "error";
    }
    return "completed";
  }
}
