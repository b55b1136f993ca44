package io.ponybunny.bench.bare;

import io.ponybunny.broadcast.StreamFrames;
import io.ponybunny.event.ChannelEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Benchmark baseline only: what {@link BareBroadcastEndpoint} does with each event, the simplest
 * correct fan-out (a blocking send per session, one at a time per session). Does nothing while no
 * bare socket is open.
 */
@ApplicationScoped
public class BareBroadcaster {

  private final ConcurrentMap<String, Set<Session>> goals = new ConcurrentHashMap<>();

  public void add(String goalId, Session session) {
    goals.computeIfAbsent(goalId, g -> ConcurrentHashMap.newKeySet()).add(session);
  }

  public void remove(String goalId, Session session) {
    Set<Session> sessions = goals.get(goalId);
    if (sessions != null) {
      sessions.remove(session);
    }
  }

  void onEvent(@ObservesAsync ChannelEvent event) {
    if (goals.isEmpty() || event.goalId() == null) {
      return;
    }
    Set<Session> sessions = goals.get(event.goalId());
    if (sessions == null || sessions.isEmpty()) {
      return;
    }
    String frame = StreamFrames.event(event.eventName(), "bare", 0, StreamFrames.data(event));
    for (Session s : sessions) {
      synchronized (s) {
        try {
          if (s.isOpen()) {
            s.getBasicRemote().sendText(frame);
          }
        } catch (IOException | RuntimeException e) {
          sessions.remove(s);
        }
      }
    }
  }
}
