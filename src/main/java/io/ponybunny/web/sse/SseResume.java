package io.ponybunny.web.sse;

import io.ponybunny.web.websocket.ResumeQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a goal's event stream resumes. The events' ids are {@code <epoch>:<seq>} ({@link
 * SseFrames#id}); a client sends the last one it got back as {@code Last-Event-ID} (browsers'
 * {@code EventSource} does so by itself when it reconnects). A bare {@code <seq>} is taken with the
 * query's {@code ?epoch=}. Without the header the query's {@code ?epoch=E&since=S} resumes as on
 * the WebSocket; with both the header wins (it is the newer position: {@code EventSource} keeps its
 * URL and moves the header on). An empty header counts as none; a malformed one is refused with the
 * WebSocket's reasons ({@link ResumeQuery}).
 */
public final class SseResume {

  private SseResume() {}

  /**
   * The resume point of a request: {@code lastEventId} its {@code Last-Event-ID} header, {@code
   * epoch} and {@code since} its query parameters (each null when absent).
   */
  public static ResumeQuery parse(String lastEventId, String epoch, String since) {
    Map<String, List<String>> position = new HashMap<>();
    if (lastEventId == null || lastEventId.isBlank()) {
      put(position, "epoch", epoch);
      put(position, "since", since);
      return ResumeQuery.parse(position);
    }
    String id = lastEventId.strip();
    int colon = id.lastIndexOf(':');
    if (colon >= 0) {
      put(position, "epoch", id.substring(0, colon));
      put(position, "since", id.substring(colon + 1));
    } else if (epoch == null) {
      return ResumeQuery.refused("Last-Event-ID without an epoch: send <epoch>:<seq>");
    } else {
      put(position, "epoch", epoch);
      put(position, "since", id);
    }
    return ResumeQuery.parse(position);
  }

  private static void put(Map<String, List<String>> params, String name, String value) {
    if (value != null) {
      params.put(name, List.of(value));
    }
  }
}
