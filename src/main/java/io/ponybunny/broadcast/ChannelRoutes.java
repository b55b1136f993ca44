package io.ponybunny.broadcast;

import io.ponybunny.event.ChannelEvent;
import io.ponybunny.event.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The channels an event goes to: its goal's ({@code /ws/goals/{goalId}}), its owner's (what a
 * non-admin's {@code /ws/streams} shows) and the all-streams channel (admins'). A stream's routes
 * follow from its start event (its goal and owner) and are remembered until its terminal event, so
 * its chunks reuse them (the terminal event of a stream started on another instance finds its owner
 * in the stream's record); the owner of an agent event is its goal's.
 */
final class ChannelRoutes {

  private final ConcurrentMap<String, List<String>> streamRoutes = new ConcurrentHashMap<>();
  private Function<String, String> goalOwners = goalId -> null;
  private Function<String, String> recordedStreamOwners = requestId -> null;

  /** Sets how the owner of a goal is found (the application's channel owners). */
  void goalOwners(Function<String, String> goalOwners) {
    this.goalOwners = goalOwners;
  }

  /**
   * Sets how the owner of a stream whose start was published elsewhere is found (its record): in a
   * cluster, another instance ends the streams of an instance that died.
   */
  void recordedStreamOwners(Function<String, String> recordedStreamOwners) {
    this.recordedStreamOwners = recordedStreamOwners;
  }

  /** The channels {@code event} goes to, in publishing order (an unmodifiable list). */
  List<String> of(ChannelEvent event) {
    if (!(event instanceof StreamEvent)) {
      String goal = event.goalId();
      return routes(goal, goal == null ? null : goalOwners.apply(goal));
    }
    String requestId = event.orderingKey();
    if (event instanceof StreamEvent.Start s) {
      List<String> routes = routes(s.goalId(), s.owner());
      streamRoutes.put(requestId, routes);
      return routes;
    }
    List<String> known =
        event.terminal() ? streamRoutes.remove(requestId) : streamRoutes.get(requestId);
    if (known != null) {
      return known;
    }
    // not started here: a stream of another instance, ended here (instance lost)
    return routes(event.goalId(), event.terminal() ? recordedStreamOwners.apply(requestId) : null);
  }

  private static List<String> routes(String goalId, String owner) {
    List<String> out = new ArrayList<>(3);
    if (goalId != null) {
      out.add(BroadcastManager.goalChannel(goalId));
    }
    if (owner != null) {
      out.add(BroadcastManager.ownerChannel(owner));
    }
    out.add(BroadcastManager.ALL_STREAMS);
    return List.copyOf(out);
  }
}
